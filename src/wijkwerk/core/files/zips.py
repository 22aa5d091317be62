"""Zip archives (also XLSX, which is a zip) inspected without unpacking them."""

import zipfile
import zlib
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from . import limits
from .errors import FileRefused, LimitExceeded

# Zip entries that operating systems add by themselves; never opened.
ZIP_JUNK = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")


def zip_member_names(path: str | Path, *, label: str | None = None) -> list[str]:
    """The names of the files in a zip archive after checking it is safe to open: not too many
    members, no absolute or parent paths, an unpacked size (WIJKWERK_IMPORT_MAX_MB) and a compression
    ratio (WIJKWERK_MAX_ZIP_RATIO) within the limits. Nothing is unpacked: only the archive's
    directory is read, so even a zip bomb is refused in milliseconds."""
    name = Path(path).name
    label = label or _("zip-bestand")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise FileRefused(_("'%(name)s' is geen geldig %(label)s (beschadigd of afgebroken).")
                          % {"name": name, "label": label}) from None
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        raise FileRefused(_("'%(name)s' bevat te veel bestanden (%(count)s; de grens is %(limit)s).")
                          % {"name": name, "count": len(infos), "limit": limits.MAX_ZIP_MEMBERS})
    max_unpacked = limits.max_unpacked_bytes()
    max_ratio = limits.max_zip_ratio()
    unpacked = 0
    names = []
    for info in infos:
        member = PurePosixPath(info.filename.replace("\\", "/"))
        if member.is_absolute() or ".." in member.parts or ":" in info.filename:
            raise FileRefused(_("'%(name)s' bevat een bestand met een ongeldig pad (%(member)s).")
                              % {"name": name, "member": info.filename[:80]})
        unpacked += info.file_size
        if unpacked > max_unpacked:
            raise LimitExceeded(
                _("'%(name)s' is uitgepakt te groot (meer dan %(limit)s, de grens %(setting)s); lever een "
                  "kleiner bestand aan.") % {"name": name, "limit": limits.megabytes(max_unpacked),
                                             "setting": limits.SIZE_SETTING},
                setting=limits.SIZE_SETTING,
            )
        ratio_base = max(info.compress_size, 1)
        if info.file_size > limits.MB and info.file_size / ratio_base > max_ratio:
            raise LimitExceeded(
                _("'%(name)s' is verdacht sterk ingepakt (%(member)s is uitgepakt %(ratio)s keer zo groot; de "
                  "grens is %(limit)s, %(setting)s); zo'n bestand wordt niet geopend.")
                % {"name": name, "member": info.filename[:80], "ratio": info.file_size // ratio_base,
                   "limit": f"{max_ratio:g}", "setting": limits.RATIO_SETTING},
                setting=limits.RATIO_SETTING,
            )
        if not info.is_dir():
            names.append(info.filename)
    return names


def is_junk(name: str) -> bool:
    """An entry an operating system added by itself (__MACOSX/, .DS_Store, ...)."""
    return name.startswith(ZIP_JUNK[0]) or "/__MACOSX/" in name or PurePosixPath(name).name in ZIP_JUNK[1:]


def member_head(path: str | Path, name: str, size: int) -> bytes:
    """The first `size` bytes of one zip member (only those are unpacked)."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(name) as handle:
            return handle.read(size)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError):
        # RuntimeError: encrypted; NotImplementedError: an unsupported compression method
        raise FileRefused(
            _("'%(name)s' in het zip-bestand kan niet worden uitgepakt (beschadigd, versleuteld of een onbekende "
              "compressie).") % {"name": name}
        ) from None
