"""Running long work in the background.

Production: Celery with a broker (`WIJKWERK_CELERY_BROKER_URL`), so workers scale out.
Embedded default: a daemon thread in the web process. `WIJKWERK_TASKS_INLINE=1` runs the task
in the caller (tests, scripts). A task is a dotted path to a function taking keyword arguments
that are plain JSON values (ids, not objects), so the same call works in all three modes.

The Celery app is made here (`celery_app()`) and tasks are sent by name; the worker's module
`wijkwerk.celery` registers `run_task` under that name. Neither imports the other's module back.
"""

import functools
import importlib
import logging
import threading

import celery  # a lazy package: Celery's machinery loads only when celery_app() first runs
from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)

RUN_TASK = "wijkwerk.run_task"  # the name the worker knows `run_task` by


def _resolve(path: str):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def run_task(path: str, kwargs: dict) -> None:
    """What a Celery worker runs for an enqueued task."""
    _resolve(path)(**kwargs)


@functools.cache
def celery_app() -> "celery.Celery":  # quoted: not loaded before it is needed
    """The one Celery app, configured from the Django settings (`CELERY_*`)."""
    app = celery.Celery("wijkwerk")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    return app


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
        celery_app().send_task(RUN_TASK, kwargs={"path": path, "kwargs": kwargs})
    else:
        threading.Thread(target=_run_in_thread, args=(path, kwargs), daemon=True).start()
