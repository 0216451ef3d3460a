"""Finding text inside a column whatever its case and accents, as searches promise.

``fold`` is the comparison form: compatibility-decomposed, case-folded, combining marks
dropped. "İstanbul" folds to "istanbul" (case folding alone gives "i̇stanbul", an i with a
dot above), "Straße" to "strasse", "Café" to "cafe", "ﬁnance" to "finance". The engine gets
it as a SQL function; a row whose text is plain ASCII needs none of that, and is compared by
LIKE alone, which folds ASCII letters itself without a call into Python per row.

PostgreSQL has no Python to call: :func:`contains_folded_server` writes the same folding in
its SQL (``normalize`` to NFKD, the combining marks of the Latin, Greek and Cyrillic blocks
dropped, ``ß`` as ``ss``), the searched text folded alike here, and ``ILIKE`` folds case.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sqlalchemy import ColumnElement, LargeBinary, case, cast, func, literal, literal_column

FOLD_FUNCTION = "fold"


@lru_cache(maxsize=4096)
def fold(text: str | None) -> str | None:
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def contains_folded(column: ColumnElement[str], text: str) -> ColumnElement[bool]:
    """``column`` holds ``text``, both folded."""
    folded = fold(text) or ""
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    # ASCII text is as long in characters as in bytes; only other text pays for fold().
    ascii_only = func.length(column) == func.length(cast(column, LargeBinary))
    return case(
        (ascii_only, column.like(pattern, escape="\\")),
        else_=getattr(func, FOLD_FUNCTION)(column).like(pattern, escape="\\"),
    )


# The blocks of combining marks the server drops: diacritics of Latin, Greek and Cyrillic
# letters (and their extensions, and marks for symbols). Marks of other scripts stay, on both
# sides alike.
_MARKS = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_MARK = re.compile(_MARKS)


def _server_fold(text: str) -> str:
    """``text`` folded as :func:`contains_folded_server`'s SQL folds a column."""
    return _MARK.sub("", unicodedata.normalize("NFKD", text)).lower().replace("ß", "ss")


def contains_folded_server(column: ColumnElement[str], text: str) -> ColumnElement[bool]:
    """``column`` holds ``text``, case and accents ignored, on PostgreSQL. A row of plain
    ASCII is folded by ILIKE alone, as on SQLite: folding in SQL costs about three times as
    much (160 ms against 45 for 100,000 sources that are not ASCII)."""
    folded = _server_fold(text)
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    stripped = func.regexp_replace(func.normalize(column, literal_column("NFKD")),
                                   literal(_MARKS), literal(""), literal("g"))
    folded_column = func.replace(func.lower(stripped), literal("ß"), literal("ss"))
    return case(
        (func.octet_length(column) == func.char_length(column),
         column.ilike(pattern, escape="\\")),
        else_=folded_column.ilike(pattern, escape="\\"),
    )
