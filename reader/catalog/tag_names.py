"""Tag names: how a typed name is stored, and the key that makes names one tag.

A name is one tag whatever its case and whatever its Unicode form: ``Café`` typed as one code
point or as ``e`` and a combining accent, with or without a zero-width space pasted in. Names
are stored in NFC without zero-width characters; the key is that name case-folded. Case
folding maps character by character and never touches ``/``, so a key has the same path
segments as its name, though not always the same length (``Straße`` folds to ``strasse``):
anything that moves along a path works on segments, never on character offsets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from reader.errors import InvalidValue
from reader.text_checks import check_line, valid_unicode

MAX_TAG_LENGTH = 200
SEPARATOR = "/"
# Invisible and meaningless in a name: a zero-width space, joiner or non-joiner, word joiner
# or byte-order mark would make two names that look the same two tags.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")


def _tidied(name: str) -> str:
    """NFC, zero-width characters out, whitespace folded, ``a / b`` made ``a/b``; empty
    parts refused."""
    text = unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", valid_unicode(name, "a tag name")))
    parts = [_SPACES.sub(" ", part).strip() for part in text.split(SEPARATOR)]
    if any(not part for part in parts):
        raise InvalidValue(f"not a usable tag name: {name!r}")
    cleaned = SEPARATOR.join(parts)
    if len(cleaned) > MAX_TAG_LENGTH:
        raise InvalidValue(f"tag name longer than {MAX_TAG_LENGTH} characters")
    return cleaned


def normalize_name(name: str) -> str:
    """The name a new tag (or a renamed one) is stored under; control characters refused."""
    return check_line(_tidied(name), "a tag name")


def tag_key(name: str) -> str:
    """What names one tag whatever its case and Unicode form. Lenient with control
    characters: a tag stored with one by an older version can still be found, to be renamed
    or deleted."""
    return _tidied(name).casefold()


def clean_tags(names: Iterable[str]) -> tuple[str, ...]:
    """Tag names as tags are named (trimmed, one per case), in the order given. Raises
    InvalidValue for a name no tag may have."""
    kept: dict[str, str] = {}
    for name in names:
        cleaned = normalize_name(name)
        kept.setdefault(tag_key(cleaned), cleaned)
    return tuple(kept.values())


def askable(key: str) -> bool:
    """Whether a key can name a stored tag: no name holds a NUL (names refuse control
    characters), and PostgreSQL cannot even be asked about text that holds one."""
    return "\x00" not in key


def depth(name: str) -> int:
    """How many path segments a name or key has (``asia/korea``: 2)."""
    return name.count(SEPARATOR) + 1


def moved(name: str, old_depth: int, new_name: str) -> str:
    """The stored ``name`` of a tag at or below a renamed tag ``old_depth`` segments deep,
    put under ``new_name``: its own segments below the renamed one are kept whole."""
    return SEPARATOR.join([new_name, *name.split(SEPARATOR)[old_depth:]])


def is_within(key: str, ancestor_key: str) -> bool:
    """Whether ``key`` is ``ancestor_key`` or a path below it."""
    return key == ancestor_key or key.startswith(ancestor_key + SEPARATOR)
