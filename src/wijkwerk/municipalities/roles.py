"""Roles and what each may do. Roles are Django groups (fixture `roles.json`); the permissions
are checked in code from the role, scoped to the municipality (and organisation)."""

BEHEERDER = "beheerder"
INSPECTEUR = "inspecteur"
OPDRACHTNEMER = "opdrachtnemer"
UITVOERDER = "uitvoerder"
JOBCOACH = "jobcoach"
BEOORDELAAR = "beoordelaar"
INKOPER = "inkoper"
FG = "fg"
RAADPLEGER = "raadpleger"

ROLE_LABELS = {
    BEHEERDER: "Beheerder openbare ruimte",
    INSPECTEUR: "Inspecteur",
    OPDRACHTNEMER: "Planner opdrachtnemer",
    UITVOERDER: "Uitvoerder (teamleider)",
    JOBCOACH: "Jobcoach SW-bedrijf",
    BEOORDELAAR: "Beoordelaar aanbesteding",
    INKOPER: "Inkoper",
    FG: "Functionaris gegevensbescherming",
    RAADPLEGER: "Raadpleger (alleen lezen)",
}
ROLES = tuple(ROLE_LABELS)

# Actions per role. Viewing the register is open to every member of the municipality.
VIEW_ASSETS = "assets.view"
CHANGE_ASSETS = "assets.change"
IMPORT_ASSETS = "assets.import"
IMPORT_AREAS = "areas.import"
MANAGE_MUNICIPALITY = "municipality.manage"
VIEW_AUDIT = "audit.view"

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    BEHEERDER: frozenset({VIEW_ASSETS, CHANGE_ASSETS, IMPORT_ASSETS, IMPORT_AREAS, MANAGE_MUNICIPALITY}),
    INSPECTEUR: frozenset({VIEW_ASSETS, CHANGE_ASSETS}),
    OPDRACHTNEMER: frozenset({VIEW_ASSETS, CHANGE_ASSETS, IMPORT_ASSETS}),
    UITVOERDER: frozenset({VIEW_ASSETS}),
    JOBCOACH: frozenset({VIEW_ASSETS}),
    BEOORDELAAR: frozenset(),
    INKOPER: frozenset({VIEW_ASSETS}),
    FG: frozenset({VIEW_ASSETS, VIEW_AUDIT}),
    RAADPLEGER: frozenset({VIEW_ASSETS}),
}
