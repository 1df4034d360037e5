from __future__ import annotations

from collections.abc import Callable

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def _run_queued_tasks() -> int:
    """Run every queued task in this process, as ``db_worker`` would, and count them.

    ``Worker.run`` itself closes "old" connections between tasks, which would end the
    test's transaction; ``run_task`` is the part that executes and records a task.
    """
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="pytest",
        excluded_queue_names=[],
    )
    count = 0
    for result in DBTaskResult.objects.ready().order_by("enqueued_at"):
        result.claim(worker.worker_id)
        worker.run_task(result)
        count += 1
    return count


@pytest.fixture
def run_queued_tasks() -> Callable[[], int]:
    return _run_queued_tasks
