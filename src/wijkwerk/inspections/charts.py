"""Small server-side SVG charts (no JavaScript): the trend of the share at or above target
over rounds, one line per aspect."""

from __future__ import annotations

from django.utils.translation import gettext

PALETTE = ("#0b5d4b", "#1f6feb", "#c0392b", "#8e44ad", "#b7791f", "#2c7a7b", "#6b4a00", "#d35400", "#4f5f5b")
WIDTH, HEIGHT = 520, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 14, 46


def _pct(value: float) -> str:
    return f"{value * 100:.0f} %"


def trend_chart(trend: list[dict], aspects: list[str], *, pass_share: float | None = None) -> dict | None:
    """Geometry for a line chart: x = rounds (oldest first), y = share 0..100 %.
    `trend` as from selectors.round_trend; returns None without data."""
    rounds = [t for t in trend if t["aspects"]]
    if not rounds or not aspects:
        return None
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(rounds)

    def x(i: int) -> float:
        return LEFT + (plot_w / 2 if n == 1 else plot_w * i / (n - 1))

    def y(share: float) -> float:
        return TOP + plot_h * (1 - share)

    lines = []
    for k, aspect in enumerate(aspects):
        pts = [(x(i), y(t["aspects"][aspect]), t["round"], t["aspects"][aspect])
               for i, t in enumerate(rounds) if t["aspects"].get(aspect) is not None]
        if not pts:
            continue
        lines.append({
            "label": aspect, "colour": PALETTE[k % len(PALETTE)],
            "points": " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in pts),
            "dots": [{"x": f"{px:.1f}", "y": f"{py:.1f}", "title": f"{aspect}, {name}: {_pct(v)}"} for px, py, name, v in pts],
        })
    grid = [{"y": f"{y(v):.1f}", "label": _pct(v)} for v in (0, 0.25, 0.5, 0.75, 1.0)]
    chars = max(6, int(plot_w / n / 6.5))  # about 6.5 px per character at font-size 11
    labels = [{"x": f"{x(i):.1f}", "y": f"{HEIGHT - BOTTOM + 18:.1f}",
               "text": t["round"] if len(t["round"]) <= chars else t["round"][:chars - 1] + "…"} for i, t in enumerate(rounds)]
    summary = "; ".join(
        f"{a}: " + ", ".join(f"{t['round']} {_pct(t['aspects'][a])}" for t in rounds if t["aspects"].get(a) is not None)
        for a in aspects)
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP, "bottom": HEIGHT - BOTTOM,
        "lines": lines, "grid": grid, "labels": labels,
        "norm": ({"y": f"{y(pass_share):.1f}", "label": gettext("norm %(share)s") % {"share": _pct(pass_share)}}
                 if pass_share is not None else None),
        "summary": gettext("Aandeel op of boven streefniveau per ronde. %(summary)s.") % {"summary": summary},
    }
