"""A translation as a file for a translator: CSV (columns key, source, translation)
for a spreadsheet, or PO (each string's key as its msgctxt) for a translation tool;
and the same files read back. No database and no HTTP in here.

The PO reader is the part of gettext's format that translation tools write for
single strings: comments, flags and obsolete entries are skipped, and a file that
is not PO is refused with the line it stopped at. It is written here rather than
taken from a library so that an upload is only ever read as text.
"""

import csv
import io
import re

from troubleshooter.spreadsheet import FORMULA_STARTS

CSV_COLUMNS = ["key", "source", "translation"]
LISTED = 10  # keys named in a refusal; the rest are counted


class FileRefused(Exception):
    """The file can't be imported; the message says why, plainly."""


class FileRow:
    def __init__(self, key: str, where: str, source: str, translation: str):
        self.key, self.where, self.source, self.translation = key, where, source, translation


# CSV


def spreadsheet_cell(text: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe before anything that
    could start a formula, and before a leading apostrophe of the text's own, so that
    reading it back (`from_spreadsheet`) gives the text exactly."""
    return f"'{text}" if text.startswith((*FORMULA_STARTS, "'")) else text


def from_spreadsheet(cell: str) -> str:
    """A cell as written by `spreadsheet_cell`, or by a spreadsheet that dropped the
    apostrophe, as the text it stands for."""
    if cell.startswith("'") and cell[1:].startswith((*FORMULA_STARTS, "'")):
        return cell[1:]
    return cell


def to_csv(rows: list[FileRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row.key, spreadsheet_cell(row.source), spreadsheet_cell(row.translation)])
    return out.getvalue()


def from_csv(text: str) -> dict[str, str]:
    """Each key's translation from a CSV file with the columns key and translation."""
    reader = csv.DictReader(io.StringIO(text))
    if not {"key", "translation"} <= set(reader.fieldnames or []):
        raise FileRefused(
            "The file's first line must name its columns: key, source, translation "
            "(as in a file exported from this page)."
        )
    texts = {}
    try:
        for line in reader:
            key = (line["key"] or "").strip()
            if key in texts:
                raise FileRefused(f"The key {key} is in the file twice.")
            texts[key] = from_spreadsheet(line["translation"] or "")
    except csv.Error as error:
        raise FileRefused(f"The file is not CSV: {error}.") from None
    return texts


# PO


def po_string(text: str) -> str:
    """A PO string, split after each line end as translation tools show it."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\t", "\\t")
        .replace("\r", "\\r")
        .replace("\n", "\\n\n")
    )
    lines = escaped.split("\n")
    if lines[-1] == "":
        lines.pop()
    if len(lines) <= 1:
        return f'"{"".join(lines)}"'
    return '""\n' + "\n".join(f'"{line}"' for line in lines)


def to_po(rows: list[FileRow], language: str, title: str) -> str:
    header = [
        f"# “{title}”, translated to {language}.",
        "# Each msgctxt is a string's key: leave it as it is.",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {language}\\n"',
    ]
    entries = [
        f"#. {row.where}\n"
        f"msgctxt {po_string(row.key)}\n"
        f"msgid {po_string(row.source)}\n"
        f"msgstr {po_string(row.translation)}"
        for row in rows
    ]
    return "\n\n".join(["\n".join(header), *entries]) + "\n"


ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*)$')


def unquote(quoted: str, number: int) -> str:
    if len(quoted) < 2 or not quoted.endswith('"'):
        raise FileRefused(f"Line {number} of the file is not PO: a string is not closed.")
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m[1], m[1]), quoted[1:-1])


def po_entries(text: str) -> list[dict[str, str]]:
    """The entries of a PO file, each as its keywords' strings."""
    entries: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    field = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            field = None
            continue
        if line.startswith('"') and field is not None:
            entry[field] += unquote(line, number)
            continue
        match = KEYWORD.match(line)
        if match is None:
            raise FileRefused(f"Line {number} of the file is not PO: “{line[:60]}”.")
        field = match[1]
        if (field in ("msgctxt", "msgid") and "msgstr" in entry) or field in entry:
            entries.append(entry)
            entry = {}
        entry[field] = unquote(match[2], number)
    return [*entries, entry] if entry else entries


def from_po(text: str) -> dict[str, str]:
    """Each key (an entry's msgctxt) and its translation, from a PO file."""
    texts = {}
    for entry in po_entries(text):
        if "msgctxt" not in entry:
            if entry.get("msgid"):
                raise FileRefused(
                    f"The entry “{entry['msgid'][:60]}” has no msgctxt, the string's key. "
                    "Import a file exported from this page."
                )
            continue  # the header
        key = entry["msgctxt"].strip()
        if key in texts:
            raise FileRefused(f"The key {key} is in the file twice.")
        texts[key] = entry.get("msgstr", "")
    return texts


def read(name: str, text: str) -> dict[str, str]:
    """Each key's translation from an uploaded file, by its name's ending."""
    if name.lower().endswith(".csv"):
        return from_csv(text)
    if name.lower().endswith((".po", ".pot")):
        return from_po(text)
    raise FileRefused("Upload a .csv or .po file, as exported from this page.")


def mismatch(expected: dict[str, str], found: dict[str, str]) -> str:
    """Why a file's keys don't match the source's strings (`expected`: each key and
    where its string is), or "" when they match exactly."""
    missing = [key for key in expected if key not in found]
    unknown = [key for key in found if key not in expected]
    if not missing and not unknown:
        return ""

    def listed(names: list[str]) -> str:
        more = f"; and {len(names) - LISTED} more" if len(names) > LISTED else ""
        return "; ".join(names[:LISTED]) + more

    parts = ["The file's strings do not match the guide's, so nothing was imported."]
    if missing:
        parts.append(f"Missing: {listed([f'{expected[k]} ({k})' for k in missing])}.")
    if unknown:
        parts.append(f"Not in this guide: {listed(unknown)}.")
    parts.append("Export the file again and translate that one.")
    return " ".join(parts)
