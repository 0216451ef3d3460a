"""Words and sentences in every script: how long a text is, where its first sentence ends,
and how its hard-wrapped lines join.

Chinese and Japanese are written without spaces between words, Thai, Lao, Khmer and Burmese
with spaces only between phrases; counting words as runs between spaces would make a
paragraph of Chinese "4 words". Here a run of those scripts counts by its length, at the
length of an average word measured on news prose.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import islice

from reader.patterns import compiled_on_first_use

# Han characters and kana: words of the Chinese and Japanese articles in tests/data/languages,
# segmented by hand, average 1.8 and 1.7 characters (segmented corpora agree: about 1.6-1.8).
# Counting one word per two characters errs towards fewer words, never more.
CHARACTERS_PER_CJK_WORD = 2
# Thai, Lao, Khmer, Burmese: the first two paragraphs of the Thai article, segmented by hand,
# average 3.7 letters a word (4.6 code points with vowel signs and tone marks, which are not
# counted). Four letters per word errs the same way.
LETTERS_PER_SOUTHEAST_ASIAN_WORD = 4

_CJK_SOURCE = r"[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
# Letters of the unspaced scripts of South-East Asia (marks are not letters: "\w" has none).
_SOUTHEAST_ASIAN_SOURCE = (r"[\u0e01-\u0e30\u0e32\u0e33\u0e40-\u0e46\u0e81-\u0eb0\u0eb2"
                           r"\u0eb3\u0ebd-\u0ec6\u0edc-\u0edf\u1780-\u17b3\u1000-\u102a"
                           r"\u103f-\u1055]")
_CJK = compiled_on_first_use(_CJK_SOURCE)
_SOUTHEAST_ASIAN = compiled_on_first_use(_SOUTHEAST_ASIAN_SOURCE)
_UNSPACED = compiled_on_first_use(_CJK_SOURCE + "|" + _SOUTHEAST_ASIAN_SOURCE)
_HANGUL = compiled_on_first_use(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_TOKEN = re.compile(r"[^\s\w]*[^\W_]\S*")
_LETTER = re.compile(r"[^\W\d_]")

# Where a sentence ends: ". ! ? …" (and Arabic "؟") before a space and what can start a
# sentence (checked in ``first_sentence``), or the ideographic "。！？", which need no space.
_SENTENCE_END = re.compile(
    r"[.!?…؟]+[\"'”’)\]»]*(?=\s+[\"'“‘(\[«]*(\w))"
    r"|[。！？｡]+[」』”’）)\]】》]*"
)
# Words whose trailing full stop does not end a sentence ("Mr. Kim", "Gen. Lee").
_ABBREVIATION_WORDS = (
    "mr mrs ms dr prof st jr sr gen gov sen rep lt col capt sgt maj cmdr adm pres rev hon "
    "no vs etc inc ltd co corp dept est fig approx jan feb mar apr jun jul aug sep sept oct "
    "nov dec mt ft"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split(" "))


def count_words(text: str, enough: int | None = None) -> int:
    """Words in ``text``, counting runs of unspaced scripts by their length; stops counting
    at ``enough``.

    A token between spaces holding a letter or digit is a word; one written in Chinese,
    Japanese, Thai, Lao, Khmer or Burmese counts a word per ``CHARACTERS_PER_CJK_WORD``
    characters or ``LETTERS_PER_SOUTHEAST_ASIAN_WORD`` letters instead (at least one).
    """
    total = 0.0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if _UNSPACED().search(token) is None:
            total += 1
        else:
            cjk = len(_CJK().findall(token))
            letters = len(_SOUTHEAST_ASIAN().findall(token))
            length = cjk / CHARACTERS_PER_CJK_WORD + letters / LETTERS_PER_SOUTHEAST_ASIAN_WORD
            total += max(length, 1.0)
        if enough is not None and total >= enough:
            return int(total)
    return int(total)


def has_letter(text: str) -> bool:
    return _LETTER.search(text) is not None


def first_sentence(text: str) -> str:
    """``text`` up to the end of its first sentence (all of it when there is no end)."""
    for match in _SENTENCE_END.finditer(text):
        following = match.group(1)
        if following is not None and following.islower():
            continue  # "e.g. the", "approx. ten": a sentence starts with no small letter
        if text[match.start()] == "." and _is_abbreviation(text[: match.start()]):
            continue
        return text[: match.end()]
    return text


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one line. A line break between two wide characters (Han,
    kana, their punctuation) is dropped rather than made a space, as browsers do (the segment
    break rules of CSS Text): hard-wrapped Chinese and Japanese have no space there. Korean
    puts spaces between words, so a break beside Hangul stays one."""
    joined = lines[0] if lines else ""
    for line in islice(lines, 1, None):
        if _joins_without_space(joined[-1:], line[:1]):
            joined += line
        else:
            joined += " " + line
    return joined


def _joins_without_space(before: str, after: str) -> bool:
    return all(
        char
        and unicodedata.east_asian_width(char) in ("F", "W", "H")
        and not _HANGUL().match(char)
        for char in (before, after)
    )


def _is_abbreviation(before: str) -> bool:
    words = before.split()
    if not words:
        return True
    word = words[-1].lstrip("\"'“‘(«")
    # "U.S." and initials ("J. Smith") carry dots that are not sentence ends.
    return len(word) == 1 or "." in word or word.lower() in _ABBREVIATIONS
