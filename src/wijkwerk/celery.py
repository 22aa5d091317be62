"""Celery application for production deployments (`celery -A wijkwerk.celery worker`).

The app itself comes from `wijkwerk.core.tasks`, which sends tasks by name and never imports this
module; here the worker gets the task runner registered under that name.
"""

import os

from wijkwerk.core.tasks import RUN_TASK, celery_app, run_task

# Before the app is made: Celery's Django fix-up sets Django up in the worker from this variable.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkwerk.settings")

app = celery_app()
app.task(name=RUN_TASK)(run_task)
