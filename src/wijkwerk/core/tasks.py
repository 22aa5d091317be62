"""Running long work in the background.

Production: Celery with a broker (`WIJKWERK_CELERY_BROKER_URL`), so workers scale out.
Embedded default: a daemon thread in the web process. `WIJKWERK_TASKS_INLINE=1` runs the task
in the caller (tests, scripts). A task is a dotted path to a function taking keyword arguments
that are plain JSON values (ids, not objects), so the same call works in all three modes.
"""

import importlib
import logging
import threading

from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)


def _resolve(path: str):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _run_in_thread(path: str, kwargs: dict) -> None:
    close_old_connections()
    try:
        _resolve(path)(**kwargs)
    except Exception:  # the task itself records its failure on its job; keep the thread quiet
        logger.exception("Background task %s failed", path)
    finally:
        close_old_connections()


def enqueue(path: str, **kwargs) -> None:
    if settings.WIJKWERK_TASKS_INLINE:
        _resolve(path)(**kwargs)
    elif settings.CELERY_BROKER_URL:
        from wijkwerk.celery import app

        app.send_task("wijkwerk.run_task", kwargs={"path": path, "kwargs": kwargs})
    else:
        threading.Thread(target=_run_in_thread, args=(path, kwargs), daemon=True).start()
