"""The one road for library work off the GUI thread.

``runner.run(work, on_done, on_progress)`` calls ``work(context)`` on a pool thread and then
``on_done(result, error)`` on the GUI thread. ``context.cancelled`` is a ``threading.Event``
the work polls; ``context.progress(value)`` reaches ``on_progress`` on the GUI thread, at most
every ``PROGRESS_INTERVAL`` seconds (the latest value wins). Tests swap in
:class:`ImmediateRunner`, which does the same synchronously.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

PROGRESS_INTERVAL = 0.05

DoneCallback = Callable[[Any, BaseException | None], None]
ProgressCallback = Callable[[Any], None]


class TaskContext:
    """What the work sees: a cancel flag and a way to report progress."""

    def __init__(self, report: Callable[[Any], None] | None = None) -> None:
        self.cancelled = threading.Event()
        self._report = report
        self._last = 0.0

    def is_cancelled(self) -> bool:
        return self.cancelled.is_set()

    def progress(self, value: Any, *, force: bool = False) -> None:
        if self._report is None:
            return
        now = time.monotonic()
        if force or now - self._last >= PROGRESS_INTERVAL:
            self._last = now
            self._report(value)


Work = Callable[[TaskContext], Any]


class Task:
    """A handle on running work: cancel it, or ask whether it finished."""

    def __init__(self, context: TaskContext) -> None:
        self.context = context
        self.finished = False

    def cancel(self) -> None:
        self.context.cancelled.set()


class Runner(Protocol):
    """What :class:`TaskRunner` and :class:`ImmediateRunner` both offer."""

    @property
    def busy(self) -> bool: ...

    def run(
        self, work: Work, on_done: DoneCallback, on_progress: ProgressCallback | None = None
    ) -> Task: ...

    def cancel_all(self) -> None: ...

    def wait(self, msecs: int = -1) -> bool: ...

    def hold(self) -> None:
        """Queue work from now on instead of starting it."""

    def release(self) -> None:
        """Start what was queued, and later work at once."""


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from the pool thread arrive here queued."""

    done = Signal(object, object)
    progressed = Signal(object)

    def __init__(self, on_done: DoneCallback, on_progress: ProgressCallback | None) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_progress = on_progress
        self.done.connect(self._deliver_done)
        self.progressed.connect(self._deliver_progress)
        self.finished_callback: Callable[[], None] = lambda: None
        self.dropped = False  # deliver nothing more: whoever asked is going away

    @Slot(object, object)
    def _deliver_done(self, result: Any, error: BaseException | None) -> None:
        self.finished_callback()
        if not self.dropped:
            self._on_done(result, error)

    @Slot(object)
    def _deliver_progress(self, value: Any) -> None:
        if self._on_progress is not None and not self.dropped:
            self._on_progress(value)


class _Job(QRunnable):
    def __init__(self, work: Work, context: TaskContext, relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._context = context
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work(self._context)
        except BaseException as exc:  # handed to on_done on the GUI thread
            self._relay.done.emit(None, exc)
        else:
            self._relay.done.emit(result, None)


class TaskRunner:
    """Runs work on its own small thread pool; callbacks come back on the GUI thread."""

    def __init__(self, max_threads: int = 2) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(max_threads)
        self._running: dict[Task, _Relay] = {}
        self._held: list[tuple[Task, _Job]] | None = None  # a list while held

    def run(
        self, work: Work, on_done: DoneCallback, on_progress: ProgressCallback | None = None
    ) -> Task:
        relay = _Relay(on_done, on_progress)
        context = TaskContext(relay.progressed.emit if on_progress is not None else None)
        task = Task(context)

        def finished() -> None:
            task.finished = True
            self._running.pop(task, None)

        relay.finished_callback = finished
        self._running[task] = relay
        job = _Job(work, context, relay)
        if self._held is not None:
            self._held.append((task, job))
        else:
            self._pool.start(job)
        return task

    def hold(self) -> None:
        """Queue work instead of starting it: a window's background reads wait for its first
        paint, so their Python half does not compete with building it for the interpreter."""
        if self._held is None:
            self._held = []

    def release(self) -> None:
        held, self._held = self._held or [], None
        for _task, job in held:
            self._pool.start(job)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def cancel_all(self) -> None:
        """Cancel every task and drop what they would still deliver: for a closing window,
        whose panes may be gone by the time a queued result arrives."""
        for task, relay in list(self._running.items()):
            task.cancel()
            relay.dropped = True
        if self._held:  # never started: they never will
            for task, _job in self._held:
                self._running.pop(task, None)
            self._held.clear()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (used when the window closes)."""
        return self._pool.waitForDone(msecs)


class ImmediateRunner:
    """Runs work at once on the calling thread: for tests and scripted use."""

    def run(
        self, work: Work, on_done: DoneCallback, on_progress: ProgressCallback | None = None
    ) -> Task:
        context = TaskContext(on_progress)
        task = Task(context)
        try:
            result = work(context)
        except Exception as exc:
            task.finished = True
            on_done(None, exc)
        else:
            task.finished = True
            on_done(result, None)
        return task

    @property
    def busy(self) -> bool:
        return False

    def cancel_all(self) -> None:
        pass

    def wait(self, msecs: int = -1) -> bool:
        return True

    def hold(self) -> None:
        pass  # nothing waits: work runs as it is asked for

    def release(self) -> None:
        pass


class LatestOnly:
    """Work that only its latest result matters for (counts, a search): one run at a time;
    requests made meanwhile collapse into a single run after it."""

    def __init__(self, runner: Runner, work: Work, on_done: DoneCallback) -> None:
        self._runner = runner
        self._work = work
        self._on_done = on_done
        self._running = False
        self._again = False

    def request(self) -> None:
        if self._running:
            self._again = True
            return
        self._running = True
        self._runner.run(self._work, self._finished)

    def _finished(self, result: Any, error: BaseException | None) -> None:
        self._running = False
        self._on_done(result, error)
        if self._again:
            self._again = False
            self.request()


class Preemptive:
    """Work where a newer request supersedes the older ones (a search as you type): each
    request cancels the one before it, and only the latest request's progress and result are
    delivered, so a slow old query never lands over a newer one."""

    def __init__(self, runner: Runner) -> None:
        self._runner = runner
        self._generation = 0
        self._task: Task | None = None

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def busy(self) -> bool:
        """Whether a request is under way."""
        return self._task is not None

    def request(
        self, work: Work, on_done: DoneCallback, on_progress: ProgressCallback | None = None
    ) -> None:
        self._generation += 1
        generation = self._generation
        if self._task is not None:
            self._task.cancel()

        def done(result: Any, error: BaseException | None) -> None:
            if generation == self._generation:
                self._task = None
                on_done(result, error)

        def progress(value: Any) -> None:
            if generation == self._generation and on_progress is not None:
                on_progress(value)

        task = self._runner.run(work, done, progress if on_progress is not None else None)
        if generation == self._generation and not task.finished:
            self._task = task

    def cancel(self) -> None:
        """Forget the request under way: its result will not be delivered."""
        self._generation += 1
        if self._task is not None:
            self._task.cancel()
            self._task = None
