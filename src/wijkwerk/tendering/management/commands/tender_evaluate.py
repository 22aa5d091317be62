import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wijkwerk.tendering import scoring
from wijkwerk.tendering.billsheet import read_bid
from wijkwerk.tendering.method import MethodError, load_method


def bid_files(folder: Path) -> list[Path]:
    """Every .xlsx in the folder, by file name (Excel's lock files ~$... are not bids)."""
    return sorted((p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".xlsx"
                   and not p.name.startswith("~$")), key=lambda p: p.name)


class Command(BaseCommand):
    help = (
        "Beoordeelt de inschrijvingen van een aanbesteding volgens de methode: knock-outs (met cel en reden), "
        "fictieve prijs (som eenheidsprijs x fictieve hoeveelheid, exact, op centen afgerond (half omhoog) "
        "aan het eind), abnormaal laag (< abnormally_low x mediaan van de geldige inschrijvingen; alleen "
        "een signaal), shortlist (de N laagste; gelijken op de grens gaan allemaal mee), en met "
        "--assessments de kwaliteitswaarde (som max_value x aandeel van de score; bij 'average' het "
        "gemiddelde van de aandelen van de beoordelaars), eindprijs (fictieve prijs - kwaliteitswaarde), "
        "rang en winnaar (gelijke laagste eindprijs: tie=true, winner=null, loten). Bedragen in JSON zijn "
        "getallen in euro's, afgerond op centen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--method", required=True, metavar="METHODE.yaml")
        parser.add_argument("--bids", required=True, metavar="MAP", help="map met de ingevulde inschrijfbiljetten (.xlsx)")
        parser.add_argument("--assessments", metavar="SCORES.csv",
                            help="CSV met kolommen bidder, assessor, criterion, score, motivation "
                                 "(assessor 'consensus' voor consensusscores)")
        parser.add_argument("--report", metavar="MAP", help="schrijf rapport (JSON, xlsx) en gunningsbrieven hier")
        parser.add_argument("--send-date", metavar="JJJJ-MM-DD",
                            help="verzenddatum van de gunningsbrieven (standaard vandaag)")
        parser.add_argument("--json", action="store_true", help="uitkomst als JSON")

    def handle(self, *args, method, bids, assessments, report, send_date, json: bool, **options):
        from wijkwerk.tendering.services import audit_safely

        try:
            parsed = load_method(method)
        except MethodError as exc:
            raise CommandError("Methode ongeldig: " + " ".join(exc.messages)) from None
        folder = Path(bids)
        if not folder.is_dir():
            raise CommandError(f"De map met inschrijvingen '{bids}' bestaat niet.")
        sending = dt.date.today()
        if send_date:
            try:
                sending = dt.date.fromisoformat(send_date)
            except ValueError:
                raise CommandError(f"Verzenddatum '{send_date}' is geen datum (JJJJ-MM-DD).") from None
        rows = None
        if assessments:
            try:
                rows = scoring.read_assessments_csv(assessments)
            except scoring.AssessmentFileError as exc:
                raise CommandError(str(exc)) from None
        sheets = [read_bid(path, parsed) for path in bid_files(folder)]
        for sheet in sheets:
            audit_safely(action="tender.bid.checked", object_type="tender-bid", object_id=sheet.file_sha256[:16],
                         result="ok" if not sheet.refusals else "refused",
                         detail={"method_sha256": parsed.sha256, "file": sheet.file_name, "bidder": sheet.name,
                                 "refusals": [r.as_json() for r in sheet.refusals]})
        result = scoring.evaluate(parsed, sheets, rows)
        data = scoring.public_result(result)
        audit_safely(action="tender.evaluated", object_type="tender-method", object_id=parsed.sha256[:16],
                     detail={"method_sha256": parsed.sha256, "bids": len(sheets),
                             "valid": sum(1 for b in data["bids"] if b["valid"]),
                             "shortlisted": [b["bidder"] for b in data["bids"] if b["shortlisted"]],
                             "assessed": rows is not None, "winner": data["winner"], "tie": data["tie"]})
        if report:
            from wijkwerk.tendering.report import write_report

            try:
                written = write_report(result, parsed, Path(report), send_date=sending)
            except OSError as exc:
                raise CommandError(f"Kan het rapport niet schrijven in '{report}': {exc.strerror or exc}.") from None
            data["report_files"] = [str(p) for p in written]
            audit_safely(action="tender.report", object_type="tender-method", object_id=parsed.sha256[:16],
                         detail={"method_sha256": parsed.sha256, "files": [p.name for p in written],
                                 "send_date": sending.isoformat()})
        if json:
            import json as jsonlib

            self.stdout.write(jsonlib.dumps(data, ensure_ascii=False, indent=2))
            return
        self._summary(data)

    def _summary(self, data: dict) -> None:
        def money(value):
            return "-" if value is None else f"€ {value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")

        self.stdout.write(f"Methode {data['method_sha256']}")
        for bid in data["bids"]:
            if not bid["valid"]:
                self.stdout.write(f"- {bid['bidder']}: ONGELDIG ({', '.join(bid['knockouts'])})")
                for refusal in bid["refusals"]:
                    self.stdout.write(f"    {refusal['cell'] or bid['file']}: {refusal['reason']}")
                continue
            flags = [f for f, on in (("abnormaal laag", bid["abnormally_low"]), ("shortlist", bid["shortlisted"]))
                     if on]
            line = f"- {bid['bidder']}: fictieve prijs {money(bid['fictive_price'])}"
            if bid["final_price"] is not None:
                line += f", kwaliteitswaarde {money(bid['quality_value'])}, eindprijs {money(bid['final_price'])}, " \
                        f"rang {bid['rank']}"
            self.stdout.write(line + (f" ({', '.join(flags)})" if flags else ""))
        for error in data["assessment_errors"]:
            self.stdout.write(f"Beoordeling geweigerd: {error['message']}")
        for message in data["messages"]:
            self.stdout.write(message)
        if data["tie"]:
            self.stdout.write(f"Gelijke eindprijs: {', '.join(data['tied'])}. Loting nodig.")
        elif data["winner"]:
            self.stdout.write(f"Winnaar: {data['winner']}")
