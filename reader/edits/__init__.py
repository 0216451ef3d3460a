"""Every change a client can make to a library, as plain frozen values.

``Library.apply(edit)`` runs one in a single write transaction and returns a :class:`Done`:
its label ("Star 3 articles"), what changed, the edit that reverses it, and the value it
produced. Undo is applying ``done.reverse``; redo is applying the reverse that undo gave back.
"""

from reader.edits.articles import (
    EditDetails,
    RecordOpened,
    SetFlag,
    SetProgress,
    Trash,
    Untrash,
)
from reader.edits.base import UNSET, Batch, Done, Edit, articles_text
from reader.edits.notes import (
    AddHighlight,
    AppendNote,
    EditHighlight,
    RemoveHighlight,
    SetNote,
)
from reader.edits.searches import (
    DeleteSavedSearch,
    PutBackSavedSearch,
    RenameSavedSearch,
    SaveSearch,
)
from reader.edits.tags import (
    AddTags,
    DeleteTag,
    DropUnusedTags,
    MergeTag,
    RemoveTags,
    RenameTag,
    RestoreTags,
    SetTagColor,
)

__all__ = [
    "UNSET",
    "AddHighlight",
    "AddTags",
    "AppendNote",
    "Batch",
    "DeleteSavedSearch",
    "DeleteTag",
    "Done",
    "DropUnusedTags",
    "Edit",
    "EditDetails",
    "EditHighlight",
    "MergeTag",
    "PutBackSavedSearch",
    "RecordOpened",
    "RemoveHighlight",
    "RemoveTags",
    "RenameSavedSearch",
    "RenameTag",
    "RestoreTags",
    "SaveSearch",
    "SetFlag",
    "SetNote",
    "SetProgress",
    "SetTagColor",
    "Trash",
    "Untrash",
    "articles_text",
]
