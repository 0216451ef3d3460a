"""Which legacy encoding a file dense in non-ASCII bytes is in: every reading tried, the most
plausible kept.

General detectors guess from byte statistics and need a few hundred bytes of evidence: on a
headline or a paragraph they name the wrong code page (a six-character GB2312 line comes out
as Korean, a short EUC-JP file as "not text"). Here each candidate encoding decodes the bytes
strictly, so a reading with an impossible byte sequence drops out at once, and each reading
left is scored by how plausible its letters are for the language the encoding is written in
(``plausibility``). Multi-byte encodings cannot decode most bytes of another, and wrong
readings spread over the whole code page while real text keeps to a few hundred common
characters, so this decides even a line of text.

ISO-2022 files are 7-bit and would pass for ASCII: ``iso2022_reading`` recognises their
escape sequences before anything else is tried.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Mapping
from itertools import islice

from msgspec import Struct

from reader.importing import frequent_letters as freq

# A reading must score above this to be taken. On tests/data/languages and the real news
# texts of tests/data/pages/news, each cut to 6, 10, 20 and 40 characters, a line, a
# paragraph and whole (283 samples), right readings score 0.16 to 2 (median 1.5) and wrong
# ones 0 or less but for three of three characters, which the right reading outscores.
MIN_PLAUSIBILITY = 0.0
# Scoring the first letters decides as well as scoring all of them, at a fixed cost.
_SCORED_CHARS = 4000
# A file cut in the middle of a character fails a strict decode only in its last bytes.
_TRUNCATION_SLACK = 3

_ISO2022 = ("iso2022_jp_2", "iso2022_jp_ext", "iso2022_jp_3", "iso2022_kr")
_ISO2022_ESCAPES = (b"\x1b$", b"\x1b(", b"\x0e")


def _is_han(char: str) -> bool:
    """A Han character, or the punctuation and full-width forms written with them."""
    return (
        "\u3400" <= char <= "\u9fff"
        or "\uf900" <= char <= "\ufaff"
        or "\u3000" <= char <= "\u303f"
        or "\uff01" <= char <= "\uff65"
    )


def _is_kana(char: str) -> bool:
    return "\u3040" <= char <= "\u30ff" or "\uff66" <= char <= "\uff9f"


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3" or "\u3131" <= char <= "\u318e"


def _in_block(first: str, last: str) -> Callable[[str], bool]:
    return lambda char: first <= char <= last


# Scores per letter: log2 of how much likelier a letter is in the language than in a reading
# spread evenly over the code page, bounded; what a misreading is made of scores ``_WRONG``.
_COMMON_CJK = 2.0  # the ~1,000 common characters: ~90% of real text, ~20% of a misreading
_RARE_CJK = -2.0
_WRONG = -4.0
_BEST, _WORST = 2.0, -2.0
_OWN_PUNCTUATION = 1.0


class Language(Struct, frozen=True):
    """A language with the encodings it is written in, each a family of codecs tried in turn
    (the standard one first, then the vendor supersets that hold a few more characters)."""

    name: str
    families: tuple[tuple[str, ...], ...]
    weights: Mapping[str, float]
    in_script: Callable[[str], bool]
    # What a letter of the script missing from ``weights`` scores.
    other: float = _WORST
    # Alphabets with upper and lower case: a capital inside a word is a misreading.
    cased: bool = False
    # Whether a word may mix the script with Latin letters ("iPhone手机" may; Greek may not).
    mixes_with_latin: bool = False


def _common(*tables: str) -> dict[str, float]:
    return {char: _COMMON_CJK for table in tables for char in table}


def _alphabet(percent: Mapping[str, float], block: tuple[str, str]) -> dict[str, float]:
    """Letter weights from frequencies, given to capitals and accented letters of ``block``
    too (``Ё`` and ``ά`` weigh as ``е`` and ``α``)."""
    size = len(percent)
    base = {
        letter: min(max(math.log2(share / 100 * size), _WORST), _BEST)
        for letter, share in percent.items()
    }
    weights = dict(base)
    for point in range(ord(block[0]), ord(block[1]) + 1):
        char = chr(point)
        letter = unicodedata.normalize("NFD", char)[:1].lower()
        if letter in base:
            weights.setdefault(char, base[letter])
    if "σ" in base:
        weights["ς"] = base["σ"]
    return weights


_KANA = "".join(chr(point) for point in range(0x3041, 0x30FF))

# In order of preference when two readings score the same.
LANGUAGES: tuple[Language, ...] = (
    Language(
        "Chinese",
        (("gb18030",), ("big5", "cp950", "big5hkscs")),
        _common(freq.SIMPLIFIED_CHINESE, freq.TRADITIONAL_CHINESE),
        _is_han,
        _RARE_CJK,
        mixes_with_latin=True,
    ),
    Language(
        "Japanese",
        (("shift_jis", "cp932", "shift_jis_2004"), ("euc_jp", "euc_jis_2004")),
        _common(_KANA, freq.JAPANESE_KANJI),
        lambda char: _is_han(char) or _is_kana(char),
        _RARE_CJK,
        mixes_with_latin=True,
    ),
    Language(
        "Korean",
        (("euc_kr", "cp949"),),
        _common(freq.KOREAN_SYLLABLES),
        lambda char: _is_hangul(char) or _is_han(char),
        _RARE_CJK,
        mixes_with_latin=True,
    ),
    Language(
        "Russian",
        (("cp1251",), ("koi8_r",), ("iso8859_5",), ("cp866",)),
        _alphabet(freq.RUSSIAN, ("\u0400", "\u04ff")),
        _in_block("\u0400", "\u04ff"),
        cased=True,
    ),
    Language(
        "Greek",
        (("cp1253",), ("iso8859_7",)),
        _alphabet(freq.GREEK, ("\u0370", "\u03ff")),
        _in_block("\u0370", "\u03ff"),
        cased=True,
    ),
    Language("Arabic", (("cp1256",), ("iso8859_6",)),
             _alphabet(freq.ARABIC, ("\u0600", "\u06ff")), _in_block("\u0600", "\u06ff")),
    Language("Hebrew", (("cp1255",), ("iso8859_8",)),
             _alphabet(freq.HEBREW, ("\u05d0", "\u05ea")), _in_block("\u0590", "\u05ff")),
    Language("Thai", (("cp874",),), _alphabet(freq.THAI, ("\u0e01", "\u0e5b")),
             _in_block("\u0e00", "\u0e7f")),
)


def iso2022_reading(data: bytes) -> str | None:
    """The text of 7-bit ISO-2022 bytes (JIS mail and web pages, ISO-2022-KR), else None."""
    if not data.isascii() or not any(escape in data for escape in _ISO2022_ESCAPES):
        return None
    for codec in _ISO2022:
        text = _strict(data, codec)
        if text is not None and "\x1b" not in text:
            return text
    return None


def plausible_reading(data: bytes) -> str | None:
    """The most plausible reading of ``data`` in the legacy encodings of ``LANGUAGES``, or
    None when none scores ``MIN_PLAUSIBILITY``."""
    best: str | None = None
    best_score = MIN_PLAUSIBILITY
    for language in LANGUAGES:
        for family in language.families:
            text = _family_reading(data, family)
            if text is None:
                continue
            score = plausibility(text, language)
            if score > best_score:
                best, best_score = text, score
    return best


def plausibility(text: str, language: Language) -> float:
    """How much ``text`` reads like ``language``: the mean weight of its non-ASCII
    characters, about 1 for real prose and below 0 for a misreading.

    Letters weigh by how common they are in the language (``Language.weights``). A letter of
    another script, a capital inside a word of a cased alphabet, an alphabet glued to Latin
    letters, a symbol, and a mark with no letter to sit on weigh as wrong; a control,
    private-use, unassigned or replacement character twice that. The language's own
    punctuation counts for it; other punctuation weighs nothing but dilutes, since a
    misreading is full of it.
    """
    total = 0.0
    counted = 0
    previous = " "
    for char in islice(text, _SCORED_CHARS):
        if char < "\x80":
            if _latin_after_letter(char, previous, language):
                total += _WRONG
                counted += 1
        else:
            weight = _weight(char, previous, language)
            if weight is not None:
                total += weight
                counted += 1
        previous = char
    return total / counted if counted else 0.0


def _latin_after_letter(char: str, previous: str, language: Language) -> bool:
    """"Αrvνztϋrυ": Latin letters in the words of an alphabet that never mixes with them."""
    return (
        not language.mixes_with_latin
        and previous > "\x7f"
        and char.isalpha()
        and previous.isalpha()
    )


def _weight(char: str, previous: str, language: Language) -> float | None:
    """The weight of the non-ASCII ``char``; None when it says nothing either way."""
    if char.isalpha():
        if previous.isascii() and previous.isalpha() and not language.mixes_with_latin:
            return _WRONG
        if language.cased and char.isupper() and previous.isalpha():
            return _WRONG  # a code page read as its neighbour swaps the cases
        weight = language.weights.get(char)
        if weight is not None:
            return weight
        return language.other if language.in_script(char) else _WRONG
    category = unicodedata.category(char)
    if category[0] == "M":
        on_letter = previous.isalpha() or unicodedata.category(previous)[0] == "M"
        return None if on_letter else _WRONG  # vowel signs, points, accents on their letter
    if category[0] == "S":
        return _WRONG
    if category in ("Cc", "Co", "Cn", "Cs") or char == "\ufffd":
        return 2 * _WRONG
    if category[0] == "Z":
        return None
    return _OWN_PUNCTUATION if language.in_script(char) else 0.0


def _family_reading(data: bytes, family: tuple[str, ...]) -> str | None:
    for codec in family:
        text = _strict(data, codec)
        if text is not None:
            return text
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        if error.start < len(data) - _TRUNCATION_SLACK:
            return None
        # Only the last character is incomplete: a file cut short, as downloads can be.
        try:
            return data[: error.start].decode(codec) + "\ufffd"
        except UnicodeDecodeError:
            return None
