"""What a file is by its first bytes (magic numbers), never by its name."""

import codecs
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
SHAPEFILE_MAGIC = b"\x00\x00\x27\x0a"  # file code 9994, big-endian
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Excel (.xls) and other Office 97 files
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
HEAD_BYTES = 4096


def utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when `head` looks like UTF-16 text without a byte order mark (Western
    text then has a zero byte in every other position), else None."""
    sample = head[: len(head) - len(head) % 2][:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) >= 0.9 * half and even.count(0) <= 0.1 * half:
        return "utf-16-le"
    if even.count(0) >= 0.9 * half and odd.count(0) <= 0.1 * half:
        return "utf-16-be"
    return None


def sniff_bytes(head: bytes) -> str:
    """What the first bytes of a file say it is: 'sqlite', 'zip', 'shp', 'ole', 'xml', 'json', 'text'
    (anything else that is not binary) or 'binary'."""
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
    if b"\x00" in head and not head.startswith(UTF16_BOMS) and utf16_without_bom(head) is None:
        return "binary"
    return "text"


def sniff(path: str | Path) -> str:
    """`sniff_bytes` of the file's first 4 kB."""
    with Path(path).open("rb") as handle:
        return sniff_bytes(handle.read(HEAD_BYTES))
