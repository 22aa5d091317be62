"""What the scores of the assessment scale mean, in words an assessor and a procurement officer
use: shown where assessors score, in the report and in the method summary. The method holds the
scores and their share of a criterion's maximum value; the usual scores (3, 2, 1, 0, NR) get a
name and an explanation, any other score only its share."""

from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wijkwerk.core.numbers import format_percent

from .method import Method, normalise_score

# score -> (name, explanation, whether the usual share is negative)
MEANINGS = {
    "3": (_("Uitstekend"), _("Het voorstel voegt duidelijk en aantoonbaar veel waarde toe op dit criterium en is "
                             "overtuigend onderbouwd."), False),
    "2": (_("Goed"), _("Het voorstel voegt waarde toe, met enkele zwakke of minder uitgewerkte punten."), False),
    "1": (_("Voldoende"), _("Het voorstel voegt weinig waarde toe of is maar beperkt onderbouwd."), False),
    "0": (_("Geen meerwaarde"), _("Het voorstel voegt niets toe aan wat al gevraagd is, of is niet onderbouwd."),
          False),
    "NR": (_("Nadelig"), _("Het voorstel werkt nadelig voor dit criterium, bijvoorbeeld doordat het bestaand werk "
                           "verdringt; dit kost waarde (een aftrek)."), True),
}


def share_text(share: Decimal) -> str:
    """'60 % van de maximale waarde' or, for a negative share, 'aftrek van 50 % van de maximale waarde'."""
    if share < 0:
        return gettext("aftrek van %(percent)s van de maximale waarde") % {"percent": format_percent(-share, 0)}
    return gettext("%(percent)s van de maximale waarde") % {"percent": format_percent(share, 0)}


def meaning(score: str, share: Decimal) -> tuple[str, str]:
    """(name, explanation) of a score; empty when the score is not one of the usual ones (or its
    share does not fit the usual meaning, e.g. NR worth more than nothing)."""
    found = MEANINGS.get(normalise_score(score))
    if found is None or (share < 0) != found[2]:
        return "", ""
    return str(found[0]), str(found[1])


def scale_rows(method: Method) -> list[dict]:
    """The scale from the highest share to the lowest: score, name, explanation, share in words."""
    rows = []
    for score, share in sorted(method.scale.items(), key=lambda item: -item[1]):
        name, explanation = meaning(score, share)
        rows.append({"score": score, "name": name, "explanation": explanation, "share": share,
                     "share_text": share_text(share)})
    return rows


def score_choices(method: Method) -> list[tuple[str, str]]:
    """The choices of a score field: '3 – Uitstekend' (highest first)."""
    return [(row["score"], f"{row['score']} – {row['name']}" if row["name"] else row["score"])
            for row in scale_rows(method)]


MODE_LABELS = {
    "consensus": _("Consensus: de commissie bepaalt per criterium samen één score"),
    "average": _("Gemiddelde van de scores van de beoordelaars"),
}


def _decimals(value: Decimal) -> int:
    """How many decimals a quantity needs on a page (12000 -> 0, 350.5 -> 1), at most 3."""
    exponent = value.normalize().as_tuple().exponent
    return min(3, max(0, -exponent)) if isinstance(exponent, int) else 0


def method_summary(method: Method) -> dict:
    """The method in words and Dutch numbers, for the method and tender pages (the template
    formats the amounts): price lines, knock-outs, the abnormally-low limit, the shortlist, how
    the assessment counts, the scale with its meaning, and the criteria with their weight."""
    total = sum((c.max_value for c in method.criteria), Decimal(0))
    return {
        "title": method.title,
        "price_items": [{"code": p.code, "description": p.description, "unit": p.unit,
                         "quantity": p.fictive_quantity, "decimals": _decimals(p.fictive_quantity)}
                        for p in method.price_items],
        "knockouts": list(method.knockouts),
        "abnormally_low": method.abnormally_low,
        "shortlist": method.shortlist,
        "mode_label": str(MODE_LABELS.get(method.mode, method.mode)),
        "scale": scale_rows(method),
        "criteria": [{"code": c.code, "description": c.description, "max_value": c.max_value,
                      "weight": c.max_value / total if total else None} for c in method.criteria],
        "total": total,
    }
