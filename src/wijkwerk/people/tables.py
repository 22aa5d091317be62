"""The default social-return tables ("bouwblokken" method): a value per person-year (36 hours a
week) by target group, the counting period per target group, the hours that count as full time,
and one-off bonuses. Loaded by migration 0002; a municipality may add its own versions.

Haaglanden (contracts from 1 July 2023) as published by the region; Utrecht differs where the
region's table differs (BBL, BOL, bonuses 50+, statushouder and a permanent contract, 100 per hour
for other contributions); the other values follow Haaglanden (DOMAIN.md section 6).
"""

from django.utils.translation import gettext_lazy as _

TARGET_GROUP_LABELS = {
    "geen_uitkering": _("Geen uitkering"),
    "jongere_zonder_startkwalificatie": _("Jongere zonder startkwalificatie"),
    "stagiair_mbo_hbo": _("Stagiair mbo/hbo"),
    "stagiair_vso_pro": _("Stagiair VSO/PrO"),
    "bbl_niveau_1_2": _("BBL niveau 1-2"),
    "bbl_niveau_3_plus": _("BBL niveau 3 en hoger"),
    "bol": _("BOL-leerling"),
    "ww": _("WW-uitkering"),
    "wia": _("WIA-uitkering"),
    "participatiewet": _("Participatiewet (bijstand)"),
    "banenafspraak": _("Banenafspraak (Wajong, Wsw, doelgroepregister)"),
}

BONUS_LABELS = {
    "age_55_plus": _("Bonus 55 jaar en ouder"),
    "age_50_plus": _("Bonus 50 jaar en ouder"),
    "hire_after_vso_pro_internship": _("Bonus aanname na stage VSO/PrO van minstens 6 maanden"),
    "ips": _("Bonus IPS-traject"),
    "statushouder": _("Bonus statushouder"),
    "permanent_contract": _("Bonus vast contract"),
}

# Bonuses a job coach ticks on the participant; age bonuses follow from the birth year.
FLAG_BONUSES = ("hire_after_vso_pro_internship", "ips", "statushouder", "permanent_contract")

# A person-year is 36 hours a week for every group (part time counts pro rata); a region whose table
# counts a group's full time differently (e.g. 25.5 hours for a Banenafspraak job) sets it per group.
FULL_TIME_HOURS = 36

_HAAGLANDEN_VALUES = {
    "geen_uitkering": 5000,
    "jongere_zonder_startkwalificatie": 10000,
    "stagiair_mbo_hbo": 5000,
    "stagiair_vso_pro": 7500,
    "bbl_niveau_1_2": 25000,
    "bbl_niveau_3_plus": 15000,
    "ww": 20000,
    "wia": 30000,
    "participatiewet": 40000,
    "banenafspraak": 50000,
}
_LONG_COUNTING = {"wia": 24, "stagiair_vso_pro": 24, "participatiewet": 24}


def _counting(groups) -> dict[str, int]:
    return {group: _LONG_COUNTING.get(group, 12) for group in groups}


def _full_time(groups) -> dict[str, float]:
    return {group: FULL_TIME_HOURS for group in groups}


_UTRECHT_VALUES = {**_HAAGLANDEN_VALUES, "bbl_niveau_1_2": 35000, "bbl_niveau_3_plus": 35000, "bol": 20000}

DEFAULT_TABLES = [
    {
        "name": "Haaglanden", "version": "2023", "region": "Haaglanden", "valid_from": "2023-07-01",
        "values": _HAAGLANDEN_VALUES, "counting_months": _counting(_HAAGLANDEN_VALUES),
        "full_time_hours": _full_time(_HAAGLANDEN_VALUES),
        "bonuses": {"age_55_plus": {"amount": 10000, "min_age": 55},
                    "hire_after_vso_pro_internship": {"amount": 25000}, "ips": {"amount": 10000}},
        "hourly_other": None,
    },
    {
        "name": "Utrecht", "version": "2023", "region": "Utrecht", "valid_from": "2023-01-01",
        "values": _UTRECHT_VALUES, "counting_months": _counting(_UTRECHT_VALUES),
        "full_time_hours": _full_time(_UTRECHT_VALUES),
        "bonuses": {"age_50_plus": {"amount": 10000, "min_age": 50}, "statushouder": {"amount": 10000},
                    "permanent_contract": {"amount": 10000}},
        "hourly_other": 100,
    },
]
DEFAULT_TABLE_NAME = "Haaglanden"


def tables_load(table_model) -> int:
    """Adds the default tables that are missing to `table_model` (the model, or its historical version
    in a migration). Returns how many were made."""
    made = 0
    for spec in DEFAULT_TABLES:
        fields = {key: value for key, value in spec.items() if key not in ("name", "version")}
        made += table_model.objects.get_or_create(name=spec["name"], version=spec["version"], defaults=fields)[1]
    return made
