"""Uploaded files: limited while they arrive, stored with the same limit, checked before parsing.

`UploadLimitHandler` (first in FILE_UPLOAD_HANDLERS) drops a file above WIJKWERK_IMPORT_MAX_MB before
it is stored (by the request's Content-Length, else by counting), and the view asks
`upload_refusal(request)` for the message. `save_upload` copies an upload to its place with the same
limit and removes what it wrote when it refuses. The content checks (`sniff`, `zip_member_names`,
`check_size`) are offered here too, so a view or service that takes uploads needs one import.
"""

import os
from pathlib import Path

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from .errors import FileRefused, LimitExceeded
from .limits import SIZE_SETTING, check_size, file_limit_label, max_file_bytes, too_large_message
from .sniffing import OLE_MAGIC, SHAPEFILE_MAGIC, SQLITE_MAGIC, ZIP_MAGICS, sniff
from .zips import zip_member_names

__all__ = [
    "FileRefused", "LimitExceeded", "OLE_MAGIC", "SHAPEFILE_MAGIC", "SQLITE_MAGIC", "UploadLimitHandler",
    "ZIP_MAGICS", "check_size", "max_upload_bytes", "max_upload_label", "save_upload", "sniff",
    "too_large_message", "upload_refusal", "zip_member_names",
]

REQUEST_OVERHEAD = 1024 * 1024  # the form's other fields and multipart headers
REFUSAL_ATTRIBUTE = "wijkwerk_upload_refusal"


def max_upload_bytes() -> int:
    """The largest upload (the file size limit, WIJKWERK_IMPORT_MAX_MB)."""
    return max_file_bytes()


def max_upload_label() -> str:
    """The upload limit for a help text, e.g. "500 MB"."""
    return file_limit_label()


class UploadLimitHandler(FileUploadHandler):
    """Drops an uploaded file above WIJKWERK_IMPORT_MAX_MB before it is stored anywhere: at once when
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
    """Writes an uploaded file to `target` (0600), counting as it goes; refuses (and removes the
    partial file) above the upload limit."""
    target = Path(target)
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise LimitExceeded(too_large_message(upload.size), setting=SIZE_SETTING)
    written = 0
    try:
        with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            for chunk in upload.chunks():
                written += len(chunk)
                if written > limit:
                    raise LimitExceeded(too_large_message(), setting=SIZE_SETTING)
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target
