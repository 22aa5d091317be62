"""The default Dutch activity catalogue a new municipality starts with: skills, certificates and
activities with their unit, norm hours per unit, equipment, and the hooks that turn plan items
(asset type + intervention) and schouw aspects into orders. A municipality changes it on the
catalogue page or with `wijkwerk import-activities`.

Norm hours are rough field figures for mixed teams (people learning the work included); they are
a starting point, not a standard. Plain data in the municipality's language (stored, like the
quality catalogue's defaults, not translated); the data migration reads it too.
"""

DEFAULT_SKILLS = [
    ("maaien", "Maaien"),
    ("snoeien", "Snoeien"),
    ("boomverzorging", "Boomverzorging"),
    ("groenonderhoud", "Groenonderhoud"),
    ("onkruidbeheer", "Onkruidbeheer"),
    ("zwerfafval", "Zwerfafval en reiniging"),
    ("straatwerk", "Straatwerk"),
    ("meubilair", "Straatmeubilair en speeltoestellen"),
    ("verlichting", "Openbare verlichting"),
    ("machinist", "Machines bedienen"),
]

DEFAULT_CERTIFICATES = [
    ("vca", "VCA Basis"),
    ("kettingzaag", "Kettingzaag (ECC)"),
    ("bosmaaier", "Bosmaaier"),
    ("rijbewijs-be", "Rijbewijs BE"),
    ("trekker", "Rijbewijs T (trekker)"),
    ("veilig-langs-de-weg", "Veilig werken langs de weg"),
    ("nen3140", "NEN 3140 (elektrotechnisch)"),
    ("boomverzorger-etw", "European Tree Worker"),
]

# code, name, unit, norm hours per unit, skills, certificates, equipment, asset types, interventions, aspects
DEFAULT_ACTIVITIES = [
    ("gras-maaien", "Gras maaien", "m2", "0.002", ["maaien"], [], "cirkelmaaier of zitmaaier",
     ["grass"], ["small"], ["gras"]),
    ("bermen-maaien", "Bermen maaien met de bosmaaier", "m2", "0.004", ["maaien"], ["bosmaaier", "vca"],
     "bosmaaier", [], [], []),
    ("gazon-herstellen", "Gazon herstellen", "m2", "0.05", ["groenonderhoud"], [], "hark, graszaad",
     ["grass"], ["large", "replace"], []),
    ("hagen-knippen", "Hagen knippen", "m", "0.05", ["snoeien"], [], "heggenschaar",
     ["hedge"], ["small"], ["hagen"]),
    ("heesters-snoeien", "Heesters snoeien", "m2", "0.02", ["snoeien"], [], "snoeischaar",
     ["plant_bed"], ["small"], []),
    ("beplanting-vervangen", "Beplanting vervangen", "m2", "0.3", ["groenonderhoud"], [], "spade, aanhanger",
     ["plant_bed", "hedge"], ["large", "replace"], []),
    ("onkruid-beplanting", "Onkruid wieden in beplanting", "m2", "0.02", ["groenonderhoud"], [], "schoffel",
     [], [], []),
    ("onkruid-verharding", "Onkruid verwijderen op verharding", "m2", "0.01", ["onkruidbeheer"], [],
     "borstelmachine of heetwater", [], [], ["onkruid-verharding"]),
    ("zwerfafval", "Zwerfafval prikken", "m2", "0.0025", ["zwerfafval"], [], "afvalgrijper, zakken",
     [], [], ["zwerfafval-grof", "zwerfafval-fijn"]),
    ("afvalbakken-legen", "Afvalbakken legen", "st", "0.1", ["zwerfafval"], [], "bus", [], [], []),
    ("boomspiegels", "Boomspiegels onderhouden", "st", "0.25", ["groenonderhoud"], [], "schoffel",
     [], [], ["boomspiegels"]),
    ("boom-snoeien", "Boom snoeien", "st", "0.75", ["boomverzorging"], ["kettingzaag", "vca"],
     "kettingzaag, hoogwerker", ["tree"], ["small", "large"], []),
    ("boom-vervangen", "Boom vervangen", "st", "4", ["boomverzorging", "groenonderhoud"],
     ["kettingzaag", "vca", "rijbewijs-be"], "kettingzaag, stobbenfrees, aanhanger", ["tree"], ["replace"], []),
    ("bestrating-herstellen", "Bestrating herstellen", "m2", "0.5", ["straatwerk"], ["vca"],
     "trilplaat, knipper", ["paving"], ["small", "large"], []),
    ("bestrating-vervangen", "Bestrating vervangen", "m2", "1", ["straatwerk"], ["vca", "rijbewijs-be"],
     "trilplaat, minigraver, aanhanger", ["paving"], ["replace"], []),
    ("bank-herstellen", "Bank herstellen", "st", "1.5", ["meubilair"], [], "boormachine, schuurmachine",
     ["bench"], ["small", "large"], ["straatmeubilair"]),
    ("bank-vervangen", "Bank vervangen", "st", "3", ["meubilair"], ["vca", "rijbewijs-be"],
     "aanhanger, boormachine", ["bench"], ["replace"], []),
    ("meubilair-herstellen", "Straatmeubilair herstellen", "st", "1", ["meubilair"], [], "gereedschapskist",
     ["bin", "bicycle_rack", "bollard", "barrier", "sign"], ["small", "large"], ["straatmeubilair"]),
    ("meubilair-vervangen", "Straatmeubilair vervangen", "st", "2", ["meubilair"], ["vca"], "aanhanger",
     ["bin", "bicycle_rack", "bollard", "barrier", "sign"], ["replace"], []),
    ("speeltoestel-herstellen", "Speeltoestel herstellen", "st", "2", ["meubilair"], ["vca"],
     "gereedschapskist", ["playground_equipment"], ["small", "large", "replace"], []),
    ("lichtmast-herstellen", "Lichtmast herstellen", "st", "1.5", ["verlichting"], ["vca", "nen3140"],
     "hoogwerker", ["street_light"], ["small", "large", "replace"], []),
    ("oever-onderhouden", "Oever onderhouden", "m", "0.1", ["groenonderhoud"], ["vca"], "maaikorf",
     ["water_bank"], ["small", "large", "replace"], []),
    ("klein-onderhoud", "Klein onderhoud (overig)", "st", "1", [], [], "", [], ["small"], []),
    ("groot-onderhoud", "Groot onderhoud (overig)", "st", "4", [], ["vca"], "", [], ["large"], []),
    ("vervangen", "Vervangen (overig)", "st", "6", [], ["vca"], "", [], ["replace"], []),
]
