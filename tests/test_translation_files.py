"""A translation as a CSV or PO file for a translator, and the same files read back.
Plain text, no database."""

import re

import pytest

from troubleshooter.translation_files import (
    FileRefused,
    FileRow,
    from_csv,
    from_po,
    mismatch,
    read,
    to_csv,
    to_po,
)

ROWS = [
    FileRow("title", "The guide: title", "Wi-Fi keeps dropping", "El wifi se corta"),
    FileRow(
        "step.s1.body",
        "Step 1 “Restart”: instructions",
        '- Hold the "side" button\n- Let go\\now',
        '- Mantén el botón "lateral"\n- Suelta\t\\ya',
    ),
    FileRow("step.s1.choice.c1.label", "Step 1 “Restart”: answer button", "=1+1", "'hola"),
    FileRow("fallback.text", "When nothing works: text", "Call us.\n", ""),
]


def texts() -> dict[str, str]:
    return {row.key: row.translation for row in ROWS}


def test_a_csv_file_reads_back_as_it_was_written():
    written = to_csv(ROWS)
    assert written.splitlines()[0] == "key,source,translation"
    assert from_csv(written) == texts()
    assert read("Spanish.CSV", written) == texts()


def test_csv_cells_a_spreadsheet_would_run_start_with_an_apostrophe():
    lines = to_csv(ROWS).splitlines()
    assert "'- Hold the" in lines[2]
    assert lines[-3] == "step.s1.choice.c1.label,'=1+1,''hola"
    # A spreadsheet that drops the apostrophe on saving loses nothing.
    assert from_csv("key,translation\ntitle,-Hola\nsummary,'hola\n") == {
        "title": "-Hola",
        "summary": "'hola",
    }


def test_a_csv_file_without_the_columns_is_refused():
    with pytest.raises(FileRefused, match="must name its columns: key, source, translation"):
        from_csv("title,El wifi\n")
    with pytest.raises(FileRefused, match="must name its columns"):
        from_csv("")


def test_a_key_twice_is_refused():
    with pytest.raises(FileRefused, match=re.escape("The key title is in the file twice.")):
        from_csv("key,translation\ntitle,a\ntitle,b\n")
    po = 'msgctxt "title"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "title"\nmsgid "a"\nmsgstr "c"\n'
    with pytest.raises(FileRefused, match=re.escape("The key title is in the file twice.")):
        from_po(po)


def test_a_po_file_reads_back_as_it_was_written():
    written = to_po(ROWS, "es", "Wi-Fi keeps dropping")
    assert from_po(written) == texts()
    assert read("guide.po", written) == texts()
    assert '"Language: es\\n"' in written
    assert '#. Step 1 “Restart”: instructions\nmsgctxt "step.s1.body"\nmsgid ""\n' in written
    assert '"- Hold the \\"side\\" button\\n"\n"- Let go\\\\now"' in written
    assert 'msgid "Call us.\\n"\nmsgstr ""' in written


def test_a_po_file_as_a_translation_tool_saves_it_is_read():
    po = "\n".join(
        [
            "# Translator: Ana",
            'msgid ""',
            'msgstr ""',
            '"Language: es\\n"',
            "",
            "#. The guide: title",
            "#, fuzzy",
            'msgctxt "title"',
            'msgid "Wi-Fi keeps dropping"',
            'msgstr ""',
            '"El wifi "',
            '"se corta"',
            'msgctxt "summary"',  # no blank line between entries
            'msgid "When"',
            'msgstr "Cuando\\r"',
            "",
            '#~ msgctxt "old"',
            '#~ msgid "Gone"',
            '#~ msgstr "Ido"',
        ]
    )
    assert from_po(po) == {"title": "El wifi se corta", "summary": "Cuando\r"}


def test_a_file_that_is_not_po_is_refused_with_its_line():
    with pytest.raises(
        FileRefused, match=re.escape("Line 2 of the file is not PO: “hello there”.")
    ):
        from_po('msgid "a"\nhello there\n')
    with pytest.raises(
        FileRefused, match=re.escape("Line 1 of the file is not PO: a string is not closed.")
    ):
        from_po('msgid "a\n')
    with pytest.raises(FileRefused, match="Line 3 of the file is not PO"):
        from_po('msgid "a"\n# a comment\n"continued"\n')
    with pytest.raises(FileRefused, match="“Hello” has no msgctxt, the string's key"):
        from_po('msgid "Hello"\nmsgstr "Hola"\n')


def test_only_csv_and_po_files_are_read():
    with pytest.raises(FileRefused, match=r"Upload a \.csv or \.po file"):
        read("guide.xlsx", "")


def test_keys_that_match_exactly_are_no_mismatch():
    assert mismatch({"title": "The guide: title"}, {"title": "x"}) == ""


def test_a_mismatch_lists_the_missing_and_unknown_keys():
    expected = {f"step.s{n}.title": f"Step {n}: title" for n in range(1, 13)}
    found = {"step.s1.title": "x", "step.s99.title": "y"}
    assert mismatch(expected, found) == (
        "The file's strings do not match the guide's, so nothing was imported. Missing: "
        + "; ".join(f"Step {n}: title (step.s{n}.title)" for n in range(2, 12))
        + "; and 1 more. Not in this guide: step.s99.title. Export the file again and "
        "translate that one."
    )
    assert mismatch({"title": "The guide: title"}, {}) == (
        "The file's strings do not match the guide's, so nothing was imported. Missing: "
        "The guide: title (title). Export the file again and translate that one."
    )
