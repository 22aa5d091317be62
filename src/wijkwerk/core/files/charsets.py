"""Which text encoding a CSV (or GeoJSON) file is in: UTF-8 with or without a byte order mark,
UTF-16 (with a BOM, or recognised by its zero bytes), else the best West-European guess
(Windows-1252, Latin-1). Large files are checked in chunks, never read whole."""

import codecs
from pathlib import Path

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _

from .errors import FileRefused
from .sniffing import UTF16_BOMS, utf16_without_bom

TEXT_CHUNK = 1 << 20  # bytes read at a time when a whole text file must be looked at
UTF8 = ("utf-8", "utf-8-sig")
# Encodings a file declares (BOM) or that are certain; a note is only given for a guess.
CERTAIN = (*UTF8, "utf-16", "utf-16-le", "utf-16-be")
ENCODING_LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16",
                   "utf-16-be": "UTF-16", "cp1252": "Windows-1252 (Latin-1)", "latin-1": "Latin-1"}


def check_encoding_name(encoding: str) -> str:
    """The codec name of an encoding the user gave (e.g. --encoding); refuses an unknown one."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise FileRefused(_("Onbekende tekenset '%(encoding)s' (bijvoorbeeld: utf-8, cp1252, latin-1).")
                          % {"encoding": encoding}) from None


def _by_marks(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(UTF16_BOMS):
        return "utf-16"
    return utf16_without_bom(head)


def detect_encoding(data: bytes) -> str:
    """The encoding of text in memory (see the module)."""
    marked = _by_marks(data)
    if marked:
        return marked
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    return guess_legacy_encoding(data)


def detect_file_encoding(path: str | Path) -> str:
    """`detect_encoding` for a whole file without holding it in memory: UTF-8 is checked chunk by
    chunk; the guess for other encodings looks at the first megabyte and the part that is not UTF-8."""
    with Path(path).open("rb") as handle:
        head = handle.read(TEXT_CHUNK)
        marked = _by_marks(head)
        if marked:
            return marked
        decoder = codecs.getincrementaldecoder("utf-8")()
        chunk = head
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = handle.read(TEXT_CHUNK)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            sample = head if chunk is head else chunk[: TEXT_CHUNK // 2] + head[: TEXT_CHUNK // 2]
    guess = guess_legacy_encoding(sample)
    # The guess came from part of the file: it must decode all of it, else Latin-1 (reads every byte).
    # So a reader never fails halfway through a file on a wrong guess.
    if guess != "latin-1" and not _decodes(path, guess):
        return "latin-1"
    return guess


def _decodes(path: str | Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with Path(path).open("rb") as handle:
            while chunk := handle.read(TEXT_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False


def guess_legacy_encoding(data: bytes) -> str:
    """cp1252 (or Latin-1 where cp1252 cannot decode), unless charset detection is sure of another
    West-European code page."""
    try:
        best = from_bytes(
            data[:200_000], cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp850", "mac_roman"]
        ).best()
        guess = codecs.lookup(best.encoding).name if best is not None else None
    except Exception:  # charset detection is a guess; never fail the import on it
        guess = None
    if guess in (None, "latin-1", "iso8859-15", "cp1252"):
        # cp1252 is Latin-1 plus the characters Windows puts in 0x80-0x9f (euro sign, quotes).
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"
    return guess


def encoding_label(encoding: str) -> str:
    return ENCODING_LABELS.get(encoding, encoding)


def encoding_note(encoding: str) -> str:
    """The Dutch note that a file was read in another encoding than UTF-8."""
    return _("Het bestand is niet in UTF-8 opgeslagen; gelezen als %(encoding)s. Klopt dat niet, geef dan "
             "--encoding op.") % {"encoding": encoding_label(encoding)}
