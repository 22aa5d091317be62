"""A small tender for the tests: a method, the generated bid sheet filled in like a bidder would."""

from pathlib import Path

from openpyxl import load_workbook

from tests.municipalities.factories import make_member
from tests.tendering.factories import METHOD_YAML, BidFactory, TenderFactory, method_titled
from wijkwerk.municipalities.models import Membership
from wijkwerk.municipalities.roles import BEOORDELAAR, INKOPER
from wijkwerk.tendering.billsheet import template_workbook
from wijkwerk.tendering.method import parse_method
from wijkwerk.tendering.models import Tender


def method(text: str = METHOD_YAML):
    return parse_method(text.encode())


def write_method(folder: Path, text: str = METHOD_YAML) -> Path:
    path = folder / "methode.yaml"
    path.write_bytes(text.encode())
    return path


def fill_bid(path: Path, method_obj, *, name="Groen BV", sw="Werkbedrijf Utrecht", prices=(40, 25.5, 12.25),
             kvk="12345678", sw_kvk="87654321", edit=None) -> Path:
    """Makes the template, saves it, opens it again with openpyxl and fills it in."""
    template_workbook(method_obj).save(path)
    wb = load_workbook(path)
    ws = wb["Inschrijving"]
    for row, price in enumerate(prices, start=2):
        ws.cell(row=row, column=5, value=price)
    info = wb["Inschrijver"]
    for row, value in enumerate((name, kvk, sw, sw_kvk), start=1):
        info.cell(row=row, column=2, value=value)
    if edit:
        edit(wb)
    wb.save(path)
    return path


def tender_ids(gemeente) -> dict:
    """For the enumerating isolation tests: a tender in assessment with one valid bid in
    `gemeente` (made once), and the gemeente's members also get the inkoper and beoordelaar roles
    so that for a member the tender pages open."""
    tender = Tender.objects.filter(gemeente=gemeente, title="Isolatietest").first()
    if tender is None:
        tender = TenderFactory(gemeente=gemeente, method_text=method_titled("Isolatietest"),
                               status=Tender.Status.ASSESSING)
        BidFactory(tender=tender, file_name="groen.xlsx", bidder_name="Groen BV", prices=(40, 25, 12))
        users = {ms.user for ms in Membership.objects.filter(gemeente=gemeente).select_related("user")}
        for user in users:
            for role in (INKOPER, BEOORDELAAR):
                if not Membership.objects.filter(user=user, gemeente=gemeente, role__name=role).exists():
                    make_member(user, gemeente, role)
    return {"tender_id": tender.pk, "bid_id": tender.bids.first().pk}


def fake_cached_values(path: Path, cached: dict[str, str], sheet_xml: str = "xl/worksheets/sheet1.xml") -> Path:
    """Writes a cached value next to formulas, as a crafted file would: openpyxl saves a formula
    with an empty `<v></v>`; `cached` maps a formula text (without '=') to the value to store."""
    import re
    import zipfile
    from xml.sax.saxutils import escape

    members = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            members[info.filename] = archive.read(info.filename)
    xml = members[sheet_xml].decode("utf-8")
    for formula, value in cached.items():
        pattern = re.compile(r"(<c [^>]*?)>(<f>" + re.escape(escape(formula)) + r"</f>)<v></v>")
        assert pattern.search(xml), f"formula {formula} not found in {sheet_xml}"
        try:
            float(value)
            kind = ""
        except ValueError:
            kind = ' t="str"'  # a formula with a text result
        stored = escape(value)
        xml = pattern.sub(lambda m, k=kind, v=stored: f"{m.group(1)}{k}>{m.group(2)}<v>{v}</v>", xml)
    members[sheet_xml] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path
