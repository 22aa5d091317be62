import datetime as dt
from decimal import Decimal

from wijkwerk.tendering import scoring
from wijkwerk.tendering.billsheet import BidSheet
from wijkwerk.tendering.letters import build_letter, letter_docx, letter_pdf, standstill_end
from wijkwerk.tendering.scoring import AssessmentRow, evaluate, public_result

from .helpers import METHOD_YAML, method


def sheet(name, u01, u02=0, e01=0):
    return BidSheet(file_name=f"{name}.xlsx", bidder=name, sw_name="SW",
                    unit_prices={"U01": Decimal(str(u01)), "U02": Decimal(str(u02)), "E01": Decimal(str(e01))})


def consensus(bidder, k1, k2):
    return [AssessmentRow(bidder, "consensus", "K1", k1, "motivering"),
            AssessmentRow(bidder, "consensus", "K2", k2, "motivering")]


def test_ties_at_the_shortlist_cut_off_all_go_through():
    bids = [sheet("A", 10), sheet("B", 20), sheet("C", 30), sheet("D", 30), sheet("E", 40)]
    result = public_result(evaluate(method(), bids))
    assert [b["bidder"] for b in result["bids"] if b["shortlisted"]] == ["A", "B", "C", "D"]


def test_equal_final_prices_are_a_tie_without_winner():
    bids = [sheet("A", 50), sheet("B", "50.00"), sheet("C", 90)]
    rows = consensus("A", "2", "2") + consensus("B", "2", "2") + consensus("C", "3", "3")
    result = public_result(evaluate(method(), bids, rows))
    assert result["tie"] is True and result["winner"] is None and result["tied"] == ["A", "B"]
    assert {b["bidder"]: b["rank"] for b in result["bids"]} == {"A": 1, "B": 1, "C": 3}
    drawn = public_result(evaluate(method(), bids, rows, lot_winner="B"))
    assert drawn["winner"] == "B" and drawn["lot"] is True


def test_average_mode_averages_the_assessors_shares():
    m = method(METHOD_YAML.replace("mode: consensus", "mode: average"))
    rows = [AssessmentRow("A", who, "K1", score, "ok") for who, score in (("an", "3"), ("bo", "2"), ("cor", "1"))]
    rows += [AssessmentRow("A", who, "K2", "2", "ok") for who in ("an", "bo", "cor")]
    rows += [AssessmentRow("A", "consensus", "K1", "0", "telt niet in average")]
    result = public_result(evaluate(m, [sheet("A", 50)], rows))
    bid = result["bids"][0]
    # K1: 400000 x (1 + 0.6 + 0.25) / 3 = 246666.666...; K2: 250000 x 0.6 = 150000; rounded at the end
    assert bid["quality_value"] == 396666.67
    assert bid["final_price"] == 203333.33
    assert result["winner"] == "A"


def test_missing_consensus_score_means_no_rank():
    rows = consensus("A", "2", "2") + [AssessmentRow("B", "consensus", "K1", "3", "goed")]
    result = public_result(evaluate(method(), [sheet("A", 50), sheet("B", 40)], rows))
    bids = {b["bidder"]: b for b in result["bids"]}
    assert bids["B"]["rank"] is None and bids["A"]["rank"] == 1
    assert any("K2" in m for m in result["messages"])


def test_letters_never_show_other_bidders_prices():
    bids = [sheet("Aap", 50), sheet("Noot", 41.11), sheet("Mies", 45.55), sheet("Wim", 90.99)]
    rows = consensus("Aap", "3", "3") + consensus("Noot", "1", "0") + consensus("Mies", "2", "2")
    result = evaluate(method(), bids, rows)
    assert result["winner"] == "Aap"  # 600000 - 650000 = -50000
    letter = build_letter(result, "Mies", send_date=dt.date(2026, 1, 12))
    text = letter.text()
    assert "Aap" in text and "1 februari 2026" in text
    assert "546.600,00" in text  # own fictitious price (45.55 x 12000)
    assert "493.320,00" not in text and "Noot" not in text and "1.091.880,00" not in text
    assert letter_pdf(letter).startswith(b"%PDF") and letter_docx(letter)[:2] == b"PK"
    assert standstill_end(dt.date(2026, 1, 12)) == dt.date(2026, 2, 1)


def test_knockout_mapping_falls_back_to_built_in_codes():
    m = method(METHOD_YAML.replace("Inschrijfbiljet volledig en ongewijzigd ingevuld", "Referentieproject"))
    assert scoring.knockout_code(m, "sw") == "KO1"
    assert scoring.knockout_code(m, "price") == "KO-PRIJS"
