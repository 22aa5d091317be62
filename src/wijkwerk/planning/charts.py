"""Small server-side SVG chart (no JavaScript needed): the cost-risk frontier of a plan."""

from django.utils.html import escape
from django.utils.translation import gettext

from wijkwerk.core.numbers import format_number


def frontier_svg(frontier: list[dict], width: int = 520, height: int = 260) -> str:
    pts = [(f["cost"], f["risk"], f["factor"]) for f in frontier if f.get("risk") is not None]
    if len(pts) < 2:
        return ""
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    pad = 50

    def sx(v):
        return pad + (v - x0) / max(x1 - x0, 1e-9) * (width - 2 * pad)

    def sy(v):
        return height - pad + -(v - y0) / max(y1 - y0, 1e-9) * (height - 2 * pad)

    line = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y, _ in pts)
    point = gettext("%(percent)s %% budget: kosten %(cost)s, risico %(risk)s")
    title = gettext("Kosten tegen risico per budgetscenario")
    x_label, y_label = gettext("Kosten over de horizon (EUR)"), gettext("Risico")
    dots = "".join(
        f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="4" fill="#0b5d4b"><title>'
        + escape(point % {"percent": round(f * 100), "cost": format_number(x), "risk": format_number(y)})
        + "</title></circle>"
        f'<text x="{sx(x):.1f}" y="{sy(y) - 8:.1f}" font-size="11" text-anchor="middle">{round(f * 100)}%</text>'
        for x, y, f in pts
    )
    return (
        f'<svg role="img" aria-labelledby="frontier-title" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px">'
        f'<title id="frontier-title">{escape(title)}</title>'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#555"/>'
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#555"/>'
        f'<text x="{width / 2}" y="{height - 12}" font-size="12" text-anchor="middle">'
        f'{escape(x_label)}</text>'
        f'<text x="14" y="{height / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 {height / 2})">'
        f'{escape(y_label)}</text>'
        f'<polyline points="{line}" fill="none" stroke="#0b5d4b" stroke-width="2"/>{dots}</svg>'
    )
