"""Queueing background work from a service, so that it runs only if the service's transaction
commits (side effects only after commit).

With production's queue, django-tasks-db's ``DatabaseBackend``, a task is a row in this
database: ``enqueue_on_commit`` inserts it at once, inside the caller's transaction, so the
change, its timeline event and its queued email commit together in one commit, and a rollback
takes the task with it. The worker cannot see the row before the commit. (Its ``enqueue`` is one
INSERT with no transaction of its own, so it adds no savepoint either.)

Any other backend gets the task in ``transaction.on_commit``: the immediate backend of the demo
and the tests runs the task on the spot, and it must not send an email about a change that then
rolls back, nor read the change before it is committed. How a task flows from a request to the
worker: docs/architecture.md, “A background task”.
"""

import functools

from django.db import transaction
from django.tasks import Task
from django_tasks_db import DatabaseBackend


def enqueue_on_commit(task: Task, *args, **kwargs) -> None:
    """Queue ``task(*args, **kwargs)`` to run once the current transaction has committed."""
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(functools.partial(task.enqueue, *args, **kwargs))
