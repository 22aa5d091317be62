"""Who made a change, as the inspection records store it."""


def actor_user(actor):
    """The user to store as author: None for anonymous or system actors."""
    return actor if getattr(actor, "is_authenticated", False) else None


def actor_label(actor) -> str:
    """The user name shown next to a change ("" for anonymous or system actors)."""
    return actor.get_username() if getattr(actor, "is_authenticated", False) else ""
