"""A small municipality with execution going on, for page, API and browser tests: areas, the
default catalogue, two organisations with workers, a team, a bench, orders in several states and
one user per role."""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.assets.factories import AssetFactory
from tests.inspections.helpers import make_town
from tests.municipalities.factories import OrganisationFactory, UserFactory, make_member
from tests.work.factories import TeamFactory, WorkAssignmentFactory, WorkerFactory, WorkOrderFactory
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.models import Membership, Organisation
from wijkwerk.work.catalogue import catalogue_defaults_ensure
from wijkwerk.work.models import Activity, CertificateType, Skill, WorkCompletion, WorkOrder, WorkPhoto
from wijkwerk.work.photos import photo_clean, photo_store


@dataclass
class WorkTown:
    gemeente: object
    users: dict
    orders: dict
    workers: dict
    bench: object


def make_work_town(slug: str = "werkstad", *, today: datetime.date | None = None) -> WorkTown:
    today = today or datetime.date.today()
    gemeente, wijk, b1, b2 = make_town(slug)
    catalogue_defaults_ensure(gemeente=gemeente)
    sw = OrganisationFactory(gemeente=gemeente, name="SW-bedrijf Werkkracht", kind=Organisation.Kind.SW_BEDRIJF)
    contractor = OrganisationFactory(gemeente=gemeente, name="Aannemer Groen", kind=Organisation.Kind.CONTRACTOR)
    team = TeamFactory(gemeente=gemeente, name="Team Noord", areas=[wijk])
    skills = {s.code: s for s in Skill.objects.filter(gemeente=gemeente)}
    certs = {c.code: c for c in CertificateType.objects.filter(gemeente=gemeente)}
    anna = WorkerFactory(gemeente=gemeente, organisation=contractor, name="Anna de Vries", team=team,
                         may_supervise=True, skills=[skills["meubilair"], skills["maaien"]],
                         certificates={certs["vca"]: today + datetime.timedelta(days=300)})
    bram = WorkerFactory(gemeente=gemeente, organisation=sw, name="Bram Jansen", team=team, protected=True,
                         learning=[skills["meubilair"]], certificates={certs["vca"]: today + datetime.timedelta(days=10)})
    bench = AssetFactory(gemeente=gemeente, type_code="bench", external_id="BANK-7", lon=5.05, lat=52.05, buurt=b1,
                         condition=5)
    repair = Activity.objects.get(gemeente=gemeente, code="bank-herstellen")
    mow = Activity.objects.get(gemeente=gemeente, code="gras-maaien")
    orders = {
        "planned": WorkOrderFactory(gemeente=gemeente, code="WO-1", activity=repair, status=WorkOrder.Status.PLANNED,
                                    assets=[bench], buurt=b1, wijk=wijk, quantity=Decimal(1), hours=Decimal("1.5"),
                                    planned_day=today, deadline=today + datetime.timedelta(days=14)),
        "new": WorkOrderFactory(gemeente=gemeente, code="WO-2", activity=mow, buurt=b2, wijk=wijk,
                                quantity=Decimal(500), hours=Decimal(1), deadline=today - datetime.timedelta(days=3)),
        "done": WorkOrderFactory(gemeente=gemeente, code="WO-3", activity=mow, status=WorkOrder.Status.DONE, buurt=b2,
                                 wijk=wijk, origin=WorkOrder.Origin.SCHOUW, deadline=None),
    }
    WorkAssignmentFactory(order=orders["planned"], worker=anna, day=today, hours=Decimal("1.5"))
    WorkAssignmentFactory(order=orders["planned"], worker=bram, day=today, hours=Decimal("1.5"),
                          learning_skill=skills["meubilair"])
    users = {}
    for role in roles.ROLE_PERMISSIONS:
        users[role] = UserFactory(username=f"{slug}-{role}")
        make_member(users[role], gemeente, role)
    return WorkTown(gemeente=gemeente, users=users, orders=orders, workers={"anna": anna, "bram": bram}, bench=bench)


def work_ids(gemeente) -> dict:
    """For the enumerating isolation tests: a planned order of `gemeente` with a stored photo (made
    once), and the gemeente's members also get the uitvoerder role so that for a member every
    execution page opens (the completion page needs COMPLETE_WORK)."""
    order = WorkOrder.objects.filter(gemeente=gemeente, code="ISOLATIE-1").first()
    if order is None:
        order = WorkOrderFactory(gemeente=gemeente, code="ISOLATIE-1", status=WorkOrder.Status.PLANNED)
        completion = WorkCompletion.objects.create(order=order, remarks="isolatietest")
        clean = photo_clean(SimpleUploadedFile("iso.jpg", _tiny_jpeg()))
        WorkPhoto.objects.create(completion=completion, order=order, kind=WorkPhoto.Kind.AFTER,
                                 path=photo_store(clean, gemeente_id=gemeente.pk, order_id=order.pk),
                                 content_type="image/jpeg", width=clean.width, height=clean.height, size=clean.size)
        users = {ms.user for ms in Membership.objects.filter(gemeente=gemeente).select_related("user")}
        for user in users:
            if not Membership.objects.filter(user=user, gemeente=gemeente, role__name=roles.UITVOERDER).exists():
                make_member(user, gemeente, roles.UITVOERDER)
    return {"order_code": order.code, "photo_id": order.photos.first().pk}


def _tiny_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 120, 0)).save(out, format="JPEG")
    return out.getvalue()
