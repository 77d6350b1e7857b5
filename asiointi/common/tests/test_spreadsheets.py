"""Downloads open safely in a spreadsheet program: text that looks like a formula stays text."""

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from asiointi.common.spreadsheets import csv_bytes, xlsx_bytes

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_csv_escapes_formula_text_and_keeps_numbers():
    content = csv_bytes(["Nimi", "Summa"], [[text, Decimal("-5.00")] for text in DANGEROUS])
    text = content.decode("utf-8")
    assert text.startswith("\ufeffNimi;Summa\r\n")
    lines = text.lstrip("\ufeff").split("\r\n")[1:-1]
    # The csv module quotes fields with a tab or carriage return; every one starts with '.
    firsts = [line.split(";")[0].strip('"') for line in lines]
    assert all(first.startswith("'") for first in firsts)
    assert all(line.endswith(";-5.00") for line in lines)


def test_xlsx_keeps_formula_text_as_text_and_numbers_as_numbers():
    content = xlsx_bytes(["Nimi", "Summa"], [["=1+1", Decimal("12.50")], ["Kerho", 3]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == "'=1+1"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 12.5
    assert sheet["A3"].value == "Kerho"
    assert sheet["B3"].value == 3


def test_cell_beginning_with_a_line_break_is_neutralised_like_a_formula():
    cells = ['\n=HYPERLINK("http://x")', "\r\n+1+1", "Rivi 1\n=rivi 2", "=1+1"]
    content = csv_bytes(["Teksti"], [[cell] for cell in cells])
    rows = list(
        csv.reader(io.StringIO(content.decode("utf-8").lstrip("\ufeff"), newline=""), delimiter=";")
    )
    assert rows == [
        ["Teksti"],
        ['\'\n=HYPERLINK("http://x")'],
        ["'\r\n+1+1"],
        ["Rivi 1\n=rivi 2"],  # a line break inside the text is only text
        ["'=1+1"],
    ]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["Teksti"], [[cell] for cell in cells]))).active
    assert [sheet.cell(row=row, column=1).value for row in range(2, 6)] == [
        '\'\n=HYPERLINK("http://x")',
        "'\n+1+1",  # XML reads a CR LF back as LF; the apostrophe stays first
        "Rivi 1\n=rivi 2",
        "'=1+1",
    ]
