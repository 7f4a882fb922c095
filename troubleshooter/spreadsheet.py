"""CSV cells that a spreadsheet shows as text. No database in here."""

# A cell starting with one of these runs as a formula in Excel or LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A CSV cell that a spreadsheet shows as text, as OWASP recommends: text that
    could start a formula gets a leading apostrophe. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value
