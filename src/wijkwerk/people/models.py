"""Models of the people app, imported from here (one path for every model of the app)."""

from .participant_models import (  # noqa: F401
    TRAJECTORY_FLOW,
    CoachingNote,
    ContractType,
    LadderStep,
    Participant,
    Phase,
    Training,
    TrajectoryEvent,
)
from .social_models import Contract, PsoLevel, SocialPurchase, SocialReturnTable  # noqa: F401
