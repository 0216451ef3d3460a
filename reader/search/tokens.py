"""The words the full-text index stores and a query looks for: one set of rules for every
script, applied in Python so that every storage engine indexes and searches alike.

- **Spaced scripts** (Latin, Cyrillic, Greek, Arabic, Hebrew, Armenian, Georgian, the Indic
  scripts...) are indexed as whole words: runs of letters, digits and marks, split at
  everything else (``e-mail`` is the words ``e mail``), as SQLite's ``unicode61`` does.
- **Unspaced scripts** (Han, kana, Thai, Lao, Khmer, Burmese) and **Hangul** are indexed as
  overlapping pairs of characters, as Lucene's and Elasticsearch's CJK analyzers do:
  ``地铁将延长`` is ``地铁 铁将 将延 延长``, so a word of any length inside a sentence is the
  phrase of its pairs, and found exactly where a substring search finds it. Each run also ends
  with its last character alone (``… 延长 长``): a one-character query is a prefix of some
  pair or that last character wherever it occurs. Korean is written with spaces, but the
  particles of a word are attached to it (``언어입니다``, "it is a language"): pairs find
  ``언어`` inside it.
- **Folding**, the same on both sides: compatibility forms (full-width ``ＡＢＣ``,
  half-width ``ｶﾀｶﾅ``, ligatures) become their plain letters; case is folded as Unicode does
  (``ß`` ~ ``ss``, final ``ς`` ~ ``σ``, ``İ`` ~ ``i``; the Turkish ``ı`` ~ ``i`` too); the
  accents of Latin, Greek and Cyrillic letters, Arabic vowel marks and tatweel, and Hebrew
  points are dropped; soft hyphens, zero-width joiners and direction controls are ignored.
  Marks that make a different letter elsewhere stay (``が`` is not ``か``, Thai and Indic
  vowel signs stay).

``index_text`` is what an index stores for a column (``index_folded`` when the text is
folded already); ``query_terms`` turns a word or phrase of
a query into the token sequence to look for; ``find_spans`` locates a query in a text for the
reader to mark.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterator, Sequence

from msgspec import Struct

from reader.patterns import compiled_on_first_use

# Scripts indexed as pairs of characters (after folding: half-width kana are full-width).
_PAIRED = (
    "\u3005-\u3007"  # 々 〆 〇
    "\u3041-\u3096\u3099\u309a\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff"  # kana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"  # Han
    "\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3"  # Hangul
    "\u0e01-\u0e3a\u0e40-\u0e4e"  # Thai letters and marks
    "\u0e81-\u0ece"  # Lao
    "\u1780-\u17d3"  # Khmer
    "\u1000-\u1049\u1050-\u109f"  # Burmese
)
# Marks a word keeps after folding (``\w`` has none, so "हिन्दी" would fall apart): the Indic
# scripts' and Tibetan's.
_KEPT_MARKS = "\u0900-\u0963\u0966-\u0dff\u0f18\u0f19\u0f35\u0f37\u0f39\u0f3e-\u0fbc"
_RUN = compiled_on_first_use(rf"(?P<paired>[{_PAIRED}]+)|(?:[^\W_{_PAIRED}]|[{_KEPT_MARKS}])+")
# Quicker patterns for the text most articles are: when nothing is paired or marked, a run of
# letters and digits is a word.
_PAIRED_OR_MARKED = compiled_on_first_use(f"[{_PAIRED}{_KEPT_MARKS}]")
_WORD = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
# Dropped by folding once a text is decomposed: accents of Latin, Greek and Cyrillic, Hebrew
# points, Arabic vowel marks and tatweel; soft hyphens, zero-width characters and direction
# controls.
_DROPPED_CHARS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
)
_DROPPED = re.compile(f"[{_DROPPED_CHARS}]")
# Characters that may carry something to drop: decomposing the text is skipped without them.
_MAY_DROP = re.compile(f"[\u00c0-\u06ff\u0750-\u077f\u1e00-\u1fff\ufb1d-\ufdff{_DROPPED_CHARS}]")
# A character with the marks and invisible characters that follow it: folded as one, so that
# folding can be traced back to the text (``find_spans``).
_CLUSTER = re.compile(
    rf"(?s).[{_DROPPED_CHARS}{_KEPT_MARKS}\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u3099\u309a]*"
)
_HAN_OR_KANA = "\u3005-\u3007\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Spaces between Han or kana in a query: never in the text, which has no spaces there.
_QUERY_GAP = compiled_on_first_use(rf"(?<=[{_HAN_OR_KANA}])\s+(?=[{_HAN_OR_KANA}])")


class Token(Struct, frozen=True):
    """A token, and the [start, end) of the folded text it came from."""

    text: str
    start: int
    end: int
    paired: bool = False


class QueryTerms(Struct, frozen=True):
    """The tokens a word or phrase of a query looks for, in sequence; with ``prefix`` the
    last one only has to start a token."""

    tokens: tuple[str, ...]
    prefix: bool = False

    def fts5(self) -> str:
        """The FTS5 phrase for these tokens (``"地铁 铁将"``, ``"bud"*``)."""
        phrase = '"' + " ".join(self.tokens).replace('"', '""') + '"'
        return phrase + "*" if self.prefix else phrase


def fold(text: str) -> str:
    """``text`` as the index compares it: compatibility forms, case, accents and invisible
    characters folded away (see the module's description)."""
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ı", "i")
    if _MAY_DROP.search(folded) is None:
        return folded
    return unicodedata.normalize("NFC", _DROPPED.sub("", unicodedata.normalize("NFD", folded)))


def folded_tokens(folded: str) -> Iterator[Token]:
    """The tokens of already folded text, with where each is in it."""
    for match in _RUN().finditer(folded):
        if match.group("paired") is None:
            yield Token(match.group(), match.start(), match.end())
            continue
        run, start = match.group(), match.start()
        for index in range(len(run)):
            piece = run[index : index + 2]
            yield Token(piece, start + index, start + index + len(piece), paired=True)


def index_text(text: str) -> str:
    """What an index stores for ``text``: its tokens separated by spaces. Any tokenizer that
    splits at spaces (FTS5's ``unicode61`` with marks kept as token characters, PostgreSQL's
    ``simple`` configuration) then indexes exactly these tokens."""
    return index_folded(fold(text))


def index_folded(folded: str) -> str:
    """``index_text`` of text already through :func:`fold`."""
    if folded.isascii():
        return " ".join(_ASCII_WORD.findall(folded))
    if _PAIRED_OR_MARKED().search(folded) is None:
        return " ".join(_WORD.findall(folded))
    words: list[str] = []
    for match in _RUN().finditer(folded):
        run = match.group()
        if match.group("paired") is None:
            words.append(run)
        else:
            words.extend(map(operator.add, run, run[1:]))  # the pairs, quicker than slicing
            words.append(run[-1])
    return " ".join(words)


def query_terms(text: str, prefix: bool = False) -> QueryTerms | None:
    """The tokens to look for, in sequence, for one word or quoted phrase of a query; None
    when it holds no word.

    A run of paired script gives its pairs, and its last character alone too when more of
    the phrase follows it (the index has it there); a query run of one character becomes a
    prefix, so it matches inside the pairs of the text. Spaces between Han or kana
    characters are ignored: the text has none there.
    """
    runs = list(_RUN().finditer(_QUERY_GAP().sub("", fold(text))))
    found: list[str] = []
    for number, match in enumerate(runs):
        run = match.group()
        last = number == len(runs) - 1
        if match.group("paired") is None:
            found.append(run)
        elif len(run) == 1:
            found.append(run)
            prefix = prefix or last
        else:
            pairs = [run[index : index + 2] for index in range(len(run))]
            found.extend(pairs[:-1] if last else pairs)
    return QueryTerms(tuple(found), prefix) if found else None


def find_spans(text: str, terms: Sequence[QueryTerms]) -> list[tuple[int, int]]:
    """[start, end) ranges of ``text`` where any of ``terms`` is found as the index finds it,
    in order and not overlapping (the earlier, then the longer, wins)."""
    if not terms or not text:
        return []
    folded, starts, ends = _fold_traced(text)
    found_tokens = list(folded_tokens(folded))
    found: list[tuple[int, int]] = []
    for term in terms:
        size = len(term.tokens)
        for index in range(len(found_tokens) - size + 1):
            span = _match_at(found_tokens, index, term)
            if span is not None:
                found.append((starts[span[0]], ends[span[1] - 1]))
    found.sort(key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    for span in found:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _fold_traced(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` folded, with the [start, end) in ``text`` of each folded character: each
    character is folded with the marks that follow it."""
    if text.isascii():
        return text.lower(), list(range(len(text))), list(range(1, len(text) + 1))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _CLUSTER.finditer(text):
        piece = fold(match.group())
        pieces.append(piece)
        starts.extend([match.start()] * len(piece))
        ends.extend([match.end()] * len(piece))
    return "".join(pieces), starts, ends


def _match_at(found: list[Token], index: int, term: QueryTerms) -> tuple[int, int] | None:
    """The folded [start, end) of ``term`` matched at token ``index``, or None."""
    last = len(term.tokens) - 1
    for offset, wanted in enumerate(term.tokens):
        token = found[index + offset]
        if offset == last and term.prefix:
            if not token.text.startswith(wanted):
                return None
        elif token.text != wanted:
            return None
    final = found[index + last]
    end = final.end
    if term.prefix and final.paired:
        end = final.start + len(term.tokens[last])  # "铁"* marks 铁, not the pair it starts
    return found[index].start, end
