"""A worker process collects the reference cycles a task leaves (a PDF's layout leaves
~260,000), so it keeps its size from one render to the next (streekpact/celery.py)."""

import gc
import weakref

from streekpact import celery as worker


class Node:
    pass


def _garbage_cycle() -> weakref.ref:
    node = Node()
    node.itself = node  # only the cyclic collector frees it
    return weakref.ref(node)


def test_a_worker_process_collects_what_a_task_left(monkeypatch):
    monkeypatch.setattr(worker, "_IN_WORKER_PROCESS", True)
    gc.disable()
    try:
        left = _garbage_cycle()
        assert left() is not None
        worker._collect_after_task()
        assert left() is None
    finally:
        gc.enable()


def test_elsewhere_tasks_leave_the_collector_alone(monkeypatch):
    """Tasks run eagerly in a web process or a test: no full collection after each."""
    monkeypatch.setattr(worker, "_IN_WORKER_PROCESS", False)
    gc.disable()
    try:
        left = _garbage_cycle()
        worker._collect_after_task()
        assert left() is not None
    finally:
        gc.enable()
        gc.collect()


def test_a_worker_process_freezes_what_it_loaded_at_start(monkeypatch):
    monkeypatch.setattr(worker, "_IN_WORKER_PROCESS", False)
    try:
        worker._freeze_what_is_loaded()
        assert worker._IN_WORKER_PROCESS
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
