"""Shared test set-up: offscreen Qt, isolated settings, a throwaway library per test.

The platform is chosen before anything imports Qt; window state (QSettings) and preferences
(BROADSHEET_CONFIG) go to a temporary folder so tests never touch the user's own.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest import mock

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

try:  # reader/ is tested without PySide6 too: Qt set-up only where Qt is installed
    from PySide6.QtCore import QSettings
except ImportError:  # pragma: no cover - exercised by the core-only test run
    QSettings = None  # type: ignore[assignment,misc]

from local_http import LocalServer
from network_guard import NetworkGuard

from reader import Library

if TYPE_CHECKING:
    from ui.tasks import DoneCallback, ProgressCallback, Task, Work

SEED_ARTICLES = {
    "missile.txt": (
        " date 2024-03-20 Amid escalating tensions, a missile was launched toward the eastern "
        "sea this morning, officials said.\n\nBackground\n\nThe programme has been a point of "
        "contention for years, and talks have stalled since the spring.\n\nReaction\n\n"
        "Neighbouring governments called for restraint and an urgent meeting.\n"
    ),
    "harvest.txt": (
        " date 2023-11-02 Farmers across the region reported a record harvest despite a dry "
        "summer and rising costs.\n\nPrices\n\nGrain prices fell for the third month in a row "
        "as supply outpaced demand.\n"
    ),
    "budget.txt": (
        " date 2024-01-15 The city council approved a budget that raises spending on transit "
        "and housing by a fifth.\n\nOpposition\n\nCritics said the plan relies on optimistic "
        "revenue forecasts.\n"
    ),
}
TITLED_ARTICLES = {
    "markets.md": (
        "Markets rally on rate hopes\n\n"
        "Shares rose sharply in early trading as investors bet on cuts later this year.\n"
    ),
    "bridge.txt": (
        "Bridge reopens after repairs\n\n"
        "The old river bridge reopened to traffic on Monday after eight months of work.\n"
    ),
    "zoo.txt": (
        "A zoo welcomes twin pandas\n\n"
        "Keepers said the cubs, born overnight, were healthy and feeding well.\n"
    ),
}


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
                       ) -> Iterator[None]:
    folder = tmp_path_factory.mktemp("settings")
    monkeypatch.setenv("BROADSHEET_CONFIG", str(folder / "settings.json"))
    monkeypatch.delenv("BROADSHEET_LIBRARY", raising=False)
    if QSettings is not None:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder / "qsettings"))
    yield


@pytest.fixture(autouse=True)
def network_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[NetworkGuard]:
    """Tests talk only to servers they start on this machine; reaching any other host fails
    the test (see network_guard.py)."""
    guard = NetworkGuard()
    guard.install(monkeypatch)
    yield guard
    assert not guard.reached, f"the test tried to reach another host: {guard.reached}"


# --- the engines a library is kept in ----------------------------------------------------------

ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test module with ``BOTH_ENGINES = True`` runs each test that opens a library
    (through ``library_location``, ``library`` or ``seeded_library``) once per engine."""
    if getattr(metafunc.module, "BOTH_ENGINES", False) and "engine" in metafunc.fixturenames:
        metafunc.parametrize("engine", ENGINES)


@pytest.fixture()
def engine() -> str:
    """The engine of ``library_location``: SQLite unless the module asks for both."""
    return "sqlite"


