"""Writes of the assessment (offered by the tender's `services` too): who scores, the chair, and
the scores of one bid by one assessor (or the chair's consensus), saved as a draft or submitted.

A draft may leave criteria not yet scored and does not count in the evaluation; a submitted
assessment has a score with a motivation for every criterion and counts. One save is written
whole or not at all."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from wijkwerk.core.audit import audit_log
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.selectors import user_has_permission

from .models import Assessment, Bid, Tender
from .selectors import assessments_of, shortlisted_bids, tender_method

WEB = "web"


def may_score(*, tender: Tender, user) -> bool:
    """Whether the user may score the bids: an assessor (ASSESS_TENDER) who cannot see the prices.
    The procurement officer (VIEW_TENDER_PRICES) never scores, also not with a second role."""
    return (user_has_permission(user=user, gemeente=tender.gemeente, action=roles.ASSESS_TENDER)
            and not user_has_permission(user=user, gemeente=tender.gemeente, action=roles.VIEW_TENDER_PRICES))


def may_record_consensus(*, tender: Tender, user) -> bool:
    """Only the chair records the consensus, and only while the chair may score."""
    if tender.chair_id is None or tender.chair_id != getattr(user, "pk", None):
        return False
    return may_score(tender=tender, user=user)


@transaction.atomic
def tender_chair_set(*, tender: Tender, chair, actor=None, origin: str = WEB) -> Tender:
    if chair is not None and not may_score(tender=tender, user=chair):
        raise ValidationError(gettext("De voorzitter moet beoordelaar zijn in deze gemeente en mag de prijzen niet zien."))
    tender.chair = chair
    tender.save(update_fields=["chair"])
    audit_log(action="tender.chair_set", actor=actor, gemeente=tender.gemeente, obj=tender, origin=origin,
              detail={"chair": chair.get_username() if chair else None})
    return tender


def _check_allowed(tender: Tender, bid: Bid, actor, consensus: bool) -> None:
    if consensus:
        if not may_record_consensus(tender=tender, user=actor):
            raise ValidationError(gettext("Alleen de voorzitter van de beoordelingscommissie legt de consensusscore vast."))
    elif not may_score(tender=tender, user=actor):
        raise ValidationError(gettext("Alleen beoordelaars scoren de inschrijvingen; wie de prijzen ziet, scoort niet."))
    if tender.status != Tender.Status.ASSESSING:
        raise ValidationError(gettext("De beoordeling is niet gestart."))
    if bid.tender_id != tender.pk or bid.pk not in {b.pk for b in shortlisted_bids(tender=tender)}:
        raise ValidationError(gettext("Deze inschrijving staat niet op de shortlist."))


def _checked(method, scores: dict, draft: bool, existing: dict) -> tuple[dict[str, tuple[str, str]], dict]:
    """The given scores by criterion code, and the problems per criterion (nothing is written yet)."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, tuple[str, str]] = {}
    for given, (score, motivation) in scores.items():
        found = method.criterion(given)
        if found is None:
            errors.setdefault(str(given), []).append(gettext("Criterium '%(code)s' staat niet in de methode.") % {"code": given})
            continue
        score, motivation = str(score or "").strip().upper(), (motivation or "").strip()
        problems = []
        if not score:
            if not draft:
                problems.append(gettext("Nog niet gescoord: kies een score (%(code)s).") % {"code": found.code})
        elif method.score_share(score) is None:
            problems.append(gettext("Score '%(score)s' staat niet op de schaal (%(scale)s).")
                            % {"score": score, "scale": ", ".join(method.scale)})
        if score and not motivation:
            problems.append(gettext("Een score zonder motivering wordt niet aanvaard (%(code)s).") % {"code": found.code})
        if problems:
            errors.setdefault(found.code, []).extend(problems)
        else:
            clean[found.code] = (score, motivation)
    if not draft:
        scored = {code for code, record in existing.items() if record.score and code not in clean}
        scored |= {code for code, (score, _motivation) in clean.items() if score}
        for criterion in method.criteria:
            if criterion.code not in scored and criterion.code not in errors:
                errors[criterion.code] = [gettext("Nog niet gescoord: geef %(code)s een score met motivering voordat "
                                                  "u de beoordeling indient.") % {"code": criterion.code}]
    return clean, errors


def assessments_save(*, tender: Tender, bid: Bid, scores: dict[str, tuple[str, str]], actor,
                     consensus: bool = False, draft: bool = False, origin: str = WEB) -> list[Assessment]:
    """An assessor's own scores for one bid (or, `consensus=True`, the chair's consensus), given as
    {criterion: (score, motivation)}.

    `draft=False` submits the assessment: afterwards every criterion of the method must have a
    score on the scale with a motivation (the criteria not given keep what was saved before).
    `draft=True` saves it unfinished: an empty score means "not yet scored" (a motivation written
    so far is kept); a score still needs its motivation. Either way the whole assessment of this
    bid becomes a draft or submitted, and only a submitted one counts in the evaluation.

    Everything is checked first; then all scores are written in one transaction, or none. Raises
    ValidationError: a plain message when nothing may be saved, a dict {criterion: [messages]}
    when some scores are wrong or missing."""
    with transaction.atomic():
        tender = Tender.objects.select_for_update().get(pk=tender.pk)
        _check_allowed(tender, bid, actor, consensus)
        if not scores:
            raise ValidationError(gettext("Er is niets ingevuld."))
        method = tender_method(tender)
        existing = assessments_of(tender=tender, bid=bid, assessor=actor, consensus=consensus)
        clean, errors = _checked(method, scores, draft, existing)
        if errors:
            raise ValidationError(errors)
        assessor = None if consensus else actor
        records = []
        for criterion, (score, motivation) in clean.items():
            if not score and not motivation:  # left empty in a draft: nothing to keep
                if criterion in existing:
                    existing[criterion].delete()
                continue
            record, created = Assessment.objects.update_or_create(
                tender=tender, bid=bid, criterion=criterion, assessor=assessor, is_consensus=consensus,
                defaults={"score": score, "motivation": motivation, "recorded_by": actor, "is_draft": draft},
            )
            audit_log(action="tender.consensus_recorded" if consensus else "tender.score_recorded", actor=actor,
                      gemeente=tender.gemeente, obj=record, origin=origin,
                      detail={"bid": bid.name, "criterion": criterion, "score": record.score, "new": created,
                              "draft": draft})
            records.append(record)
        Assessment.objects.filter(tender=tender, bid=bid, assessor=assessor, is_consensus=consensus).update(
            is_draft=draft)
        if not draft:
            audit_log(action="tender.consensus_submitted" if consensus else "tender.assessment_submitted",
                      actor=actor, gemeente=tender.gemeente, obj=bid, origin=origin, detail={"bid": bid.name})
    return records


def assessment_save(*, tender: Tender, bid: Bid, criterion: str, score: str, motivation: str, actor,
                    consensus: bool = False, draft: bool = False, origin: str = WEB) -> Assessment:
    """One score (see `assessments_save`)."""
    return assessments_save(tender=tender, bid=bid, scores={criterion: (score, motivation)}, actor=actor,
                            consensus=consensus, draft=draft, origin=origin)[0]
