"""Before and after photos of work: checked (an image that Pillow reads, of an allowed type, not
too large in bytes or pixels), turned upright, re-encoded as JPEG without any metadata (EXIF with
GPS and camera, XMP, ICC, comments) and stored as a private file (0600 in a 0700 folder) under the
data folder. Plain functions, no database: `work.completion` records the rows."""

from __future__ import annotations

import io
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from wijkwerk.core.private_files import private_dir

MAX_PHOTO_BYTES = 15 * 1024 * 1024  # a phone photo is 2-8 MB
MAX_PHOTO_PIXELS = 50_000_000  # 50 megapixels; more is not a phone photo (or a decompression bomb)
MAX_STORED_SIDE = 2560  # stored photos are scaled down to this longest side
ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "MPO": "JPEG"}
PHOTO_FOLDER = "work-photos"


@dataclass(frozen=True)
class CleanPhoto:
    """A checked photo, re-encoded without metadata, not stored yet."""

    name: str
    data: bytes
    width: int
    height: int

    @property
    def size(self) -> int:
        return len(self.data)


def photo_root() -> Path:
    return Path(settings.MEDIA_ROOT) / PHOTO_FOLDER


def _read_limited(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise ValidationError(_too_large(upload, size))
    if hasattr(upload, "chunks"):
        parts, total = [], 0
        for chunk in upload.chunks():
            total += len(chunk)
            if total > MAX_PHOTO_BYTES:
                raise ValidationError(_too_large(upload, total))
            parts.append(chunk)
        return b"".join(parts)
    data = upload.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError(_too_large(upload, len(data)))
    return data


def _name(upload) -> str:
    return Path(getattr(upload, "name", "") or "foto").name[:100]


def _too_large(upload, size: int) -> str:
    return _("De foto ‘%(name)s’ is te groot (%(size)s MB; hoogstens %(max)s MB).") % {
        "name": _name(upload), "size": f"{size / 1024 / 1024:.1f}", "max": MAX_PHOTO_BYTES // 1024 // 1024}


def photo_clean(upload) -> CleanPhoto:
    """Checks one uploaded photo and re-encodes it without metadata; ValidationError (Dutch, with
    the file's name) when it is not an image, of another type, or too large."""
    name = _name(upload)
    data = _read_limited(upload)
    not_image = _("‘%(name)s’ is geen foto: kies een JPEG-, PNG- of WebP-afbeelding.") % {"name": name}
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(not_image) from None
    if kind not in ALLOWED_FORMATS:
        raise ValidationError(not_image)
    if width * height > MAX_PHOTO_PIXELS:
        raise ValidationError(_("De foto ‘%(name)s’ heeft te veel beeldpunten (%(mp)s megapixel; hoogstens "
                                "%(max)s).") % {"name": name, "mp": round(width * height / 1e6),
                                                "max": MAX_PHOTO_PIXELS // 1_000_000})
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            rgb = upright.convert("RGB")
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(not_image) from None
    rgb.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE))
    # Only the pixels go into a new image: Pillow would carry `info` (comment, EXIF, XMP, ICC) over
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return CleanPhoto(name=name, data=out.getvalue(), width=clean.width, height=clean.height)


def photo_store(photo: CleanPhoto, *, gemeente_id: int, order_id: int) -> str:
    """Writes the photo as a new private file; returns its path relative to the photo folder."""
    folder = private_dir(photo_root() / str(gemeente_id) / str(order_id))
    target = folder / f"{uuid.uuid4().hex}.jpg"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(photo.data)
    return str(target.relative_to(photo_root()))


def photo_path(relative: str) -> Path | None:
    """The stored file for a relative path, or None when the path leaves the photo folder."""
    root = photo_root().resolve()
    path = (root / relative).resolve()
    return path if root in path.parents and path.is_file() else None


def photo_delete(relative: str) -> None:
    path = photo_path(relative)
    if path is not None:
        path.unlink(missing_ok=True)
