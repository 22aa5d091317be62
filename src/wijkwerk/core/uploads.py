"""Uploaded files checked before anything parses them: the real type by content (magic bytes),
size limits, and zip archives (also XLSX, which is a zip) inspected without unpacking them.

Every refusal is a `FileRefused` whose `str()` is one Dutch sentence for the user. Limits come from
settings (`WIJKWERK_MAX_UPLOAD_MB`, `WIJKWERK_MAX_UNPACKED_MB`, `WIJKWERK_MAX_ZIP_RATIO`).

Uploads are limited while they arrive: `UploadLimitHandler` (first in FILE_UPLOAD_HANDLERS) drops a
file above the limit before it is stored (by the request's Content-Length, else by counting), and
the view asks `upload_refusal(request)` for the message. `save_upload` copies an upload to its place
with the same limit and removes what it wrote when it refuses.
"""

import os
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

SQLITE_MAGIC = b"SQLite format 3\x00"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
SHAPEFILE_MAGIC = b"\x00\x00\x27\x0a"  # file code 9994, big-endian
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Excel (.xls) and other Office 97 files
MAX_ZIP_MEMBERS = 1000


class FileRefused(ValueError):
    """The file is not accepted. `str()` is a one-line Dutch message for the user."""


def max_upload_bytes() -> int:
    return int(settings.WIJKWERK_MAX_UPLOAD_MB * 1024 * 1024)


def max_unpacked_bytes() -> int:
    return int(settings.WIJKWERK_MAX_UNPACKED_MB * 1024 * 1024)


def max_upload_label() -> str:
    """The upload limit for a help text, e.g. "200 MB"."""
    return _megabytes(max_upload_bytes())


def _megabytes(n: int) -> str:
    """A size the Dutch way: 200 MB, 1,5 MB, 10 kB."""
    if n < 1024 * 1024:
        return f"{max(round(n / 1024), 1)} kB"
    mb = n / (1024 * 1024)
    return f"{mb:.0f} MB" if mb >= 10 else f"{mb:.1f} MB".replace(".", ",")


def sniff(path: str | Path) -> str:
    """What a file is by its first bytes: 'sqlite', 'zip', 'shp', 'ole', 'xml', 'json' or 'text'
    (anything else that is not binary) or 'binary'. Never trusts the file name."""
    with Path(path).open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(ZIP_MAGICS):
        return "zip"
    if head.startswith(SHAPEFILE_MAGIC):
        return "shp"
    if head.startswith(OLE_MAGIC):
        return "ole"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        return "xml"
    if stripped.startswith((b"{", b"[")):
        return "json"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def check_size(path: str | Path) -> None:
    """Refuses a file larger than the upload limit."""
    size = Path(path).stat().st_size
    if size > max_upload_bytes():
        raise FileRefused(
            f"Het bestand is te groot ({_megabytes(size)}); de grens is {_megabytes(max_upload_bytes())}."
        )


def zip_member_names(path: str | Path, *, label: str = "zip-bestand") -> list[str]:
    """The names of the files in a zip archive after checking it is safe to open: not too many
    members, no absolute or parent paths, an unpacked size and a compression ratio within the
    limits. Nothing is unpacked."""
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(f"'{name}' is geen geldig {label} (beschadigd of afgebroken).") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise FileRefused(f"'{name}' bevat te veel bestanden ({len(infos)}; de grens is {MAX_ZIP_MEMBERS}).")
    unpacked = 0
    names = []
    for info in infos:
        member = PurePosixPath(info.filename.replace("\\", "/"))
        if member.is_absolute() or ".." in member.parts or ":" in info.filename:
            raise FileRefused(f"'{name}' bevat een bestand met een ongeldig pad ({info.filename[:80]}).")
        unpacked += info.file_size
        if unpacked > max_unpacked_bytes():
            raise FileRefused(
                f"'{name}' is uitgepakt te groot (meer dan {_megabytes(max_unpacked_bytes())}); "
                "lever een kleiner bestand aan."
            )
        ratio_base = max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and info.file_size / ratio_base > settings.WIJKWERK_MAX_ZIP_RATIO:
            raise FileRefused(
                f"'{name}' is verdacht sterk ingepakt ({info.filename[:80]} is uitgepakt "
                f"{info.file_size // ratio_base} keer zo groot); zo'n bestand wordt niet geopend."
            )
        if not info.is_dir():
            names.append(info.filename)
    return names


# --- while the upload arrives ---------------------------------------------------------------------

REQUEST_OVERHEAD = 1024 * 1024  # the form's other fields and multipart headers
REFUSAL_ATTRIBUTE = "wijkwerk_upload_refusal"


def too_large_message(size: int | None = None) -> str:
    """The Dutch refusal of a file above the upload limit (its size when known)."""
    limit = _megabytes(max_upload_bytes())
    if size is None:
        return f"Het bestand is te groot: groter dan de grens van {limit}. Lever een kleiner bestand aan."
    return f"Het bestand is te groot ({_megabytes(size)}); de grens is {limit}. Lever een kleiner bestand aan."


class UploadLimitHandler(FileUploadHandler):
    """Drops an uploaded file above WIJKWERK_MAX_UPLOAD_MB before it is stored anywhere: at once when
    the request's Content-Length already says so, otherwise as soon as the running count passes the
    limit (the part written so far by the next handler is closed and deleted by Django). The other
    form fields are still read (so the CSRF check and the form work); `upload_refusal(request)` then
    returns the Dutch message."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_too_large = bool(content_length) and content_length > max_upload_bytes() + REQUEST_OVERHEAD
        self.request_length = content_length

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        if getattr(self, "request_too_large", False):
            self._refuse(too_large_message(self.request_length))

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_upload_bytes():
            self._refuse(too_large_message())
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) delivers the file

    def _refuse(self, message: str) -> None:
        if self.request is not None:
            setattr(self.request, REFUSAL_ATTRIBUTE, message)
        raise SkipFile(message)


def upload_refusal(request) -> str | None:
    """The Dutch message when UploadLimitHandler dropped a file of this request, else None.
    Reading it makes Django parse the upload (if that has not happened yet)."""
    request.FILES  # noqa: B018  (parses the body, runs the upload handlers)
    return getattr(request, REFUSAL_ATTRIBUTE, None)


def save_upload(upload, target: str | Path) -> Path:
    """Writes an uploaded file to `target`, counting as it goes; refuses (and removes the partial
    file) above the upload limit."""
    target = Path(target)
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise FileRefused(too_large_message(upload.size))
    written = 0
    try:
        with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            for chunk in upload.chunks():
                written += len(chunk)
                if written > limit:
                    raise FileRefused(too_large_message())
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target
