"""Progress of long tasks, kept in the cache so that a task can report it from inside its own
database transaction (SQLite allows one writer; PostgreSQL would hide uncommitted rows).

Embedded default: the local-memory cache, shared by the web process and its task threads.
Production: set WIJKWERK_CACHE_URL (redis://...) so Celery workers and web servers share it.
"""

from django.core.cache import cache

TIMEOUT_SECONDS = 24 * 3600


def _key(kind: str, job_id: int) -> str:
    return f"wijkwerk:progress:{kind}:{job_id}"


def progress_set(*, kind: str, job_id: int, fraction: float) -> None:
    cache.set(_key(kind, job_id), round(min(max(float(fraction), 0.0), 1.0), 3), TIMEOUT_SECONDS)


def progress_get(*, kind: str, job_id: int) -> float | None:
    return cache.get(_key(kind, job_id))
