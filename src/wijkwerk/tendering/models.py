"""A tender of a municipality: the published method, the bids, the assessments and the records
the rules ask for (follow-up of abnormally low bids, the drawing of lots)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Tender(models.Model):
    class Status(models.TextChoices):
        DRAFT = "concept", _("Concept")
        PUBLISHED = "gepubliceerd", _("Gepubliceerd (inschrijven open)")
        ASSESSING = "beoordeling", _("In beoordeling (inschrijving gesloten)")

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="tenders")
    title = models.CharField(_("naam"), max_length=250)
    method_text = models.TextField(_("methode (YAML)"))
    method_sha256 = models.CharField(_("vingerafdruk"), max_length=64, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="chaired_tenders", verbose_name=_("voorzitter beoordelingscommissie"))
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("aanbesteding")
        verbose_name_plural = _("aanbestedingen")

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.status != self.Status.DRAFT


class Bid(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="bids")
    file_name = models.CharField(max_length=250)
    content = models.BinaryField()
    file_sha256 = models.CharField(max_length=64)
    bidder = models.CharField(_("inschrijver"), max_length=250, blank=True)
    sheet = models.JSONField(default=dict)  # billsheet.BidSheet.as_json()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["file_name", "id"]
        constraints = [models.UniqueConstraint(fields=["tender", "file_sha256"], name="bid_unique_file")]

    def __str__(self) -> str:
        return self.bidder or self.file_name

    @property
    def name(self) -> str:
        return self.bidder or self.file_name


class Assessment(models.Model):
    """One score with motivation: by one assessor, or the consensus (assessor empty).

    An assessor may save an assessment before it is finished (a draft, `is_draft`): then a
    criterion may be not yet scored (`score` empty, the motivation written so far kept). Only a
    submitted assessment (every criterion scored with a motivation; all rows of that bid and
    assessor have `is_draft` False) counts in the evaluation."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="assessments")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.CharField(max_length=60)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    is_consensus = models.BooleanField(default=False)
    score = models.CharField(max_length=10, blank=True)  # empty: not yet scored (only in a draft)
    motivation = models.TextField(blank=True)
    is_draft = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["bid_id", "criterion", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion", "assessor"], condition=Q(is_consensus=False),
                                    name="assessment_unique_per_assessor"),
            models.UniqueConstraint(fields=["bid", "criterion"], condition=Q(is_consensus=True),
                                    name="assessment_unique_consensus"),
            # a score always has its motivation; an unscored criterion exists only in a draft
            models.CheckConstraint(condition=Q(score="") | ~Q(motivation=""), name="assessment_score_has_motivation"),
            models.CheckConstraint(condition=~Q(score="") | Q(is_draft=True), name="assessment_unscored_only_in_draft"),
        ]

    @property
    def is_scored(self) -> bool:
        return bool(self.score)


class FollowUp(models.Model):
    """The recorded investigation of an abnormally low bid."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="followups")
    note = models.TextField(_("bevindingen"))
    conclusion = models.CharField(_("conclusie"), max_length=250)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["recorded_at", "id"]


class LotDrawing(models.Model):
    """The drawing of lots between bids with the same lowest final price."""

    tender = models.OneToOneField(Tender, on_delete=models.CASCADE, related_name="lot_drawing")
    place = models.CharField(_("plaats"), max_length=250)
    held_at = models.DateTimeField(_("datum en tijd"))
    attendees = models.TextField(_("aanwezigen"))
    winner = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")


class BidUpload(models.Model):
    """One bid sheet received on the bids page, read in the background (tasks.py). The stored file
    is deleted as soon as it has been read (or refused); the bid itself keeps its content."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Wacht op inlezen")
        READING = "reading", _("Wordt ingelezen")
        DONE = "done", _("Ingelezen")
        FAILED = "failed", _("Niet ingelezen")

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="uploads")
    file_name = models.CharField(max_length=250)
    file_path = models.CharField(max_length=500, blank=True)  # empty once the file is deleted
    size = models.BigIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    bid = models.ForeignKey(Bid, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def busy(self) -> bool:
        return self.status in (self.Status.WAITING, self.Status.READING)
