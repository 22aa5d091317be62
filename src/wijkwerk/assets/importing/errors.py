"""Errors of the file import."""


class ImportFileError(Exception):
    """The file cannot be read at all. `str()` is a one-line Dutch message for the user."""
