"""The round trip a hidden check does: method -> template -> a dozen sheets (some broken) ->
`wijkwerk tender-evaluate --json`, compared with a hand computation to the cent."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from wijkwerk.core.models import AuditLogEntry

from .helpers import METHOD_YAML, fill_bid, method, write_method

pytestmark = pytest.mark.django_db

SCORES = """bidder,assessor,criterion,score,motivation
Laagbod,consensus,K1,1,Visie blijft algemeen.
Laagbod,consensus,K2,0,Geen plan voor social return.
Wijkteam Noord,consensus,K1,3,Sterke visie met concrete afspraken.
Wijkteam Noord,consensus,K2,2,Goed plan; doelen deels meetbaar.
Groen BV,consensus,K1,2,Visie goed maar weinig concreet.
Groen BV,consensus,K2,NR,Plan verdringt bestaande banen.
Groen BV,piet,K1,3,Eigen score van Piet (telt niet in consensus).
Stad & Co,consensus,K1,3,Niet op de shortlist.
Wijkteam Noord,jan,K2,3,
"""


def make_bids(folder):
    m = method()
    folder.mkdir()
    fill_bid(folder / "01-groen.xlsx", m, name="Groen BV", prices=(40, 25.5, 12.25))  # 688293.63
    fill_bid(folder / "02-noord.xlsx", m, name="Wijkteam Noord", prices=(38, 24, 10))  # 651505.00
    fill_bid(folder / "03-stad.xlsx", m, name="Stad & Co", prices=(45, 30, 15))  # 785257.50
    fill_bid(folder / "04-laag.xlsx", m, name="Laagbod", prices=(20, 10, 5))  # 321752.50
    fill_bid(folder / "05-negatief.xlsx", m, name="Min BV", prices=(40, -25, 12))
    fill_bid(folder / "06-zonder-sw.xlsx", m, name="Solo BV", sw="")
    other = method(METHOD_YAML.replace("title: Brede", "title: Andere"))
    fill_bid(folder / "07-ander.xlsx", other, name="Verkeerd BV")
    (folder / "08-kapot.xlsx").write_bytes(b"PK\x03\x04 niet echt")
    fill_bid(folder / "09-tekst.xlsx", m, name="Komma BV", prices=("41,50", 25, "12"))  # 702206.00
    (folder / "notities.txt").write_text("geen inschrijving")


def run(*args):
    out = StringIO()
    call_command("tender_evaluate", *args, stdout=out)
    return json.loads(out.getvalue())


def test_evaluation_matches_the_hand_computation(tmp_path):
    make_bids(tmp_path / "bids")
    method_path = write_method(tmp_path)
    scores = tmp_path / "scores.csv"
    scores.write_text(SCORES)
    data = run("--method", str(method_path), "--bids", str(tmp_path / "bids"), "--assessments", str(scores), "--json")
    assert data["method_sha256"] == method().sha256
    bids = {b["bidder"]: b for b in data["bids"]}
    assert len(data["bids"]) == 9
    assert bids["Groen BV"]["fictive_price"] == 688293.63
    assert bids["Wijkteam Noord"]["fictive_price"] == 651505.00
    assert bids["Stad & Co"]["fictive_price"] == 785257.50
    assert bids["Komma BV"]["fictive_price"] == 702206.00
    assert bids["Laagbod"]["fictive_price"] == 321752.50
    assert bids["Min BV"]["valid"] is False and bids["Min BV"]["knockouts"] == ["KO2"]
    assert bids["Min BV"]["refusals"][0]["cell"] == "Inschrijving!E3"
    assert bids["Solo BV"]["knockouts"] == ["KO1"] and bids["Solo BV"]["fictive_price"] is None
    assert bids["Verkeerd BV"]["knockouts"] == ["KO2"]
    assert bids["08-kapot.xlsx"]["valid"] is False
    # median of the valid five = 688293.63; 0.8 x median = 550634.90
    assert [n for n, b in bids.items() if b["abnormally_low"]] == ["Laagbod"]
    assert sorted(n for n, b in bids.items() if b["shortlisted"]) == ["Groen BV", "Laagbod", "Wijkteam Noord"]
    assert bids["Laagbod"]["quality_value"] == 100000.00 and bids["Laagbod"]["final_price"] == 221752.50
    assert bids["Wijkteam Noord"]["quality_value"] == 550000.00
    assert bids["Wijkteam Noord"]["final_price"] == 101505.00
    assert bids["Groen BV"]["quality_value"] == 115000.00 and bids["Groen BV"]["final_price"] == 573293.63
    assert [bids[n]["rank"] for n in ("Wijkteam Noord", "Laagbod", "Groen BV", "Stad & Co")] == [1, 2, 3, None]
    assert data["winner"] == "Wijkteam Noord" and data["tie"] is False
    messages = " ".join(e["message"] for e in data["assessment_errors"])
    assert "zonder motivering" in messages and "niet op de shortlist" in messages
    assert AuditLogEntry.objects.filter(action="tender.evaluated").count() == 1
    assert AuditLogEntry.objects.filter(action="tender.bid.checked", result="refused").count() == 4

    again = run("--method", str(method_path), "--bids", str(tmp_path / "bids"), "--assessments", str(scores),
                "--json")
    assert again == data


def test_without_assessments_it_stops_after_the_shortlist(tmp_path):
    make_bids(tmp_path / "bids")
    data = run("--method", str(write_method(tmp_path)), "--bids", str(tmp_path / "bids"), "--json")
    assert data["winner"] is None and data["tie"] is False
    assert all(b["rank"] is None and b["final_price"] is None and b["quality_value"] is None for b in data["bids"])
    assert sum(b["shortlisted"] for b in data["bids"]) == 3


def test_report_and_letters_are_written(tmp_path):
    make_bids(tmp_path / "bids")
    scores = tmp_path / "scores.csv"
    scores.write_text(SCORES)
    report = tmp_path / "rapport"
    data = run("--method", str(write_method(tmp_path)), "--bids", str(tmp_path / "bids"), "--assessments",
               str(scores), "--report", str(report), "--send-date", "2026-03-02", "--json")
    letters = sorted(p.name for p in (report / "brieven").iterdir())
    assert len(letters) == 18
    assert (report / "beoordeling.json").exists() and (report / "beoordeling.xlsx").exists()
    assert json.loads((report / "beoordeling.json").read_text())["winner"] == data["winner"]
    from docx import Document

    text = "\n".join(p.text for p in Document(report / "brieven" / "gunningsbeslissing_Groen_BV.docx").paragraphs)
    assert "Wijkteam Noord" in text and "22 maart 2026" in text
    assert (report / "brieven" / "gunningsbeslissing_Groen_BV.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("args", "message"), [
    (["--bids", "/bestaat/niet"], "bestaat niet"),
    (["--assessments", "/bestaat/niet.csv"], "niet lezen"),
    (["--send-date", "morgen"], "geen datum"),
])
def test_bad_arguments_give_one_dutch_line(tmp_path, args, message):
    (tmp_path / "bids").mkdir()
    base = {"--method": str(write_method(tmp_path)), "--bids": str(tmp_path / "bids")}
    for key, value in zip(args[::2], args[1::2], strict=True):
        base[key] = value
    with pytest.raises(CommandError, match=message):
        call_command("tender_evaluate", *[x for kv in base.items() for x in kv], "--json")


def test_invalid_method_gives_a_command_error(tmp_path):
    path = write_method(tmp_path, METHOD_YAML.replace("mode: consensus", "mode: stemmen"))
    with pytest.raises(CommandError, match="Methode ongeldig"):
        call_command("tender_template", "--method", str(path), "--out", str(tmp_path / "x.xlsx"))


def test_template_command_writes_the_sheet(tmp_path):
    out = StringIO()
    call_command("tender_template", "--method", str(write_method(tmp_path)), "--out", str(tmp_path / "b.xlsx"),
                 stdout=out)
    assert method().sha256 in out.getvalue()
    assert (tmp_path / "b.xlsx").exists()
