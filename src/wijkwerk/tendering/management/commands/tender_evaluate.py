import datetime as dt
import json as jsonlib  # `json` is the name of the --json option in handle()
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkwerk.tendering import scoring
from wijkwerk.tendering.method import MethodError, load_method
from wijkwerk.tendering.report import write_report
from wijkwerk.tendering.services import audit_safely
from wijkwerk.tendering.sheetread import read_bid


def is_lock_file(path: Path) -> bool:
    """Excel's owner files (~$name.xlsx) and LibreOffice's (.~lock.name.xlsx#) are not bids."""
    return path.name.startswith("~$") or path.name.startswith(".~lock.")


def bid_files(folder: Path) -> list[Path]:
    """Every .xlsx in the folder (not in subfolders), by file name; lock files are left out."""
    return sorted((p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".xlsx"
                   and not is_lock_file(p)), key=lambda p: p.name)


def ignored_files(folder: Path) -> list[str]:
    """The other files in the folder that are not read as bids (named in the output, so a bid
    in another format, e.g. .xls or .ods, is never dropped without a word). Hidden files
    (.DS_Store) and lock files are not named."""
    read = set(bid_files(folder))
    return sorted(p.name for p in folder.iterdir()
                  if p not in read and not is_lock_file(p) and not p.name.startswith("."))


