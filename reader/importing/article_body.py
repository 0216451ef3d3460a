"""The extracted article in the shape text files are stored in, and its title made tidy.

The extractor hands back its own small XML tree (``p``, ``head``, ``list``/``item``,
``quote``, ``table``/``row``/``cell``, ``lb`` for a line break). Each paragraph, heading,
list item, quotation or table row becomes one line, separated from the next by a blank line:
what ``split_blocks`` reads as paragraphs, with short lines standing alone as headings.
Line breaks in the page's source are only spacing, as a browser shows them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from lxml.etree import _Element

from reader.importing.decoding import clean_text

# A line break inside a paragraph ends a line as the page shows it; the marker survives the
# whitespace folding that the source's own newlines get.
_BREAK = "\ue000"
_WORDS = re.compile(r"\w+")
# "Headline | Site", "Headline - Site", "Headline » Section » Site".
_TITLE_SEPARATOR = re.compile(r"(\s+(?:\||»|::|·|–|—|-{1,2})\s+)")
_MIN_HEADLINE_WORDS = 3


def body_lines(body: _Element | None) -> list[str]:
    """One line per paragraph, heading, list item, quotation or table row."""
    return [] if body is None else [line for line in _lines(body) if line]


def article_body(lines: list[str], title: str | None) -> str:
    """Lines separated by blank lines, without a first line that repeats the title."""
    if lines and title and _repeats_title(lines[0], title):
        lines = lines[1:]
    return "\n\n".join(lines)


def tidy_title(title: str, headlines: list[str], site: str | None) -> str:
    """The headline without the site's name that page titles carry after it.

    The page's own ``<h1>`` is the best evidence: a title that starts with it is the
    headline plus decoration. Failing that, trailing segments naming the site are dropped.
    """
    folded = title.casefold()
    for headline in headlines:
        long_enough = len(headline.split()) >= _MIN_HEADLINE_WORDS
        if long_enough and headline != title and folded.startswith(headline.casefold()):
            return headline
    if site is None:
        return title
    parts = _TITLE_SEPARATOR.split(title)
    # parts alternates text and separator: [text, sep, text, sep, text].
    while len(parts) >= 3 and _names_site(parts[-1], site):
        del parts[-2:]
    return "".join(parts).strip() or title


def _lines(element: _Element) -> Iterator[str]:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in ("list", "table"):
            yield from _container_lines(child)
        elif tag in ("graphic", "lb"):
            continue
        else:
            yield from _broken_lines(child)


def _container_lines(element: _Element) -> Iterator[str]:
    if element.tag == "table":
        for row in element.iter("row"):
            cells = (_fold(_text_of(cell)) for cell in row.iter("cell"))
            line = " | ".join(cell for cell in cells if cell)
            if line:
                yield line
        return
    for item in element.iterchildren("item"):
        nested = [child for child in item if child.tag == "list"]
        for child in nested:
            item.remove(child)  # nested lists follow their item as lines of their own
        yield from _broken_lines(item)
        for child in nested:
            yield from _container_lines(child)


def _broken_lines(element: _Element) -> Iterator[str]:
    for line_break in element.iter("lb"):
        line_break.tail = _BREAK + (line_break.tail or "")
    text = _text_of(element)
    for piece in text.split(_BREAK):
        line = _fold(piece)
        if line:
            yield line


def _text_of(element: _Element) -> str:
    return "".join(str(piece) for piece in element.itertext())


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(clean_text(text).split()))


def _repeats_title(line: str, title: str) -> bool:
    """The first line is the title, or the headline part of a title with the site after it."""
    line_words = _WORDS.findall(line.casefold())
    title_words = _WORDS.findall(title.casefold())
    return bool(line_words) and title_words[: len(line_words)] == line_words


def _names_site(segment: str, site: str) -> bool:
    squeezed = "".join(segment.casefold().split())
    name = "".join(site.casefold().split())
    return bool(name) and (name in squeezed or squeezed in name)
