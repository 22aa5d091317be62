"""Errors of the asset import."""

from wijkwerk.core.files import FileRefused

# The file layer's one exception (core/files): a file that cannot be read, or an option that does
# not fit it. `str()` is a one-line Dutch message. Kept under its old name for existing callers.
ImportFileError = FileRefused
