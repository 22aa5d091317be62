"""Roles and what each may do. Roles are Django groups (fixture `roles.json`); the permissions
are checked in code from the role, scoped to the municipality (and organisation)."""

from django.utils.translation import gettext_lazy as _

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
    BEHEERDER: _("Beheerder openbare ruimte"),
    INSPECTEUR: _("Inspecteur"),
    OPDRACHTNEMER: _("Planner opdrachtnemer"),
    UITVOERDER: _("Uitvoerder (teamleider)"),
    JOBCOACH: _("Jobcoach SW-bedrijf"),
    BEOORDELAAR: _("Beoordelaar aanbesteding"),
    INKOPER: _("Inkoper"),
    FG: _("Functionaris gegevensbescherming"),
    RAADPLEGER: _("Raadpleger (alleen lezen)"),
}
ROLES = tuple(ROLE_LABELS)

# Actions per role. Viewing the register is open to every member of the municipality.
VIEW_ASSETS = "assets.view"
CHANGE_ASSETS = "assets.change"
IMPORT_ASSETS = "assets.import"
IMPORT_AREAS = "areas.import"
MANAGE_MUNICIPALITY = "municipality.manage"
VIEW_AUDIT = "audit.view"
# Quality and condition (schouw, NEN 2767)
VIEW_INSPECTIONS = "inspections.view"
MANAGE_INSPECTIONS = "inspections.manage"  # catalogue, area types, planning rounds
RECORD_INSPECTIONS = "inspections.record"  # enter plot results and conditions
# Multi-year planning
VIEW_PLANS = "planning.view"
MANAGE_PLANS = "planning.manage"
# Tender: the procurement officer runs it; assessors score without ever seeing prices
MANAGE_TENDER = "tender.manage"
VIEW_TENDER_PRICES = "tender.prices"
ASSESS_TENDER = "tender.assess"
# Execution: work orders, workers and teams, the weekly plan
VIEW_WORK = "work.view"
MANAGE_WORK = "work.manage"  # activity catalogue, workers, teams, orders by hand
PLAN_WORK = "work.plan"  # the weekly plan and moving assignments on the board
COMPLETE_WORK = "work.complete"  # start and complete orders in the field
CHECK_WORK = "work.check"  # approve (gecontroleerd) or reject (afgekeurd) completed work
# People: participants' personal data only for the job coaches of their own organisation (the
# organisation of the membership is checked in people.access); everyone else sees aggregates.
ACCESS_PARTICIPANTS = "people.access"
VIEW_PEOPLE_AGGREGATES = "people.aggregates"
VIEW_SOCIAL_RETURN = "people.social_view"
MANAGE_SOCIAL_RETURN = "people.social_manage"  # contracts, purchases from an SW-bedrijf, PSO levels
# Residents: reports (triage), their initiatives, consultations and the ABCD map. The public pages
# need no account; these are the staff's actions.
VIEW_REPORTS = "community.reports_view"
HANDLE_REPORTS = "community.reports_handle"  # triage, reply, merge, to a work order, close
MANAGE_COMMUNITY = "community.manage"  # categories, initiatives' assessment, consultations, moderation

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    BEHEERDER: frozenset({
        VIEW_ASSETS, CHANGE_ASSETS, IMPORT_ASSETS, IMPORT_AREAS, MANAGE_MUNICIPALITY,
        VIEW_INSPECTIONS, MANAGE_INSPECTIONS, RECORD_INSPECTIONS, VIEW_PLANS, MANAGE_PLANS,
        VIEW_WORK, MANAGE_WORK, CHECK_WORK, VIEW_PEOPLE_AGGREGATES, VIEW_SOCIAL_RETURN, MANAGE_SOCIAL_RETURN,
        VIEW_REPORTS, HANDLE_REPORTS, MANAGE_COMMUNITY,
    }),
    INSPECTEUR: frozenset({VIEW_ASSETS, CHANGE_ASSETS, VIEW_INSPECTIONS, RECORD_INSPECTIONS, VIEW_WORK, CHECK_WORK,
                           VIEW_REPORTS, HANDLE_REPORTS}),
    OPDRACHTNEMER: frozenset({
        VIEW_ASSETS, CHANGE_ASSETS, IMPORT_ASSETS, VIEW_INSPECTIONS, RECORD_INSPECTIONS, VIEW_PLANS,
        VIEW_WORK, MANAGE_WORK, PLAN_WORK, COMPLETE_WORK, VIEW_PEOPLE_AGGREGATES, VIEW_SOCIAL_RETURN,
        VIEW_REPORTS, HANDLE_REPORTS,
    }),
    UITVOERDER: frozenset({VIEW_ASSETS, VIEW_INSPECTIONS, VIEW_PLANS, VIEW_WORK, MANAGE_WORK, PLAN_WORK,
                           COMPLETE_WORK, VIEW_PEOPLE_AGGREGATES, VIEW_REPORTS}),
    JOBCOACH: frozenset({VIEW_ASSETS, ACCESS_PARTICIPANTS, VIEW_PEOPLE_AGGREGATES, VIEW_SOCIAL_RETURN}),
    BEOORDELAAR: frozenset({ASSESS_TENDER}),
    INKOPER: frozenset({VIEW_ASSETS, MANAGE_TENDER, VIEW_TENDER_PRICES, VIEW_PEOPLE_AGGREGATES, VIEW_SOCIAL_RETURN,
                        MANAGE_SOCIAL_RETURN}),
    FG: frozenset({VIEW_ASSETS, VIEW_AUDIT, VIEW_PEOPLE_AGGREGATES}),
    RAADPLEGER: frozenset({VIEW_ASSETS, VIEW_INSPECTIONS, VIEW_PLANS, VIEW_WORK, VIEW_PEOPLE_AGGREGATES,
                           VIEW_SOCIAL_RETURN, VIEW_REPORTS}),
}
