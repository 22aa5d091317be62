"""Errors of the file import."""

from wijkwerk.core.uploads import FileRefused


class ImportFileError(FileRefused):
    """The file cannot be read at all. `str()` is a one-line Dutch message for the user.

    A `FileRefused` (core/uploads.py), so a page can catch a refused upload and an unreadable
    file as one."""
