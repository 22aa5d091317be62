"""The one exception of the file layer: a file that is not accepted."""


class FileRefused(ValueError):
    """The file is not accepted: corrupt, truncated, empty, of an unsupported format, not what its
    name says, or above a limit. `str()` is one Dutch sentence for the user, never a traceback."""


class LimitExceeded(FileRefused):
    """The file breaks a configured limit; `setting` is the name of that setting (the message names it
    too), e.g. WIJKWERK_IMPORT_MAX_MB or WIJKWERK_IMPORT_MAX_ROWS."""

    def __init__(self, message: str, *, setting: str):
        super().__init__(message)
        self.setting = setting
