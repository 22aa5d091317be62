"""The outcome of an asset import: the file layer's ImportReport plus the assets outside every buurt."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from wijkwerk.core.files import ImportReport as FileImportReport


@dataclass
class ImportReport(FileImportReport):
    outside_areas: int = 0

    def extra_counts(self) -> dict:
        return {"outside_areas": self.outside_areas}

    def extra_summary_lines(self) -> list[str]:
        return [_("Buiten alle buurten: %(count)s.") % {"count": self.outside_areas}]
