"""The default categories of reports of a gemeente (made once; staff edit them afterwards)."""

from django.db import transaction

from .report_models import ServiceCategory

# code, name, group, response days, asset types, activity code (work/defaults.py)
DEFAULT_CATEGORIES = [
    ("straatverlichting", "Kapotte straatverlichting", "Verlichting", 5, ["street_light"], "lichtmast-herstellen"),
    ("bestrating", "Losse of kapotte tegels en bestrating", "Straat en stoep", 10, ["paving"],
     "bestrating-herstellen"),
    ("zwerfvuil", "Zwerfvuil", "Afval", 5, [], "zwerfafval"),
    ("afvalbak-vol", "Volle afvalbak", "Afval", 2, ["bin"], "afvalbakken-legen"),
    ("bankje-kapot", "Kapot bankje", "Straatmeubilair", 10, ["bench"], "bank-herstellen"),
    ("speeltoestel-kapot", "Speeltoestel kapot", "Spelen", 2, ["playground_equipment"], "speeltoestel-herstellen"),
    ("boom-takken", "Boom of takken", "Groen", 5, ["tree"], "boom-snoeien"),
    ("onkruid-groen", "Onkruid of slecht onderhouden groen", "Groen", 10, ["plant_bed", "grass"],
     "onkruid-beplanting"),
    ("overig", "Overig", "Overig", 10, [], "klein-onderhoud"),
]


def categories_defaults_ensure(*, gemeente, model=ServiceCategory) -> int:
    """Adds the default categories the gemeente lacks (by code); returns how many were made.
    `model`: the historical model in a data migration."""
    with transaction.atomic():
        have = set(model.objects.filter(gemeente_id=gemeente.pk).values_list("code", flat=True))
        new = [model(gemeente_id=gemeente.pk, code=code, name=name, group=group, response_days=days,
                     asset_types=types, activity_code=activity)
               for code, name, group, days, types, activity in DEFAULT_CATEGORIES if code not in have]
        model.objects.bulk_create(new)
    return len(new)


def categories_for_public(*, gemeente):
    """The active categories, after making the defaults when the gemeente has none at all."""
    if not ServiceCategory.objects.filter(gemeente=gemeente).exists():
        categories_defaults_ensure(gemeente=gemeente)
    return ServiceCategory.objects.filter(gemeente=gemeente, active=True).order_by("group", "name")


def category_update(*, category, data: dict, actor=None, origin: str = "web"):
    """Changes a category's name, response days, activity code and whether it is active (audited)."""
    from wijkwerk.core.audit import audit_log

    fields = ["name", "response_days", "activity_code", "active"]
    old = {f: getattr(category, f) for f in fields}
    with transaction.atomic():
        for f in fields:
            if f in data:
                setattr(category, f, data[f])
        category.save(update_fields=fields)
        audit_log(action="community.category.changed", actor=actor, gemeente=category.gemeente, obj=category,
                  origin=origin, detail={"code": category.code, "old": old,
                                         "new": {f: getattr(category, f) for f in fields}})
    return category