class Command(BaseCommand):
    help = (
        "Beoordeelt de inschrijvingen van een aanbesteding volgens de methode: knock-outs (met cel en reden), "
        "fictieve prijs (som eenheidsprijs x fictieve hoeveelheid, exact, op centen afgerond (half omhoog) "
        "aan het eind), abnormaal laag (< abnormally_low x mediaan van de geldige inschrijvingen; alleen "
        "een signaal), shortlist (de N laagste; gelijken op de grens gaan allemaal mee), en met "
        "--assessments de kwaliteitswaarde (som max_value x aandeel van de score; bij 'average' het "
        "gemiddelde van de aandelen van de beoordelaars), eindprijs (fictieve prijs - kwaliteitswaarde), "
        "rang en winnaar (gelijke laagste eindprijs: tie=true, winner=null, loten). Bedragen in JSON zijn "
        "getallen in euro's, afgerond op centen. "
        "Knock-outs: elke geweigerde inschrijving krijgt de code van de knock-out uit de methode waarvan de "
        "omschrijving erover gaat: geen SW-bedrijf ('SW-bedrijf', 'sociale werkvoorziening' ...), "
        "eenheidsprijs ontbreekt/negatief/geen getal ('eenheidsprijs', 'prijzen', 'volledig' ...), "
        "regel of fictieve hoeveelheid gewijzigd of gewist ('ongewijzigd', 'hoeveelheid' ...), biljet van een "
        "andere aanbesteding ('vingerafdruk', 'deze aanbesteding' ...), onleesbaar bestand ('bestand'); daarna "
        "het algemene woord 'inschrijfbiljet'. Past geen knock-out, dan een vaste code: KO-SW, KO-PRIJS, "
        "KO-BILJET, KO-METHODE, KO-BESTAND, KO-NAAM (naam ontbreekt), KO-DUBBEL (twee biljetten van "
        "dezelfde inschrijver). De gebruikte codes staan in de JSON onder knockout_codes. "
        "De map: elk .xlsx-bestand is een inschrijving; slotbestanden (~$..., .~lock...) worden "
        "overgeslagen, andere bestanden worden genoemd (ignored_files) maar niet gelezen. "
        "Beoordelingen (CSV): komma of puntkomma, kolomnamen in willekeurige hoofdletters; regels voor een "
        "onbekende of uitgesloten inschrijver, een onbekend criterium, een score buiten de schaal of zonder "
        "motivering tellen niet en staan in assessment_errors."
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
        try:
            parsed = load_method(method)
        except MethodError as exc:
            raise CommandError(_("Methode ongeldig: %(errors)s") % {"errors": " ".join(exc.messages)}) from None
        folder = Path(bids)
        if not folder.is_dir():
            raise CommandError(_("De map met inschrijvingen '%(folder)s' bestaat niet.") % {"folder": bids})
        sending = dt.date.today()
        if send_date:
            try:
                sending = dt.date.fromisoformat(send_date)
            except ValueError:
                raise CommandError(_("Verzenddatum '%(date)s' is geen datum (JJJJ-MM-DD).") % {"date": send_date}) from None
        rows = None
        if assessments:
            try:
                rows = scoring.read_assessments_csv(assessments)
            except scoring.AssessmentFileError as exc:
                raise CommandError(str(exc)) from None
        sheets = [read_bid(path, parsed) for path in bid_files(folder)]
        skipped = ignored_files(folder)
        for sheet in sheets:
            audit_safely(action="tender.bid.checked", object_type="tender-bid", object_id=sheet.file_sha256[:16],
                         result="ok" if not sheet.refusals else "refused",
                         detail={"method_sha256": parsed.sha256, "file": sheet.file_name, "bidder": sheet.name,
                                 "refusals": [r.as_json() for r in sheet.refusals]})
        result = scoring.evaluate(parsed, sheets, rows)
        data = scoring.public_result(result)
        data["ignored_files"] = skipped
        data["knockout_codes"] = scoring.knockout_mapping(parsed)
        audit_safely(action="tender.evaluated", object_type="tender-method", object_id=parsed.sha256[:16],
                     detail={"method_sha256": parsed.sha256, "bids": len(sheets),
                             "valid": sum(1 for b in data["bids"] if b["valid"]),
                             "shortlisted": [b["bidder"] for b in data["bids"] if b["shortlisted"]],
                             "assessed": rows is not None, "winner": data["winner"], "tie": data["tie"]})
        if report:
            try:
                written = write_report(result, parsed, Path(report), send_date=sending)
            except OSError as exc:
                raise CommandError(_("Kan het rapport niet schrijven in '%(folder)s': %(error)s.")
                                   % {"folder": report, "error": exc.strerror or exc}) from None
            data["report_files"] = [str(p) for p in written]
            audit_safely(action="tender.report", object_type="tender-method", object_id=parsed.sha256[:16],
                         detail={"method_sha256": parsed.sha256, "files": [p.name for p in written],
                                 "send_date": sending.isoformat()})
        if json:
            self.stdout.write(jsonlib.dumps(data, ensure_ascii=False, indent=2))
            return
        self._summary(data)

    def _summary(self, data: dict) -> None:
        def money(value):
            return "-" if value is None else f"€ {value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")

        self.stdout.write(_("Methode %(sha256)s") % {"sha256": data["method_sha256"]})
        for bid in data["bids"]:
            if not bid["valid"]:
                self.stdout.write(_("- %(bidder)s: ONGELDIG (%(knockouts)s)")
                                  % {"bidder": bid["bidder"], "knockouts": ", ".join(bid["knockouts"])})
                for refusal in bid["refusals"]:
                    self.stdout.write(f"    {refusal['cell'] or bid['file']}: {refusal['reason']}")
                continue
            flags = [f for f, on in ((_("abnormaal laag"), bid["abnormally_low"]), (_("shortlist"), bid["shortlisted"]))
                     if on]
            line = _("- %(bidder)s: fictieve prijs %(price)s") % {"bidder": bid["bidder"],
                                                                   "price": money(bid["fictive_price"])}
            if bid["final_price"] is not None:
                line += _(", kwaliteitswaarde %(quality)s, eindprijs %(final)s, rang %(rank)s") % {
                    "quality": money(bid["quality_value"]), "final": money(bid["final_price"]), "rank": bid["rank"]}
            self.stdout.write(line + (f" ({', '.join(flags)})" if flags else ""))
        for error in data["assessment_errors"]:
            self.stdout.write(_("Beoordeling geweigerd: %(message)s") % {"message": error["message"]})
        for message in data["messages"]:
            self.stdout.write(message)
        if data["ignored_files"]:
            self.stdout.write(_("Niet gelezen (geen .xlsx-inschrijfbiljet): %(files)s")
                              % {"files": ", ".join(data["ignored_files"])})
        if data["tie"]:
            self.stdout.write(_("Gelijke eindprijs: %(bidders)s. Loting nodig.") % {"bidders": ", ".join(data["tied"])})
        elif data["winner"]:
            self.stdout.write(_("Winnaar: %(winner)s") % {"winner": data["winner"]})
