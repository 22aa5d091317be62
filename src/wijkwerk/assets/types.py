"""The asset types Wijkwerk ships with: stable codes, Dutch labels and attribute schemas.

Loaded by a data migration and kept in sync by `asset_types_sync`. Attribute names are the
keys used in files (import/export columns), the API and the pages.
"""

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
        "code": "tree", "label": "Boom", "geometry_kind": "point", "default_unit": "st",
        "schema": [
            _s("species", "Boomsoort"),
            _i("planting_year", "Plantjaar", min=1500, max=2100),
            _c("height_class", "Hoogteklasse", ["0-6 m", "6-9 m", "9-12 m", "12-15 m", "15-18 m", "18-24 m", ">24 m"]),
            _c("trunk_diameter_class", "Stamdiameterklasse",
               ["0-10 cm", "10-20 cm", "20-30 cm", "30-50 cm", "50-80 cm", "80-100 cm", ">100 cm"]),
            _c("owner", "Eigenaar", OWNER_CHOICES),
        ],
    },
    {
        "code": "street_light", "label": "Lichtmast", "geometry_kind": "point", "default_unit": "st",
        "schema": [
            _n("mast_height", "Masthoogte", unit="m", min=0, max=40),
            _s("fitting", "Armatuur"),
            _s("street", "Straat"),
            _s("mast_number", "Mastnummer"),
        ],
    },
    {
        "code": "bench", "label": "Bank", "geometry_kind": "point", "default_unit": "st",
        "schema": [_c("material", "Materiaal", MATERIAL_CHOICES), _i("seats", "Zitplaatsen", min=1, max=50),
                   _c("owner", "Eigenaar", OWNER_CHOICES)],
    },
    {
        "code": "bin", "label": "Afvalbak", "geometry_kind": "point", "default_unit": "st",
        "schema": [_n("volume_l", "Inhoud", unit="l", min=0, max=5000), _c("material", "Materiaal", MATERIAL_CHOICES),
                   _c("bin_kind", "Soort", ["afvalbak", "hondenpoepbak", "ondergrondse container"])],
    },
    {
        "code": "bicycle_rack", "label": "Fietsenrek", "geometry_kind": "point", "default_unit": "st",
        "schema": [_i("places", "Plaatsen", min=1, max=1000), _c("material", "Materiaal", MATERIAL_CHOICES)],
    },
    {
        "code": "bollard", "label": "Paal (afzetpaal)", "geometry_kind": "point", "default_unit": "st",
        "schema": [_c("material", "Materiaal", MATERIAL_CHOICES), _c("removable", "Uitneembaar", ["ja", "nee"])],
    },
    {
        "code": "barrier", "label": "Hek of slagboom", "geometry_kind": "line", "default_unit": "m",
        "schema": [_c("material", "Materiaal", MATERIAL_CHOICES), _n("height", "Hoogte", unit="m", min=0, max=10)],
    },
    {
        "code": "playground_equipment", "label": "Speeltoestel", "geometry_kind": "point", "default_unit": "st",
        "schema": [_s("equipment_kind", "Soort toestel"), _s("manufacturer", "Fabrikant"),
                   _c("age_group", "Leeftijdsgroep", ["0-4", "4-8", "8-12", "12+", "alle"]),
                   _s("inspection_certificate", "Keuringscertificaat")],
    },
    {
        "code": "sign", "label": "Verkeersbord", "geometry_kind": "point", "default_unit": "st",
        "schema": [_s("sign_code", "RVV-code"), _c("material", "Materiaal", MATERIAL_CHOICES)],
    },
    {
        "code": "plant_bed", "label": "Beplanting (plantvak)", "geometry_kind": "polygon", "default_unit": "m2",
        "schema": [_c("planting_kind", "Soort beplanting",
                      ["heesters", "bodembedekkers", "vaste planten", "rozen", "bloembollen", "wisselperk"]),
                   _n("area_m2", "Oppervlakte", unit="m2", min=0)],
    },
    {
        "code": "grass", "label": "Gras", "geometry_kind": "polygon", "default_unit": "m2",
        "schema": [_c("grass_kind", "Soort gras", ["gazon", "ruw gras", "bloemrijk gras", "sportveld", "bermgras"]),
                   _n("area_m2", "Oppervlakte", unit="m2", min=0)],
    },
    {
        "code": "hedge", "label": "Haag", "geometry_kind": "line", "default_unit": "m",
        "schema": [_s("species", "Soort"), _n("height", "Hoogte", unit="m", min=0, max=10),
                   _n("length_m", "Lengte", unit="m", min=0)],
    },
    {
        "code": "paving", "label": "Verharding", "geometry_kind": "polygon", "default_unit": "m2",
        "schema": [_c("material", "Materiaal",
                      ["asfalt", "betonklinkers", "gebakken klinkers", "tegels", "natuursteen", "halfverharding",
                       "beton"]),
                   _c("function", "Functie", ["rijbaan", "fietspad", "voetpad", "parkeerplaats", "plein", "erf"]),
                   _n("area_m2", "Oppervlakte", unit="m2", min=0)],
    },
    {
        "code": "water_bank", "label": "Oever", "geometry_kind": "line", "default_unit": "m",
        "schema": [_c("bank_kind", "Soort oever", ["natuurvriendelijk", "beschoeiing hout", "beschoeiing kunststof",
                                                     "damwand", "stortsteen"]),
                   _n("length_m", "Lengte", unit="m", min=0)],
    },
]
