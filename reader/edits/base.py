"""What every edit of a library is: a plain value that ``Library.apply`` runs in one
transaction, and what running it gives back (:class:`Done`).

An edit captures the state it is about to change inside the same transaction as the change,
so its reverse is exact even while other programs write to the library between two edits.
The reverse is itself an edit: applying it gives back the reverse of the reverse, so redo is
applying what undo gave back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

from msgspec import Struct

from reader.records import Changes

if TYPE_CHECKING:
    from sqlalchemy import Connection

T_co = TypeVar("T_co", covariant=True)


class _Unset:
    """Marks an argument the caller left out, where None is a meaningful value."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()


class Edit(Generic[T_co]):
    """One change to a library; subclasses are frozen records (msgspec Structs)."""

    __slots__ = ()

    @property
    def label(self) -> str:
        """What the change is called in an "Undo …" menu entry."""
        raise NotImplementedError

    @property
    def moves(self) -> tuple[str, str] | None:
        """(the tag name it moves from, the name it moves to), for a rename or merge and
        their undoing: a view showing the tag can follow it."""
        return None

    def run(self, conn: Connection) -> Done[T_co]:
        """Make the change on ``conn``, inside the caller's write transaction."""
        raise NotImplementedError


class Done(Struct, Generic[T_co], frozen=True):
    """What an applied edit did: its ``label``, what ``changes`` listeners hear, the edit
    that takes it back (None when it changed nothing), and the ``value`` it produced."""

    label: str
    changes: Changes
    reverse: Edit[Any] | None
    value: T_co


class Batch(Struct, Edit[None], frozen=True):
    """Several edits as one: they run in order, and are reversed in the opposite order."""

    edits: tuple[Edit[Any], ...]
    name: str = "Edit"

    @property
    def label(self) -> str:
        return self.name

    def run(self, conn: Connection) -> Done[None]:
        done = [edit.run(conn) for edit in self.edits]
        reverses = tuple(d.reverse for d in reversed(done) if d.reverse is not None)
        changes = Changes()
        for step in done:
            changes = changes | step.changes
        return Done(self.name, changes, batch(reverses, self.name), None)


def batch(edits: Sequence[Edit[Any]], name: str = "Edit") -> Edit[Any] | None:
    """``edits`` as one edit: None for none, the edit itself for one."""
    if not edits:
        return None
    return edits[0] if len(edits) == 1 else Batch(tuple(edits), name)


def articles_text(count: int) -> str:
    """"article" or "3 articles", as the labels say it."""
    return "article" if count == 1 else f"{count:,} articles"


def quoted(names: Sequence[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)
