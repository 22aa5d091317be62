"""Quality (CROW schouw): the versioned quality catalogue, area types with their targets, schouw
rounds with their plots and scores, and the import of a schouw from a file.

Modules: defaults (the catalogue and area types a municipality starts with), services (writes:
catalogue, area types, rounds), plots (writes of a round's plots; a done round is read-only),
sampling (random plots in a buurt), schouw_import and polygons_import (the two file imports: read,
check, save), selectors (reads, results), forms, views (round pages) and catalogue_views
(catalogue and area type pages)."""
