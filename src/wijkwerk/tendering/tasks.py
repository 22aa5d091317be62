"""Background tasks of the tender: reading received bid sheets.

Started with `wijkwerk.core.tasks.enqueue("wijkwerk.tendering.tasks.read_bid_uploads", upload_ids=[...])`;
one task reads the sheets of one upload one after the other (not all at once).
"""

from .services import bid_upload_read


def read_bid_uploads(*, upload_ids: list[int]) -> None:
    """Reads each received bid sheet; the outcome (bid or Dutch error) goes on its BidUpload."""
    for upload_id in upload_ids:
        bid_upload_read(upload_id=upload_id)
