"""Moved to the file layer: wijkwerk.core.files.uploads (and wijkwerk.core.files). Only these names
stay importable from here, for the modules that have not switched yet (assets/forms.py,
assets/tasks.py, inspections); delete this module when they import from wijkwerk.core.files."""

from wijkwerk.core.files.uploads import (
    FileRefused,
    UploadLimitHandler,
    check_size,
    max_upload_bytes,
    max_upload_label,
    save_upload,
    sniff,
    too_large_message,
    upload_refusal,
    zip_member_names,
)

__all__ = ["FileRefused", "UploadLimitHandler", "check_size", "max_upload_bytes", "max_upload_label", "save_upload",
           "sniff", "too_large_message", "upload_refusal", "zip_member_names"]
