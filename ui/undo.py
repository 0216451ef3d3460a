"""Undo and redo of library edits for one window: ``Library.apply`` on a QUndoStack.

An edit (``reader.edits``) is made through :meth:`EditHistory.make`; what it gives back
(``Done``) holds its label and the edit that reverses it, which becomes a step of the stack.
Undo applies that reverse; what the undo gives back is the edit that redoes it. The library
captures and writes in one transaction, so all this adapter keeps is the stack, the order of
the writes, and what to say when the library refuses one.

Edits made in the background run one at a time, in the order they were asked for, and undo
and redo wait behind them. A step is moved on the stack only once its write has landed: an
undo the library refuses (busy, read-only, full disk) stays available to try again, and one
whose articles are gone for good is dropped with a message.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from reader import BroadsheetError, Library, NotFound
from reader.edits import Done, Edit, Untrash
from ui.tasks import ImmediateRunner, Runner

T = TypeVar("T")
UNDO_LIMIT = 500
STRETCH_ID = 1  # the QUndoCommand id of note saves, which merge into stretches of typing


class EditStep(QUndoCommand):
    """One step of the history: ``undo_edit`` takes it back; ``redo_edit``, known once it
    has been undone, makes it again. The history writes before it moves the stack, so
    QUndoStack's own calls to ``undo`` and ``redo`` have nothing left to do."""

    def __init__(self, label: str, made: Edit[Any], reverse: Edit[Any],
                 stretch: Hashable | None) -> None:
        super().__init__(label)
        self.made = made
        self.undo_edit = reverse
        self.redo_edit: Edit[Any] | None = made
        self.stretch = stretch

    def id(self) -> int:
        return STRETCH_ID if self.stretch is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Saves of one stretch of note typing are one step: the note before the stretch,
        the note after it. A stretch typed back to where it began is no step at all."""
        if not isinstance(other, EditStep) or other.stretch != self.stretch:
            return False
        self.made = self.redo_edit = other.made
        self.setObsolete(self.undo_edit == other.made)
        return True

    def redo(self) -> None:
        pass  # the write was made before the step was pushed or moved

    def undo(self) -> None:
        pass


class EditHistory(QObject):
    """The window's undo history of library edits, on a QUndoStack."""

    problem = Signal(str)  # a write or an undo was refused; the message is fit to show
    changed = Signal()  # what undo/redo would do, or whether they can, changed
    # A tag rename or merge is about to be made, undone or redone: (the name it goes from,
    # the name it goes to), so a view showing the tag can follow it.
    tag_moving = Signal(str, str)
    articles_returned = Signal(list)  # ids an undone delete brought back: worth selecting

    def __init__(
        self, library: Library, runner: Runner | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._runner: Runner = runner or ImmediateRunner()
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(UNDO_LIMIT)
        self._queue: deque[Callable[[], None]] = deque()
        self._busy = False
        self._flushers: list[Callable[[], object]] = []
        for signal in (self.stack.indexChanged, self.stack.canUndoChanged,
                       self.stack.canRedoChanged, self.stack.undoTextChanged,
                       self.stack.redoTextChanged):
            signal.connect(self.changed)

    # --- making edits -------------------------------------------------------------------------

    def make(
        self,
        edit: Edit[T],
        *,
        background: bool = False,
        then: Callable[[T], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
        stretch: Hashable | None = None,
        step: bool = True,
    ) -> T | None:
        """Make ``edit`` and keep its reverse as a step; ``then`` gets the value it produced.

        In the foreground the value is returned and a refusal raised. In the background the
        write waits for those before it; a refusal goes to ``failed`` when given (a dialog's
        caller says so in its own words), else to ``problem``. Saves with the same
        ``stretch`` in a row merge into one step. Without ``step`` the edit is made in turn
        but leaves nothing to undo (marking an article read as it is opened).
        """
        if edit.moves is not None and step:
            self.tag_moving.emit(*edit.moves)
        if not background:
            done = self.library.apply(edit)
            if step:
                self._record(edit, done, stretch)
            if then is not None:
                then(done.value)
            return done.value

        def landed(done: Done[T]) -> None:
            if step:
                self._record(edit, done, stretch)
            if then is not None:
                then(done.value)

        def refused(error: BaseException) -> None:
            if failed is not None:
                failed(error)
            else:
                self._report(edit.label, error)

        self._enqueue(lambda: self.library.apply(edit), landed, refused)
        return None

    def _record(self, edit: Edit[Any], done: Done[Any], stretch: Hashable | None) -> None:
        if done.reverse is not None:  # an edit that changed nothing leaves no step
            self.stack.push(EditStep(done.label, edit, done.reverse, stretch))

    def _report(self, label: str, error: BaseException) -> None:
        if isinstance(error, BroadsheetError):
            self.problem.emit(f"Could not {label[0].lower()}{label[1:]}: {error}.")
        else:
            self.problem.emit(f"{label} failed: {error}")

    # --- undo and redo ------------------------------------------------------------------------

    def add_flusher(self, flush: Callable[[], object]) -> None:
        """``flush`` runs before every undo or redo: editors record edits still under way."""
        self._flushers.append(flush)

    def can_undo(self) -> bool:
        return self.stack.canUndo() and not self._busy

    def can_redo(self) -> bool:
        return self.stack.canRedo() and not self._busy

    def undo(self) -> None:
        self._step(undoing=True)

    def redo(self) -> None:
        self._step(undoing=False)

    def clear(self) -> None:
        """Forget every step (the library was replaced by a backup or an export)."""
        self.stack.clear()

    def bind_actions(self, undo: QAction, redo: QAction) -> None:
        """Keep the Edit menu's actions saying what they would undo ("Undo Star 3 articles");
        their ``triggered`` is the window's to connect to :meth:`undo` and :meth:`redo`.
        While writes are queued the actions stay enabled: an undo waits behind them."""

        def update() -> None:
            for action, word, able, text in (
                (undo, "&Undo", self.stack.canUndo(), self.stack.undoText()),
                (redo, "&Redo", self.stack.canRedo(), self.stack.redoText()),
            ):
                action.setEnabled(able or self._busy)
                action.setText(f"{word} {text}" if able and text else word)

        self.changed.connect(update)
        update()

    def _step(self, *, undoing: bool) -> None:
        for flush in self._flushers:
            flush()
        word = "undo" if undoing else "redo"

        def start() -> None:
            # Which step is decided when its turn comes: the writes before it have landed.
            index = self.stack.index() - (1 if undoing else 0)
            step = self.stack.command(index) if 0 <= index < self.stack.count() else None
            edit = None if not isinstance(step, EditStep) else (
                step.undo_edit if undoing else step.redo_edit)
            if step is None or edit is None:
                self._next()
                return
            if edit.moves is not None:
                self.tag_moving.emit(*edit.moves)
            self._run(lambda: self.library.apply(edit),
                      lambda done: self._stepped(step, edit, done, undoing),
                      lambda error: self._step_refused(step, error, word, undoing))

        self._queue.append(start)
        if not self._busy:
            self._next()

    def _stepped(self, step: EditStep, edit: Edit[Any], done: Done[Any], undoing: bool) -> None:
        if undoing:
            step.redo_edit = done.reverse or step.redo_edit
            self.stack.undo()
            if isinstance(edit, Untrash):
                self.articles_returned.emit(list(edit.ids))
        else:
            step.undo_edit = done.reverse or step.undo_edit
            self.stack.redo()

    def _step_refused(self, step: EditStep, error: BaseException, word: str,
                      undoing: bool) -> None:
        if isinstance(error, NotFound):
            # Its articles (or tag, or highlight) are gone for good: the step goes too.
            self.problem.emit(f"Cannot {word} {step.text()}: {error}.")
            step.setObsolete(True)
            if undoing:
                self.stack.undo()
            else:
                self.stack.redo()
        elif isinstance(error, BroadsheetError):
            self.problem.emit(f"Could not {word} {step.text()}: {error}.")
        else:
            self.problem.emit(f"{word.capitalize()} {step.text()} failed: {error}")

    # --- one write at a time ------------------------------------------------------------------

    def in_turn(self, work: Callable[[], T], landed: Callable[[T], None],
                refused: Callable[[BaseException], None]) -> None:
        """Run a write that is no step (emptying the Trash) in its turn among the edits,
        off the GUI thread."""
        self._enqueue(work, landed, refused)

    def settle(self, msecs: int) -> bool:
        """Handle events until every queued write has landed, for at most ``msecs``; False
        if some were still waiting (a window closing, a copy of the library being made)."""
        if not self._busy:
            return True
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)

        def check() -> None:
            if not self._busy:
                loop.quit()

        self.changed.connect(check)
        timer.start(msecs)
        try:
            loop.exec()
        finally:
            self.changed.disconnect(check)
        return not self._busy

    def _enqueue(self, work: Callable[[], T], landed: Callable[[T], None],
                 refused: Callable[[BaseException], None]) -> None:
        self._queue.append(lambda: self._run(work, landed, refused))
        if not self._busy:
            self._next()

    def _run(self, work: Callable[[], T], landed: Callable[[T], None],
             refused: Callable[[BaseException], None]) -> None:
        def done(result: Any, error: BaseException | None) -> None:
            try:
                if error is None:
                    landed(result)
                else:
                    refused(error)
            finally:
                self._next()

        self._runner.run(lambda _context: work(), done)

    def _next(self) -> None:
        self._busy = bool(self._queue)
        self.changed.emit()
        if self._queue:
            self._queue.popleft()()
