"""The asset types Wijkwerk ships with: stable codes, Dutch labels and attribute schemas.

Loaded by a data migration and kept in sync by `asset_types_sync`. Attribute names are the
keys used in files (import/export columns), the API and the pages.
"""

from django.utils.translation import gettext_noop

# Labels are stored in Dutch (the source language) and marked with gettext_noop so that the English
# catalogue has them; pages translate them when they show them.

OWNER_CHOICES = ["gemeente", "particulier", "waterschap", "provincie", "rijk", "anders"]
MATERIAL_CHOICES = ["hout", "staal", "beton", "kunststof", "aluminium", "natuursteen", "gerecycled", "anders"]


def _s(name, label, **extra):
    return {"name": name, "label": label, "type": "string", **extra}


def _i(name, label, **extra):
    return {"name": name, "label": label, "type": "integer", **extra}


def _n(name, label, **extra):
    return {"name": name, "label": label, "type": "number", **extra}


def _c(name, label, choices, **extra):
    return {"name": name, "label": label, "type": "choice", "choices": choices, **extra}


ASSET_TYPES = [
    {
        "code": "tree", "label": gettext_noop("Boom"), "geometry_kind": "point", "default_unit": "st",
        "schema": [
            _s("species", gettext_noop("Boomsoort")),
            _i("planting_year", gettext_noop("Plantjaar"), min=1500, max=2100),
            _c("height_class", gettext_noop("Hoogteklasse"), ["0-6 m", "6-9 m", "9-12 m", "12-15 m", "15-18 m", "18-24 m", ">24 m"]),
            _c("trunk_diameter_class", gettext_noop("Stamdiameterklasse"),
               ["0-10 cm", "10-20 cm", "20-30 cm", "30-50 cm", "50-80 cm", "80-100 cm", ">100 cm"]),
            _c("owner", gettext_noop("Eigenaar"), OWNER_CHOICES),
        ],
    },
    {
        "code": "street_light", "label": gettext_noop("Lichtmast"), "geometry_kind": "point", "default_unit": "st",
        "schema": [
            _n("mast_height", gettext_noop("Masthoogte"), unit="m", min=0, max=40),
            _s("fitting", gettext_noop("Armatuur")),
            _s("street", gettext_noop("Straat")),
            _s("mast_number", gettext_noop("Mastnummer")),
        ],
    },
    {
        "code": "bench", "label": gettext_noop("Bank"), "geometry_kind": "point", "default_unit": "st",
        "schema": [_c("material", gettext_noop("Materiaal"), MATERIAL_CHOICES), _i("seats", gettext_noop("Zitplaatsen"), min=1, max=50),
                   _c("owner", gettext_noop("Eigenaar"), OWNER_CHOICES)],
    },
    {
        "code": "bin", "label": gettext_noop("Afvalbak"), "geometry_kind": "point", "default_unit": "st",
        "schema": [_n("volume_l", gettext_noop("Inhoud"), unit="l", min=0, max=5000), _c("material", gettext_noop("Materiaal"), MATERIAL_CHOICES),
                   _c("bin_kind", gettext_noop("Soort"), ["afvalbak", "hondenpoepbak", "ondergrondse container"])],
    },
    {
        "code": "bicycle_rack", "label": gettext_noop("Fietsenrek"), "geometry_kind": "point", "default_unit": "st",
        "schema": [_i("places", gettext_noop("Plaatsen"), min=1, max=1000), _c("material", gettext_noop("Materiaal"), MATERIAL_CHOICES)],
    },
    {
        "code": "bollard", "label": gettext_noop("Paal (afzetpaal)"), "geometry_kind": "point", "default_unit": "st",
        "schema": [_c("material", gettext_noop("Materiaal"), MATERIAL_CHOICES), _c("removable", gettext_noop("Uitneembaar"), ["ja", "nee"])],
    },
    {
        "code": "barrier", "label": gettext_noop("Hek of slagboom"), "geometry_kind": "line", "default_unit": "m",
        "schema": [_c("material", gettext_noop("Materiaal"), MATERIAL_CHOICES), _n("height", gettext_noop("Hoogte"), unit="m", min=0, max=10)],
    },
    {
        "code": "playground_equipment", "label": gettext_noop("Speeltoestel"), "geometry_kind": "point", "default_unit": "st",
        "schema": [_s("equipment_kind", gettext_noop("Soort toestel")), _s("manufacturer", gettext_noop("Fabrikant")),
                   _c("age_group", gettext_noop("Leeftijdsgroep"), ["0-4", "4-8", "8-12", "12+", "alle"]),
                   _s("inspection_certificate", gettext_noop("Keuringscertificaat"))],
    },
    {
        "code": "sign", "label": gettext_noop("Verkeersbord"), "geometry_kind": "point", "default_unit": "st",
        "schema": [_s("sign_code", gettext_noop("RVV-code")), _c("material", gettext_noop("Materiaal"), MATERIAL_CHOICES)],
    },
    {
        "code": "plant_bed", "label": gettext_noop("Beplanting (plantvak)"), "geometry_kind": "polygon", "default_unit": "m2",
        "schema": [_c("planting_kind", gettext_noop("Soort beplanting"),
                      ["heesters", "bodembedekkers", "vaste planten", "rozen", "bloembollen", "wisselperk"]),
                   _n("area_m2", gettext_noop("Oppervlakte"), unit="m2", min=0)],
    },
    {
        "code": "grass", "label": gettext_noop("Gras"), "geometry_kind": "polygon", "default_unit": "m2",
        "schema": [_c("grass_kind", gettext_noop("Soort gras"), ["gazon", "ruw gras", "bloemrijk gras", "sportveld", "bermgras"]),
                   _n("area_m2", gettext_noop("Oppervlakte"), unit="m2", min=0)],
    },
    {
        "code": "hedge", "label": gettext_noop("Haag"), "geometry_kind": "line", "default_unit": "m",
        "schema": [_s("species", gettext_noop("Soort")), _n("height", gettext_noop("Hoogte"), unit="m", min=0, max=10),
                   _n("length_m", gettext_noop("Lengte"), unit="m", min=0)],
    },
    {
        "code": "paving", "label": gettext_noop("Verharding"), "geometry_kind": "polygon", "default_unit": "m2",
        "schema": [_c("material", gettext_noop("Materiaal"),
                      ["asfalt", "betonklinkers", "gebakken klinkers", "tegels", "natuursteen", "halfverharding",
                       "beton"]),
                   _c("function", gettext_noop("Functie"), ["rijbaan", "fietspad", "voetpad", "parkeerplaats", "plein", "erf"]),
                   _n("area_m2", gettext_noop("Oppervlakte"), unit="m2", min=0)],
    },
    {
        "code": "water_bank", "label": gettext_noop("Oever"), "geometry_kind": "line", "default_unit": "m",
        "schema": [_c("bank_kind", gettext_noop("Soort oever"), ["natuurvriendelijk", "beschoeiing hout", "beschoeiing kunststof",
                                                     "damwand", "stortsteen"]),
                   _n("length_m", gettext_noop("Lengte"), unit="m", min=0)],
    },
]
