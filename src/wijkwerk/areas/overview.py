"""The overview page's table: assets per wijk and buurt by asset type, from one aggregate query
(assets.selectors.asset_counts_by_area, GROUP BY), never by loading assets."""

from dataclasses import dataclass, field

from wijkwerk.assets.models import AssetType
from wijkwerk.assets.selectors import asset_counts_by_area

from .models import Area


@dataclass
class AreaRow:
    area: Area | None
    counts: dict[str, int] = field(default_factory=dict)  # asset type code -> count
    buurten: list["AreaRow"] = field(default_factory=list)
    cells: list[int] = field(default_factory=list)  # counts in the order of Overview.types

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Overview:
    types: list[AssetType]  # the types that occur in this municipality, by label
    wijken: list[AreaRow]  # each with its buurten
    loose_buurten: list[AreaRow]  # buurten without a wijk
    outside: AreaRow  # assets outside every buurt
    totals: AreaRow  # the whole municipality

    @property
    def wijk_count(self) -> int:
        return len(self.wijken)

    @property
    def buurt_count(self) -> int:
        return sum(len(w.buurten) for w in self.wijken) + len(self.loose_buurten)


def area_overview(*, gemeente) -> Overview:
    counts = asset_counts_by_area(gemeente=gemeente)
    by_buurt, by_wijk = counts["by_buurt"], counts["by_wijk"]
    areas = list(Area.objects.filter(gemeente=gemeente).order_by("code").only("id", "level", "code", "name",
                                                                            "parent_id"))
    wijken = {a.pk: AreaRow(area=a, counts=by_wijk.get(a.pk, {})) for a in areas if a.level == Area.Level.WIJK}
    loose: list[AreaRow] = []
    for area in areas:
        if area.level != Area.Level.BUURT:
            continue
        row = AreaRow(area=area, counts=by_buurt.get(area.pk, {}))
        parent = wijken.get(area.parent_id)
        (parent.buurten if parent else loose).append(row)

    totals: dict[str, int] = counts["total"]
    types = [t for t in AssetType.objects.all() if totals.get(t.code)]
    overview = Overview(
        types=types,
        wijken=sorted(wijken.values(), key=lambda r: (r.area.name.lower(), r.area.code)),
        loose_buurten=loose,
        outside=AreaRow(area=None, counts=by_buurt.get(None, {})),
        totals=AreaRow(area=None, counts=totals),
    )
    rows = [overview.outside, overview.totals, *overview.loose_buurten]
    for wijk in overview.wijken:
        rows += [wijk, *wijk.buurten]
    for row in rows:
        row.cells = [row.counts.get(t.code, 0) for t in types]
    return overview
