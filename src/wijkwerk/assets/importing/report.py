"""The outcome of an asset import: the file layer's ImportReport plus the assets outside every buurt,
the rows per asset type and, when the type comes from a column, that column's distinct values (what
the import page offers to map onto asset types)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wijkwerk.core.files import ImportReport as FileImportReport

MAX_TYPE_VALUES = 50  # distinct values of the type column the report keeps (the page offers a choice for each)


@dataclass
class ImportReport(FileImportReport):
    outside_areas: int = 0
    by_type: dict[str, int] = field(default_factory=dict)  # type code -> rows imported (or to import)
    type_column: str | None = None
    type_values: list[dict] = field(default_factory=list)  # [{"value", "count", "type": code | None}]
    type_values_more: int = 0  # distinct values beyond MAX_TYPE_VALUES
    valid_codes: list[str] = field(default_factory=list)  # filled when some type value was not known

    def extra_counts(self) -> dict:
        return {"outside_areas": self.outside_areas, "by_type": dict(self.by_type), "type_column": self.type_column,
                "type_values": list(self.type_values), "type_values_more": self.type_values_more}

    def extra_summary_lines(self) -> list[str]:
        lines = [_("Buiten alle buurten: %(count)s.") % {"count": self.outside_areas}]
        if self.valid_codes:
            lines.append(_("Geldige codes voor de soort: %(codes)s.") % {"codes": ", ".join(self.valid_codes)})
        return lines
