"""Loading the demo municipality: Utrecht with its real wijken, buurten and street-light masts,
generated trees, benches, plant beds and more, the organisations of a cooperation and one demo
user per role.

`demo_load` is idempotent: every step first looks whether its result is already there, and the
imports it runs are upserts, so a second run changes nothing (and is quick, because quickstart
runs it on every start).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import IO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkwerk.areas.models import Area
from wijkwerk.areas.services import areas_import
from wijkwerk.assets.models import Asset
from wijkwerk.assets.services import ImportOptions, assets_import
from wijkwerk.core.audit import audit_log
from wijkwerk.inspections.demo import demo_inspections_ensure
from wijkwerk.municipalities.models import Gemeente, Membership, Organisation
from wijkwerk.municipalities.roles import JOBCOACH, OPDRACHTNEMER, ROLES, UITVOERDER
from wijkwerk.municipalities.services import member_add, organisation_add, roles_ensure
from wijkwerk.onboarding.services import gemeente_setup
from wijkwerk.planning.demo import demo_planning_ensure
from wijkwerk.tendering.demo import demo_tender_ensure

from . import generate
from .people import demo_people_ensure
from .plans import demo_plans_ensure
from .rounds import demo_rounds_ensure
from .tenders import demo_tenders_ensure
from .work import demo_work_ensure

DATA = generate.UTRECHT
BUURT_FILE = generate.BUURT_FILE
WIJK_FILE = DATA / "wijk.geojson"
MAST_FILE = DATA / "mastoverzicht.geojson"

DEMO_SLUG = "utrecht"
DEMO_NAME = "Utrecht (demo)"
# Documented in the README and .env.example: demo accounts only, change or remove them in production.
DEFAULT_DEMO_PASSWORD = "wijkwerk-demo-2026"

MUNICIPALITY_ORG = "Gemeente Utrecht"
CONTRACTOR_ORG = "Aannemersbedrijf De Groene Stad"
SW_ORG = "SW-bedrijf Werkkracht"
ORGANISATIONS = [
    (MUNICIPALITY_ORG, Organisation.Kind.MUNICIPALITY),
    (CONTRACTOR_ORG, Organisation.Kind.CONTRACTOR),
    (SW_ORG, Organisation.Kind.SW_BEDRIJF),
    ("Bewonersvereniging Lombok-Oost", Organisation.Kind.RESIDENTS),
    ("Welzijnsorganisatie Buurtkracht", Organisation.Kind.WELFARE),
    ("Vrijwilligerscentrale Utrecht", Organisation.Kind.VOLUNTEERS),
]
ROLE_ORGANISATION = {JOBCOACH: SW_ORG, OPDRACHTNEMER: CONTRACTOR_ORG, UITVOERDER: CONTRACTOR_ORG}

# Names (plural) for the messages
TYPE_LABELS = {
    "street_light": gettext_lazy("lichtmasten"),
    "tree": gettext_lazy("bomen"),
    "bench": gettext_lazy("banken"),
    "bin": gettext_lazy("afvalbakken"),
    "bicycle_rack": gettext_lazy("fietsenrekken"),
    "playground_equipment": gettext_lazy("speeltoestellen"),
    "plant_bed": gettext_lazy("plantvakken"),
    "grass": gettext_lazy("grasvakken"),
    "paving": gettext_lazy("verhardingsvlakken"),
}


def demo_username(role: str) -> str:
    return f"demo-{role}"


def demo_password() -> str:
    return (
        getattr(settings, "WIJKWERK_DEMO_PASSWORD", None)
        or os.environ.get("WIJKWERK_DEMO_PASSWORD")
        or DEFAULT_DEMO_PASSWORD
    )


def _n(value: int) -> str:
    """9793 -> '9.793' (Dutch thousands separator)."""
    return f"{value:,}".replace(",", ".")


class _Say:
    def __init__(self, stdout: IO | None):
        self.stdout = stdout

    def __call__(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message if message.endswith("\n") else message + "\n")


def _feature_count(path: Path) -> int:
    with open(path, "rb") as fh:
        return len(json.loads(fh.read().decode("latin-1"))["features"])


def _gemeente_ensure(say) -> Gemeente:
    gemeente = Gemeente.objects.filter(slug=DEMO_SLUG).first()
    if gemeente is None:
        gemeente = gemeente_setup(slug=DEMO_SLUG, name=DEMO_NAME)
        say(_("Demogemeente '%(name)s' aangemaakt.") % {"name": DEMO_NAME})
    return gemeente


def _organisations_ensure(gemeente: Gemeente, say) -> int:
    created = 0
    for name, kind in ORGANISATIONS:
        if not Organisation.objects.filter(gemeente=gemeente, name=name, kind=kind).exists():
            organisation_add(gemeente=gemeente, name=name, kind=kind)
            created += 1
    if created:
        say(_("Organisaties van de samenwerking: %(n)s aangemaakt.") % {"n": created})
    return created


def _areas_ensure(gemeente: Gemeente, say) -> dict:
    result = {}
    steps = [
        ("wijk", WIJK_FILE, {"code_field": "KODE", "name_field": "NAAM"}),
        ("buurt", BUURT_FILE, {"code_field": "KODE", "name_field": "NAAM", "parent_field": "WIJKKODE"}),
    ]
    for level, path, fields in steps:
        present = Area.objects.filter(gemeente=gemeente, level=level).count()
        if present >= _feature_count(path):
            result[level] = {"present": present, "imported": False}
            continue
        if level == "wijk":
            say(_("Wijken inlezen uit %(file)s ...") % {"file": path.name})
        else:
            say(_("Buurten inlezen uit %(file)s ...") % {"file": path.name})
        counts = areas_import(gemeente=gemeente, path=str(path), level=level, **fields)
        say("  " + _("%(created)s nieuw, %(updated)s bijgewerkt, %(rejected)s geweigerd.")
            % {"created": _n(counts.get("created", 0)), "updated": _n(counts.get("updated", 0)),
               "rejected": _n(counts.get("rejected", 0))})
        result[level] = {"present": Area.objects.filter(gemeente=gemeente, level=level).count(),
                         "imported": True, "report": counts}
    return result


def _import(gemeente: Gemeente, path: Path, code: str, id_fields: tuple[str, ...], say) -> dict:
    report = assets_import(
        gemeente=gemeente, path=str(path), options=ImportOptions(asset_type=code, id_fields=id_fields)
    )
    counts = report.as_json()
    line = "  " + _("%(type)s: %(created)s nieuw, %(updated)s bijgewerkt, %(unchanged)s ongewijzigd") % {
        "type": TYPE_LABELS.get(code, code), "created": _n(counts.get("created", 0)),
        "updated": _n(counts.get("updated", 0)), "unchanged": _n(counts.get("unchanged", 0))}
    if counts.get("rejected"):
        line += _(", %(n)s geweigerd") % {"n": _n(counts["rejected"])}
    if counts.get("outside_areas"):
        line += _(", %(n)s buiten alle buurten") % {"n": _n(counts["outside_areas"])}
    say(line + ".")
    return counts


def _assets_ensure(gemeente: Gemeente, say) -> dict:
    result = {}

    def present(code: str) -> int:
        return Asset.objects.filter(gemeente=gemeente, asset_type__code=code).count()

    if present("street_light") < _feature_count(MAST_FILE):
        say(_("Lichtmasten inlezen uit %(file)s (echte open data van Utrecht) ...") % {"file": MAST_FILE.name})
        result["street_light"] = _import(gemeente, MAST_FILE, "street_light", ("BUURT", "STRAAT", "MASTNUMMER"), say)

    missing = {code: n for code, n in generate.DEFAULT_COUNTS.items() if present(code) < n}
    if missing:
        say(_("Gegenereerde bomen, banken, afvalbakken, fietsenrekken, speeltoestellen, plantvakken, "
              "gras en verharding inlezen ..."))
        # Generate every type (the same seed gives the same assets), import only the missing ones.
        features = generate.generate_features(BUURT_FILE)
        with tempfile.TemporaryDirectory(prefix="wijkwerk-demo-") as tmp:
            for code in missing:
                path = generate.write_geojson(features[code], Path(tmp) / f"demo_{code}.geojson")
                result[code] = _import(gemeente, path, code, ("external_id",), say)
    return result


def _password_check(password: str) -> None:
    User = get_user_model()
    for role in ROLES:
        try:
            validate_password(password, User(username=demo_username(role)))
        except ValidationError as exc:
            raise ValidationError(
                _("Het demowachtwoord (WIJKWERK_DEMO_PASSWORD) is niet sterk genoeg: %(errors)s")
                % {"errors": " ".join(exc.messages)}
            ) from None


def _users_ensure(gemeente: Gemeente, password: str, say) -> list[str]:
    User = get_user_model()
    usernames = [demo_username(role) for role in ROLES]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    # One hash for all demo users: hashing is deliberately slow, and quickstart runs this on every start.
    reference = next(iter(users.values()), None)
    hashed = reference.password if reference is not None and reference.check_password(password) else None
    created = 0
    with transaction.atomic():
        for username in usernames:
            user = users.get(username)
            if user is not None and (user.password == hashed or (hashed is None and user.check_password(password))):
                continue
            hashed = hashed or make_password(password)
            if user is None:
                user = User.objects.create(username=username, password=hashed)
                audit_log(action="user.create", gemeente=gemeente, obj=user, detail={"user": username, "demo": True})
                created += 1
            else:
                user.password = hashed
                user.save(update_fields=["password"])
                audit_log(action="user.password_set", gemeente=gemeente, obj=user, detail={"user": username})
        memberships = 0
        for role, username in zip(ROLES, usernames, strict=True):
            organisation_name = ROLE_ORGANISATION.get(role, MUNICIPALITY_ORG)
            exists = Membership.objects.filter(
                user__username=username, gemeente=gemeente, role__name=role, organisation__name=organisation_name
            ).exists()
            if not exists:
                member_add(username=username, gemeente=gemeente, role=role, organisation_name=organisation_name)
                memberships += 1
    if created or memberships:
        say(_("Demogebruikers: %(created)s aangemaakt, %(memberships)s lidmaatschappen toegevoegd.")
            % {"created": created, "memberships": memberships})
    return usernames


def demo_load(*, stdout: IO | None = None, password: str | None = None) -> dict:
    """Loads (or completes) the demo municipality. Returns a summary with counts per type."""
    say = _Say(stdout)
    password = password or demo_password()
    _password_check(password)  # before anything is written
    roles_ensure()
    gemeente = _gemeente_ensure(say)
    _organisations_ensure(gemeente, say)
    areas = _areas_ensure(gemeente, say)
    imports = _assets_ensure(gemeente, say)
    usernames = _users_ensure(gemeente, password, say)
    # The rounds first: the done round is then made through the services, not by the inspections demo.
    rounds = demo_rounds_ensure(gemeente=gemeente, say=say)
    demo_inspections_ensure(gemeente=gemeente, say=say)
    demo_tender_ensure(gemeente=gemeente, say=say)
    tenders = demo_tenders_ensure(gemeente=gemeente, say=say)
    demo_planning_ensure(gemeente=gemeente, say=say)
    plans = demo_plans_ensure(gemeente=gemeente, say=say)
    work = demo_work_ensure(gemeente=gemeente, say=say)  # orders from the plan and the done round
    people = demo_people_ensure(gemeente=gemeente, coach_username=demo_username(JOBCOACH), say=say)
    counts = {
        code: Asset.objects.filter(gemeente=gemeente, asset_type__code=code).count()
        for code in ("street_light", *generate.DEFAULT_COUNTS)
    }
    return {
        "gemeente": gemeente.slug,
        "name": gemeente.name,
        "organisations": Organisation.objects.filter(gemeente=gemeente).count(),
        "wijken": Area.objects.filter(gemeente=gemeente, level="wijk").count(),
        "buurten": Area.objects.filter(gemeente=gemeente, level="buurt").count(),
        "assets": counts,
        "outside_areas": Asset.objects.filter(gemeente=gemeente, outside_areas=True).count(),
        "areas_imported": areas,
        "imports": imports,
        "made": {"rounds": rounds, "tenders": tenders, "plans": plans, "work": work, "participants": people},
        "users": {role: name for role, name in zip(ROLES, usernames, strict=True)},
        "password": password,
    }
