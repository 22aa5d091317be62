"""Technical condition (NEN 2767): a municipality's condition tables, measurements of an asset
(elements and defects) and their import from a file. The asset's current condition is kept by
the asset register (`assets.services.asset_condition_record`).

Modules: services (writes), conditions_import (the file import: read, check, save), selectors
(reads), forms and views (pages). The arithmetic is in `inspections.nen2767` (no Django)."""
