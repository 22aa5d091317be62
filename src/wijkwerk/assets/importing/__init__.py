"""Importing assets from files: GeoJSON, GeoPackage, Shapefile, CSV and XLSX.

Reading the file (formats, encodings, CRS, column aliases, limits, row errors) is the shared file
layer, wijkwerk.core.files. What is about assets lives here: options (what the user chose), rows
(asset columns, type and attribute mapping, value cleaning), prepare (vectorised row preparation of
the whole file), chunks (attributes and fingerprints per run of rows), upsert (the service, writes),
bulk_sql (the database-specific bulk SQL), relocate (buurt/wijk after area changes), report (the
outcome).
"""

from .errors import ImportFileError
from .options import ImportOptions, load_type_map
from .relocate import assets_relocate
from .report import ImportReport
from .upsert import assets_import

__all__ = ["ImportFileError", "ImportOptions", "ImportReport", "assets_import", "assets_relocate", "load_type_map"]