@pytest.fixture()
def library_location(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where a new, empty library goes: a file, or a fresh database on the test server."""
    if engine == "sqlite":
        return str(tmp_path / "lib.sqlite3")
    server = request.getfixturevalue("postgres_server")
    return str(server.new_database())


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The PostgreSQL server of ``$BROADSHEET_TEST_POSTGRES`` (``make test`` starts one):
    each test's library is a database copied from a migrated template."""
    from pg_server import TestServer, server_url

    url = server_url()
    server = TestServer(url, tmp_path_factory.mktemp("pg"))
    yield server
    server.close()


@pytest.fixture()
def library(library_location: str) -> Iterator[Library]:
    opened = Library.open(library_location)
    yield opened
    opened.close()


def write_articles(folder: Path, articles: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in articles.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture()
def sample_files(tmp_path: Path) -> list[Path]:
    """Six article files: three in the seed format (dated, with headings), three titled."""
    return write_articles(tmp_path / "articles", {**SEED_ARTICLES, **TITLED_ARTICLES})


@pytest.fixture()
def seeded_library(library: Library, sample_files: list[Path]) -> Library:
    """The temporary library with the six sample articles in it."""
    library.import_paths(sample_files)
    return library


@pytest.fixture()
def open_window(qtbot: Any) -> Iterator[Callable[..., Any]]:
    """Opens main windows on a library (ImmediateRunner unless told) and closes them after."""
    from PySide6.QtWidgets import QApplication

    from reader.settings import Settings
    from ui.tasks import ImmediateRunner, Runner
    from ui.window.main_window import MainWindow

    windows: list[MainWindow] = []

    def make(library: Library, runner: Runner | None = None, *, show: bool = True,
             settings: Settings | None = None) -> MainWindow:
        window = MainWindow(library, settings or Settings(), runner=runner or ImmediateRunner())
        qtbot.addWidget(window)
        windows.append(window)
        window.resize(1200, 800)
        if show:
            window.show()
            qtbot.waitExposed(window)
            window.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
        return window

    yield make
    for window in windows:
        window.close()


def answer_confirmations(monkeypatch: pytest.MonkeyPatch, owner: Any) -> list[str]:
    """Make ``owner.confirm(question)`` say yes without a dialog; returns the questions it
    was asked, in order."""
    questions: list[str] = []

    def confirm(question: str) -> bool:
        questions.append(question)
        return True

    monkeypatch.setattr(owner, "confirm", confirm)
    return questions


# --- the command line in this process -----------------------------------------------------------


def run_in_process(
    argv: Sequence[str], *, env: Mapping[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``broadsheet ARGV`` run in this process the way a shell runs it in its own: ``env`` as
    the whole environment (this one unless given), ``stdin`` as what is piped in (nothing
    unless given), stdout and stderr captured, and the exit status, argparse's exits too.
    Starting an interpreter that loads SQLAlchemy costs about a second a command here."""
    from reader.cli.main import main

    command = list(argv)
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch.dict(os.environ, dict(os.environ if env is None else env),
                                            clear=True))
        stack.enter_context(mock.patch.object(sys, "stdin", io.StringIO(stdin or "")))
        stack.enter_context(contextlib.redirect_stdout(stdout))
        stack.enter_context(contextlib.redirect_stderr(stderr))
        try:
            status = main(command)
        except SystemExit as exc:
            status = 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
        finally:
            gc.unfreeze()  # a command freezes what it finds alive: let the tests' go again
    return subprocess.CompletedProcess(command, status, stdout.getvalue(), stderr.getvalue())


# --- checks under an ordinary user's file permissions -----------------------------------------

NOBODY = 65534
CANNOT_DROP = 77
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def open_folder() -> Iterator[Path]:
    """A folder any user may use: ``tmp_path`` is private to whoever runs the tests, and
    :func:`run_unprivileged` may run as another user."""
    folder = Path(tempfile.mkdtemp(prefix="broadsheet-test-"))
    folder.chmod(0o777)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o777)
    shutil.rmtree(folder)


def run_unprivileged(code: str, imports: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter where file permissions apply as on a user's
    machine: when the tests run as root, it becomes the user nobody once ``imports`` (import
    statements for every module it needs; nobody may not read this interpreter's files)
    have run."""
    script = "\n".join([
        "import os, sys",
        textwrap.dedent(imports),
        "if os.geteuid() == 0:",
        "    try:",
        f"        os.setgid({NOBODY})",
        f"        os.setuid({NOBODY})",
        "    except PermissionError:",
        f"        sys.exit({CANNOT_DROP})",
        textwrap.dedent(code),
    ])
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                            text=True, timeout=60, check=False,
                            env={**os.environ, "BROADSHEET_LIBRARY": ""})
    if result.returncode == CANNOT_DROP:
        pytest.skip("running as root, without the right to become another user")
    return result


class ManualRunner:
    """A task runner that holds work until the test finishes it, in whatever order the test
    likes: what a window shows before its background reads arrive."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Work, DoneCallback, ProgressCallback | None, Task]] = []

    @property
    def busy(self) -> bool:
        return any(not job[3].finished for job in self.jobs)

    def run(self, work: Work, on_done: DoneCallback,
            on_progress: ProgressCallback | None = None) -> Task:
        from ui.tasks import Task, TaskContext

        task = Task(TaskContext(on_progress))
        self.jobs.append((work, on_done, on_progress, task))
        return task

    def finish(self, index: int) -> None:
        work, on_done, _progress, task = self.jobs[index]
        try:
            result: Any = work(task.context)
        except Exception as exc:  # handed over, as the real runner does
            task.finished = True
            on_done(None, exc)
        else:
            task.finished = True
            on_done(result, None)

    def finish_all(self) -> None:
        for index, job in enumerate(self.jobs):
            if not job[3].finished:
                self.finish(index)

    def cancel_all(self) -> None:
        pass

    def wait(self, msecs: int = -1) -> bool:
        return True

    def hold(self) -> None:
        pass  # everything waits for the test anyway

    def release(self) -> None:
        pass


@pytest.fixture()
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    """An HTTP server on 127.0.0.1 for links and feeds, reached with no proxy in the way."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    running = LocalServer()
    yield running
    running.close()
