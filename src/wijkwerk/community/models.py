"""Models of the community app, imported from here (one path for every model of the app)."""

from .abcd_models import *  # noqa: F401,F403
from .consultation_models import *  # noqa: F401,F403
from .initiative_models import *  # noqa: F401,F403
from .report_models import (  # noqa: F401
    CLOSED_STATUSES,
    REPORT_FLOW,
    Open311Client,
    Report,
    ReportEvent,
    ReportStatus,
    ServiceCategory,
)
