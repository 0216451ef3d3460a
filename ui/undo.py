"""Undo and redo for edits to the library: one :class:`EditHistory` per window.

Every undoable edit goes through an ``EditHistory`` method (``star``, ``add_tags``,
``trash``, ``add_highlight``...). The method captures the state it is about to change, makes
the change with a ``Library`` call, then pushes a :class:`LibraryCommand` whose ``undo`` and
``redo`` call ``Library`` again. The change is made before the push, so a refused write never
lands in the history.

Edits of a selection can run off the GUI thread (``background=True``): they run one at a
time, in order, and undo/redo wait until they are done. Undo and redo themselves run on the
GUI thread; an undo the library refuses (busy, read-only, full disk) is reported and stays
available to try again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from reader import BroadsheetError, Highlight, Library, NotFound
from reader.records import TagSnapshot, TagState
from ui.tasks import Runner

T = TypeVar("T")
Step = Callable[[], object]
UNDO_LIMIT = 500


def articles_text(count: int) -> str:
    return "article" if count == 1 else f"{count:,} articles"


class LibraryCommand(QUndoCommand):
    """One change in the history: ``apply`` makes it again, ``revert`` takes it back."""

    def __init__(self, history: EditHistory, text: str, apply: Step, revert: Step) -> None:
        super().__init__(text)
        self._history = history
        self._apply = apply
        self._revert = revert
        self.skip_next = True  # the change was made before the command was pushed

    def redo(self) -> None:
        if self.skip_next:
            self.skip_next = False
            return
        self._history.perform(self, self._apply, undoing=False)

    def undo(self) -> None:
        if self.skip_next:
            self.skip_next = False
            return
        self._history.perform(self, self._revert, undoing=True)


class EditHistory(QObject):
    """The window's undo history of library edits, on a QUndoStack."""

    problem = Signal(str)  # a write or an undo was refused; the message is fit to show
    changed = Signal()  # what undo/redo would do, or whether they can, changed
    # A tag rename or merge is about to be undone or redone: (the name it goes from, the name
    # it goes to), so a view showing the tag can follow it.
    tag_moving = Signal(str, str)
    articles_returned = Signal(list)  # ids an undone delete brought back: worth selecting

    def __init__(
        self, library: Library, runner: Runner | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._runner = runner
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(UNDO_LIMIT)
        self._queue: list[Callable[[], None]] = []
        self._busy = False
        self._aliases: dict[int, int] = {}  # highlight id -> id of the highlight re-made for it
        self._flushers: list[Callable[[], object]] = []
        for signal in (self.stack.indexChanged, self.stack.canUndoChanged,
                       self.stack.canRedoChanged, self.stack.undoTextChanged,
                       self.stack.redoTextChanged):
            signal.connect(self.changed)

    # --- undo and redo ------------------------------------------------------------------------

    def add_flusher(self, flush: Callable[[], object]) -> None:
        """``flush`` runs before every undo or redo: editors record edits still under way."""
        self._flushers.append(flush)

    def can_undo(self) -> bool:
        return self.stack.canUndo() and not self._busy

    def can_redo(self) -> bool:
        return self.stack.canRedo() and not self._busy

    def undo(self) -> None:
        for flush in self._flushers:
            flush()
        if self.can_undo():
            self.stack.undo()

    def redo(self) -> None:
        for flush in self._flushers:
            flush()
        if self.can_redo():
            self.stack.redo()

    def clear(self) -> None:
        """Forget every step (the library was replaced by a backup or an export)."""
        self.stack.clear()
        self._aliases.clear()

    def bind_actions(self, undo: QAction, redo: QAction) -> None:
        """Keep the Edit menu's actions saying what they would undo ("Undo Star 3 articles");
        their ``triggered`` is the window's to connect to :meth:`undo` and :meth:`redo`."""

        def update() -> None:
            for action, word, able, text in (
                (undo, "&Undo", self.can_undo(), self.stack.undoText()),
                (redo, "&Redo", self.can_redo(), self.stack.redoText()),
            ):
                action.setEnabled(able)
                action.setText(f"{word} {text}" if able and text else word)

        self.changed.connect(update)
        update()

    def perform(self, command: LibraryCommand, step: Step, *, undoing: bool) -> None:
        """Run an undo or redo step for ``command``; on refusal, report it and put the
        history back where it was (or drop the step if its articles are gone for good)."""
        word = "undo" if undoing else "redo"
        try:
            step()
        except NotFound as exc:
            command.setObsolete(True)
            self.problem.emit(f"Cannot {word} {command.text()}: {exc}.")
        except BroadsheetError as exc:
            self.problem.emit(f"Could not {word} {command.text()}: {exc}.")
            command.skip_next = True
            QTimer.singleShot(0, lambda: self._step_back(command, undoing))

    def _step_back(self, command: LibraryCommand, undone: bool) -> None:
        index = self.stack.index()
        if undone and index < self.stack.count() and self.stack.command(index) is command:
            self.stack.redo()
        elif not undone and index > 0 and self.stack.command(index - 1) is command:
            self.stack.undo()
        else:
            command.skip_next = False

    # --- running a change ---------------------------------------------------------------------

    def _change(
        self,
        text: str,
        work: Callable[[], T],
        steps: Callable[[T], tuple[Step, Step] | None],
        *,
        background: bool = False,
        then: Callable[[T], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
    ) -> T | None:
        """Run ``work`` (capture, then write) and push its undo step. In the foreground the
        result is returned and a refusal raised; in the background a refusal is reported, to
        ``failed`` when given (a dialog's caller says so in its own words), else as ``problem``.
        ``steps`` gives None when the work changed nothing: no empty step goes on the stack."""
        if not background or self._runner is None:
            result = work()
            self._push(text, steps(result))
            if then is not None:
                then(result)
            return result
        runner = self._runner

        def start() -> None:
            def done(result: Any, error: BaseException | None) -> None:
                try:
                    if error is None:
                        self._push(text, steps(result))
                        if then is not None:
                            then(result)
                    elif failed is not None:
                        failed(error)
                    elif isinstance(error, BroadsheetError):
                        self.problem.emit(f"Could not {text[0].lower()}{text[1:]}: {error}.")
                    else:
                        self.problem.emit(f"{text} failed: {error}")
                finally:
                    self._next()

            runner.run(lambda _context: work(), done)

        self._queue.append(start)
        if not self._busy:
            self._next()
        return None

    def _push(self, text: str, pair: tuple[Step, Step] | None) -> None:
        if pair is not None:
            self.stack.push(LibraryCommand(self, text, *pair))

    def _next(self) -> None:
        self._busy = bool(self._queue)
        self.changed.emit()
        if self._queue:
            self._queue.pop(0)()

    # --- flags --------------------------------------------------------------------------------

    def star(self, ids: Sequence[int], value: bool, **run: Any) -> None:
        verb = "Star" if value else "Unstar"
        self._flag(f"{verb} {articles_text(len(ids))}", ids, "starred", value, **run)

    def mark_read(self, ids: Sequence[int], value: bool, **run: Any) -> None:
        state = "read" if value else "unread"
        self._flag(f"Mark {articles_text(len(ids))} {state}", ids, "read", value, **run)

    def _flag(self, text: str, ids: Sequence[int], flag: str, value: bool, **run: Any) -> None:
        wanted = list(ids)
        lib = self.library
        setter = lib.set_starred if flag == "starred" else lib.set_read

        def work() -> dict[bool, list[int]]:
            before: dict[bool, list[int]] = defaultdict(list)
            for summary in lib.summaries(wanted):
                before[bool(getattr(summary, flag))].append(summary.id)
            setter(wanted, value)
            return before

        def steps(before: dict[bool, list[int]]) -> tuple[Step, Step]:
            def revert() -> None:
                for old, group in before.items():
                    if group and old != value:
                        setter(group, old)

            return (lambda: setter(wanted, value)), revert

        self._change(text, work, steps, **run)

    # --- tags ---------------------------------------------------------------------------------

    def add_tags(self, ids: Sequence[int], names: Sequence[str], **run: Any) -> None:
        wanted, names = list(ids), list(names)
        lib = self.library
        label = ", ".join(f"“{n}”" for n in names)
        text = f"Add tag {label} to {articles_text(len(wanted))}"

        def work() -> tuple[dict[tuple[str, ...], list[int]], list[str]]:
            known = {tag.name.casefold() for tag in lib.tags()}
            new_tags = [n for n in names if n.casefold() not in known]
            lacking: dict[tuple[str, ...], list[int]] = defaultdict(list)
            for summary in lib.summaries(wanted):
                had = {tag.name.casefold() for tag in summary.tags}
                missing = tuple(n for n in names if n.casefold() not in had)
                if missing:
                    lacking[missing].append(summary.id)
            lib.add_tags(wanted, names)
            return lacking, new_tags

        def steps(
            found: tuple[dict[tuple[str, ...], list[int]], list[str]],
        ) -> tuple[Step, Step] | None:
            lacking, new_tags = found
            if not lacking:
                return None  # every article had the tags already

            def revert() -> None:
                for missing, group in lacking.items():
                    lib.remove_tags(group, list(missing))
                for name in new_tags:  # a tag this change made goes with it when unused
                    if lib.tag_usage(name) == 0:
                        lib.delete_tag(name)

            return (lambda: lib.add_tags(wanted, names)), revert

        self._change(text, work, steps, **run)

    def remove_tags(self, ids: Sequence[int], names: Sequence[str], **run: Any) -> None:
        wanted, names = list(ids), list(names)
        lib = self.library
        label = ", ".join(f"“{n}”" for n in names)
        where = "" if len(wanted) == 1 else f" from {articles_text(len(wanted))}"
        text = f"Remove tag {label}{where}"

        def work() -> dict[str, list[int]]:
            keys = {n.casefold() for n in names}
            had: dict[str, list[int]] = defaultdict(list)
            for summary in lib.summaries(wanted):
                for tag in summary.tags:
                    if tag.name.casefold() in keys:
                        had[tag.name].append(summary.id)
            lib.remove_tags(wanted, names)
            return had

        def steps(had: dict[str, list[int]]) -> tuple[Step, Step]:
            def revert() -> None:
                for name, group in had.items():
                    lib.add_tags(group, [name])

            return (lambda: lib.remove_tags(wanted, names)), revert

        self._change(text, work, steps, **run)

    # --- tags of the whole library (the sidebar's commands) -----------------------------------

    def rename_tag(self, old: str, new: str, **run: Any) -> None:
        """Rename ``old`` and the tags below it; a name taken already merges into that tag."""
        self._reshape_tags(f"Rename tag “{old}” to “{new}”", [old, new], (old, new),
                           lambda: self.library.rename_tag(old, new), subtrees=True, **run)

    def merge_tag(self, source: str, target: str, **run: Any) -> None:
        # A merge leaves the tags below ``source`` where they are: only the two tags change.
        self._reshape_tags(f"Merge tag “{source}” into “{target}”", [source, target],
                           (source, target), lambda: self.library.merge_tags(source, target),
                           subtrees=False, **run)

    def delete_tag(self, name: str, **run: Any) -> None:
        self._reshape_tags(f"Delete tag “{name}”", [name], None,
                           lambda: self.library.delete_tag(name), subtrees=False, **run)

    def recolor_tag(self, name: str, color: str | None, **run: Any) -> None:
        lib = self.library
        wanted = color.lower() if color else None

        def work() -> TagState | None:
            before = lib.tag_snapshot([name], subtrees=False).get(name)
            lib.set_tag_color(name, color)
            return before

        def steps(before: TagState | None) -> tuple[Step, Step] | None:
            if before is None or before.color == wanted:
                return None  # the tag had that colour already
            # Only the colour goes back: articles tagged since (an import) keep the tag.
            return (lambda: lib.set_tag_color(name, color)), (
                lambda: lib.set_tag_color(before.name, before.color)
            )

        self._change(f"Change colour of tag “{name}”", work, steps, **run)

    def _reshape_tags(
        self,
        text: str,
        names: Sequence[str],
        move: tuple[str, str] | None,
        change: Step,
        *,
        subtrees: bool,
        **run: Any,
    ) -> None:
        """Run ``change``, which renames, merges or deletes tags: its undo puts every tag of
        ``names`` back as it was, links to articles in the Trash included."""
        lib = self.library
        covered = list(names)

        def work() -> TagSnapshot:
            before = lib.tag_snapshot(covered, subtrees=subtrees)
            change()
            return before

        def steps(before: TagSnapshot) -> tuple[Step, Step]:
            def apply() -> None:
                if move is not None:
                    self.tag_moving.emit(*move)
                change()

            def revert() -> None:
                if move is not None:
                    self.tag_moving.emit(move[1], move[0])
                lib.restore_tag_snapshot(before)

            return apply, revert

        self._change(text, work, steps, **run)

    # --- the trash ----------------------------------------------------------------------------

    def trash(self, ids: Sequence[int], **run: Any) -> None:
        wanted = list(ids)
        lib = self.library
        self._change(
            f"Move {articles_text(len(wanted))} to the Trash",
            lambda: lib.delete_articles(wanted),
            lambda _moved: ((lambda: lib.delete_articles(wanted)),
                            (lambda: self._bring_back(wanted))),
            **run,
        )

    def _bring_back(self, ids: list[int]) -> None:
        self.library.restore_articles(ids)
        self.articles_returned.emit(ids)

    def restore(self, ids: Sequence[int], **run: Any) -> None:
        wanted = list(ids)
        lib = self.library
        self._change(
            f"Restore {articles_text(len(wanted))} from the Trash",
            lambda: lib.restore_articles(wanted),
            lambda _back: ((lambda: lib.restore_articles(wanted)),
                           (lambda: lib.delete_articles(wanted))),
            **run,
        )

    # --- highlights ---------------------------------------------------------------------------

    def current_id(self, highlight_id: int) -> int:
        """The id ``highlight_id`` has now: an undone removal makes the highlight anew."""
        while highlight_id in self._aliases:
            highlight_id = self._aliases[highlight_id]
        return highlight_id

    def _remake(self, key: int, mark: Highlight) -> None:
        made = self.library.add_highlight(mark.article_id, mark.start, mark.end, mark.color,
                                          mark.comment)
        if made.id != key:
            self._aliases[key] = made.id

    def add_highlight(
        self, article_id: int, start: int, end: int, color: str, comment: str = ""
    ) -> Highlight | None:
        lib = self.library

        def steps(mark: Highlight) -> tuple[Step, Step]:
            return (lambda: self._remake(mark.id, mark)), (
                lambda: lib.remove_highlight(self.current_id(mark.id))
            )

        return self._change(
            "Highlight", lambda: lib.add_highlight(article_id, start, end, color, comment), steps
        )

    def remove_highlight(self, mark: Highlight) -> None:
        lib = self.library

        def steps(_none: object) -> tuple[Step, Step]:
            return (lambda: lib.remove_highlight(self.current_id(mark.id))), (
                lambda: self._remake(self.current_id(mark.id), mark)
            )

        self._change("Remove highlight", lambda: lib.remove_highlight(self.current_id(mark.id)),
                     steps)

    def recolor_highlight(self, mark: Highlight, color: str) -> None:
        self._edit_highlight("Change highlight colour", mark, {"color": color},
                             {"color": mark.color})

    def comment_highlight(self, mark: Highlight, comment: str) -> None:
        self._edit_highlight("Edit highlight comment", mark, {"comment": comment},
                             {"comment": mark.comment})

    def _edit_highlight(
        self, text: str, mark: Highlight, after: dict[str, str], before: dict[str, str]
    ) -> None:
        lib = self.library

        def update(values: dict[str, str]) -> Step:
            return lambda: lib.update_highlight(self.current_id(mark.id), **values)

        self._change(text, update(after), lambda _mark: (update(after), update(before)))

    # --- notes --------------------------------------------------------------------------------

    def note_edited(self, article_id: int, before: str, after: str) -> None:
        """Record a stretch of note editing the note editor has already saved."""
        if before == after:
            return
        lib = self.library
        self.stack.push(LibraryCommand(self, "Edit note",
                                       lambda: lib.set_note(article_id, after),
                                       lambda: lib.set_note(article_id, before)))
