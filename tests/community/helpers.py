"""Helpers of the community tests shared with other apps' tests (page isolation)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.community.factories import ReportFactory
from wijkwerk.work.photos import photo_clean, photo_store


def tiny_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def community_ids(gemeente) -> dict:
    """URL parameters of the community pages: a report of `gemeente` with a stored photo (so its
    photo page answers 200 to a member)."""
    clean = photo_clean(SimpleUploadedFile("melding.jpg", tiny_jpeg()))
    report = ReportFactory(gemeente=gemeente, photo=photo_store(clean, gemeente_id=gemeente.pk, order_id="meldingen"))
    return {"number": report.number}
