"""The limits every importer shares, read from settings when they are used (so a test or an operator
can change them): the size of a file and of a zip's unpacked content (WIJKWERK_IMPORT_MAX_MB), the
compression ratio of a zip member (WIJKWERK_MAX_ZIP_RATIO), the number of rows
(WIJKWERK_IMPORT_MAX_ROWS) and the refused rows kept in an error list (WIJKWERK_MAX_ERROR_ROWS).

A limit is refused up front, before anything is written, with a `LimitExceeded` whose message names
the setting.
"""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import LimitExceeded

MB = 1024 * 1024
SIZE_SETTING = "WIJKWERK_IMPORT_MAX_MB"
ROWS_SETTING = "WIJKWERK_IMPORT_MAX_ROWS"
RATIO_SETTING = "WIJKWERK_MAX_ZIP_RATIO"
ERROR_ROWS_SETTING = "WIJKWERK_MAX_ERROR_ROWS"
DEFAULT_MAX_MB = 500.0
DEFAULT_MAX_ROWS = 2_000_000
DEFAULT_MAX_ZIP_RATIO = 100.0
DEFAULT_MAX_ERROR_ROWS = 1000
MAX_ERRORS_IN_JSON = 100  # refused rows shown on a page / in a JSON answer; the error CSV has more
MAX_ZIP_MEMBERS = 1000

def _max_megabytes() -> float:
    return float(getattr(settings, SIZE_SETTING, DEFAULT_MAX_MB))


def max_file_bytes() -> int:
    """The largest file (upload or file on disk) any importer accepts."""
    return int(_max_megabytes() * MB)


def max_unpacked_bytes() -> int:
    """The most a zip archive (also an XLSX) may unpack to, all members together."""
    return int(_max_megabytes() * MB)


def max_zip_ratio() -> float:
    return float(getattr(settings, RATIO_SETTING, DEFAULT_MAX_ZIP_RATIO))


def max_rows() -> int:
    """The most data rows (or features) one file may hold."""
    return int(getattr(settings, ROWS_SETTING, DEFAULT_MAX_ROWS))


def max_error_rows() -> int:
    """Refused rows kept (in memory and in the error CSV); the rest are only counted."""
    return max(int(getattr(settings, ERROR_ROWS_SETTING, DEFAULT_MAX_ERROR_ROWS)), MAX_ERRORS_IN_JSON)


def megabytes(n: int) -> str:
    """A size the Dutch way: 200 MB, 1,5 MB, 10 kB."""
    if n < MB:
        return f"{max(round(n / 1024), 1)} kB"
    mb = n / MB
    return f"{mb:.0f} MB" if mb >= 10 else f"{mb:.1f} MB".replace(".", ",")


def file_limit_label() -> str:
    """The file size limit for a help text, e.g. "500 MB"."""
    return megabytes(max_file_bytes())


def too_large_message(size: int | None = None) -> str:
    """The Dutch refusal of a file above the size limit (its size when known), naming the setting."""
    values = {"limit": megabytes(max_file_bytes()), "setting": SIZE_SETTING}
    if size is None:
        return _("Het bestand is te groot: groter dan de grens van %(limit)s (%(setting)s). "
                 "Lever een kleiner bestand aan.") % values
    return _("Het bestand is te groot (%(size)s); de grens is %(limit)s (%(setting)s). "
             "Lever een kleiner bestand aan.") % {**values, "size": megabytes(size)}


def check_size(path: str | Path) -> None:
    """Refuses a file larger than the size limit."""
    size = Path(path).stat().st_size
    if size > max_file_bytes():
        raise LimitExceeded(too_large_message(size), setting=SIZE_SETTING)


def too_many_rows(name: str) -> LimitExceeded:
    """The refusal of a file with more rows than WIJKWERK_IMPORT_MAX_ROWS (raise it)."""
    limit = max_rows()
    return LimitExceeded(
        _("'%(name)s' heeft meer dan %(limit)s rijen; de grens is %(limit)s (%(setting)s). Splits het bestand "
          "of vraag de beheerder de grens te verhogen.") % {"name": name, "limit": f"{limit:,}".replace(",", "."),
                                                            "setting": ROWS_SETTING},
        setting=ROWS_SETTING,
    )


def check_row_count(count: int, *, name: str) -> None:
    """Refuses `count` rows when that is more than WIJKWERK_IMPORT_MAX_ROWS."""
    if count > max_rows():
        raise too_many_rows(name)
