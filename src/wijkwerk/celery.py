"""Celery application for production deployments (`celery -A wijkwerk.celery worker`)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkwerk.settings")

app = Celery("wijkwerk")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.task(name="wijkwerk.run_task")
def run_task(path: str, kwargs: dict) -> None:
    from wijkwerk.core.tasks import _resolve

    _resolve(path)(**kwargs)
