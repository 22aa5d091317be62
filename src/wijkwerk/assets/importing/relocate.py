"""Recompute buurt, wijk and outside_areas of a gemeente's assets (after its areas changed)."""

import numpy as np
from django.db import connection, transaction

from wijkwerk.areas.locate import AreaLocator
from wijkwerk.assets.models import Asset

from . import bulk_sql


def assets_relocate(*, gemeente) -> int:
    """Places every asset of the gemeente in the buurt and wijk its point (or centroid) lies in.
    Only derived location fields change: no new version, no history. Returns how many changed."""
    locator = AreaLocator.for_gemeente(gemeente)
    table = connection.ops.quote_name(Asset._meta.db_table)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, lon, lat, buurt_id, wijk_id, outside_areas FROM {table} WHERE gemeente_id = %s",
                [gemeente.pk],
            )
            rows = cursor.fetchall()
        if not rows:
            return 0
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        lon = np.array([r[1] for r in rows], dtype=float)
        lat = np.array([r[2] for r in rows], dtype=float)
        old_buurt = np.array([r[3] or 0 for r in rows], dtype=np.int64)
        old_wijk = np.array([r[4] or 0 for r in rows], dtype=np.int64)
        old_outside = np.array([bool(r[5]) for r in rows], dtype=bool)
        del rows
        buurt, wijk = locator.locate(lon, lat)
        outside = locator.outside(buurt, wijk)
        changed = np.flatnonzero((buurt != old_buurt) | (wijk != old_wijk) | (outside != old_outside))
        if len(changed):
            bulk_sql.update_rows(
                Asset._meta.db_table,
                ("buurt_id", "wijk_id", "outside_areas"),
                (
                    (int(buurt[i]) or None, int(wijk[i]) or None, bool(outside[i]), int(ids[i]))
                    for i in changed.tolist()
                ),
            )
    return int(len(changed))
