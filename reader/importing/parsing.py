"""From decoded text to an article: title, publication date, normalised body, content hash.

Three layouts are recognised:

* a ``date …`` header, the lead paragraph going on on the same line (the seed files);
* a short title line, a blank line, then the body (optionally a ``date …`` line in between);
* plain prose, titled after its first sentence.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from msgspec import Struct

from reader.dates import ImpossibleDate, parse_date
from reader.errors import InvalidValue, NotAnArticle
from reader.importing.decoding import clean_text, read_text_file
from reader.importing.words import count_words, first_sentence, has_letter, join_lines
from reader.records import Block

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MIN_WORDS = 5

# A title line is short and does not read like the end of a sentence or a clause.
_TITLE_MAX_CHARS = 150
_TITLE_MAX_WORDS = 20
_HEADING_MAX_CHARS = 80
_HEADING_MAX_WORDS = 12
# The ideographic, Arabic and Devanagari forms of the same stops and commas too.
_NOT_A_TITLE_ENDING = (".", ",", ";", ":", "。", "，", "、", "；", "：", "．", "،", "؛", "۔", "।")
_CLOSING_QUOTES = "\"'”’)]»」』）】》"

# Written dates take up to four tokens: "Tuesday, 20 March 2024", "March 20, 2024".
_DATE_MAX_TOKENS = 4
_DATE_HEADER = re.compile(r"[ \t]*date(?:[ \t]*:[ \t]*|[ \t]+)", re.IGNORECASE)
_DATE_TRAILING_PUNCTUATION = ",;:.-–—|"
_MARKDOWN_HEADING = re.compile(r"#{1,6}(?:\s+(?P<text>.*?))?(?:\s+#+)?\s*")
_TOKEN = re.compile(r"\S+")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_CLOCK = re.compile(r"[0-9]{1,2}:[0-9]{2}")
_BLOCK = re.compile(r"\S(?:.*\S)?(?:\n[ \t]*\S(?:.*\S)?)*")

_TITLE_TRAILING_JUNK = " ,;:-–—"


class ParsedArticle(Struct, frozen=True):
    title: str
    published: date | None
    body: str
    content_hash: str
    warnings: tuple[str, ...] = ()
    # Known only for saved web pages and clips; a text file leaves them empty.
    url: str | None = None
    author: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()
    # False for an address without its text (a read-later entry): the body is empty.
    text_fetched: bool = True


class _Layout(Struct, frozen=True):
    """What surrounds the body: an explicit title, the date header, and the rest of the text."""

    title: str | None
    published: date | None
    warnings: tuple[str, ...]
    rest: str


class _DateHeader(Struct, frozen=True):
    published: date | None
    warning: str | None
    rest: str
    alone_on_line: bool


def load_article(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedArticle:
    """Read, decode and parse one file. Raises NotAnArticle with a reason fit for the user."""
    return parse_text(read_text_file(path, max_bytes))


def parse_text(text: str) -> ParsedArticle:
    """Parse already decoded text into an article; raises NotAnArticle if it is not one."""
    if not text:
        raise NotAnArticle("empty file")
    text = unicodedata.normalize("NFC", clean_text(text))
    if not text.strip():
        raise NotAnArticle("no text")
    if not has_letter(text):
        raise NotAnArticle("no words")

    layout = _split_layout(text)
    body = normalise_body(layout.rest)
    title = layout.title
    if not body and title is not None:
        # A lone title line is all the text there is: it is the body too.
        body, title_words = title, 0
    else:
        title_words = count_words(title or "", MIN_WORDS)
    words = title_words + count_words(body, MIN_WORDS)
    if words < MIN_WORDS:
        raise NotAnArticle(f"too short to be an article ({words} words)")
    if title is None:
        title = make_title(_first_wordy_paragraph(body))
    return ParsedArticle(
        title=title,
        published=layout.published,
        body=body,
        content_hash=content_hash(text),
        warnings=layout.warnings,
    )


def content_hash(text: str) -> str:
    """SHA-256 of the text with Unicode form, whitespace and line endings made irrelevant."""
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalised.encode("utf-8", errors="surrogatepass")).hexdigest()


def make_title(lead: str, limit: int = 90) -> str:
    """The lead's first sentence, cut at a word boundary with "…" when longer than ``limit``."""
    text = " ".join(lead.split())
    sentence = first_sentence(text)
    if len(sentence) <= limit:
        return sentence
    room = max(limit - 1, 1)
    cut = sentence[:room]
    if not sentence[room : room + 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    cut = cut.rstrip(_TITLE_TRAILING_JUNK) or sentence[:room]
    return cut + "…"


def normalise_body(text: str) -> str:
    """Paragraphs one per line, separated by one blank line, with wrapped lines rejoined."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if "" in lines:
        paragraphs = _paragraphs_between_blank_lines(lines)
    else:
        paragraphs = _paragraphs_without_blank_lines(lines)
    cleaned = (_strip_markdown_heading(paragraph) for paragraph in paragraphs)
    return "\n\n".join(paragraph for paragraph in cleaned if paragraph)


def split_blocks(body: str) -> tuple[Block, ...]:
    """Split a stored body into headings and paragraphs located by character offsets."""
    spans = [(match.start(), match.end()) for match in _BLOCK.finditer(body)]
    texts = [body[start:end] for start, end in spans]
    candidates = [_could_be_heading(text) for text in texts]
    blocks = []
    for index, ((start, end), text) in enumerate(zip(spans, texts, strict=True)):
        is_heading = (
            candidates[index]
            and 0 < index < len(texts) - 1
            and not candidates[index - 1]
            and not candidates[index + 1]
        )
        blocks.append(Block("heading" if is_heading else "paragraph", text, start, end))
    return tuple(blocks)


# --- layout ------------------------------------------------------------------------------------


def _split_layout(text: str) -> _Layout:
    header = _take_date_header(text)
    title: str | None = None
    rest = header.rest if header is not None else text
    # A lead on the header line means the seed layout: no title line can follow.
    if header is None or header.alone_on_line:
        title, rest = _take_title(rest)
        if title is not None and header is None:
            header = _take_date_header(rest)
            rest = header.rest if header is not None else rest
    if header is None:
        return _Layout(title, None, (), rest)
    warnings = (header.warning,) if header.warning else ()
    return _Layout(title, header.published, warnings, rest)


def _take_date_header(text: str) -> _DateHeader | None:
    """Recognise a leading ``date …`` header; None when the text does not start with one."""
    stripped = text.lstrip("\n \t")
    match = _DATE_HEADER.match(stripped)
    if match is None:
        return None
    line_end = stripped.find("\n", match.end())
    line_end = len(stripped) if line_end == -1 else line_end
    tokens = list(_TOKEN.finditer(stripped, match.end(), line_end))[:_DATE_MAX_TOKENS]
    for count in _token_counts(tokens):
        candidate = stripped[tokens[0].start() : tokens[count - 1].end()]
        try:
            published: date | None = parse_date(candidate.rstrip(_DATE_TRAILING_PUNCTUATION))
            warning = None
        except ImpossibleDate as exc:
            published = None
            warning = f"{exc}; imported without a date"
        except InvalidValue:
            continue
        remainder = stripped[tokens[count - 1].end() :]
        alone = not stripped[tokens[count - 1].end() : line_end].strip()
        return _DateHeader(published, warning, remainder, alone)
    return None


def _token_counts(tokens: list[re.Match[str]]) -> Sequence[int]:
    """How many tokens to try as the date, longest first.

    An ISO day not followed by a time is the whole date: trying longer runs first would cost
    three failed parses on every seed file.
    """
    iso_day = bool(tokens) and _ISO_DAY.fullmatch(
        tokens[0].group().rstrip(_DATE_TRAILING_PUNCTUATION)
    )
    if iso_day and (len(tokens) == 1 or not _CLOCK.match(tokens[1].group())):
        # A dash or colon after the date belongs to the header, not to the lead.
        dash = len(tokens) > 1 and not tokens[1].group().strip(_DATE_TRAILING_PUNCTUATION)
        return (2, 1) if dash else (1,)
    return range(len(tokens), 0, -1)


def _take_title(text: str) -> tuple[str | None, str]:
    """Split off an explicit title line (plain or markdown) if the text starts with one."""
    stripped = text.lstrip("\n \t")
    first, newline, rest = stripped.partition("\n")
    if not newline or not rest.strip():
        return None, text
    heading = _MARKDOWN_HEADING.fullmatch(first.strip())
    if heading is not None:
        title = " ".join((heading["text"] or "").split())
        return (title, rest) if has_letter(title) else (None, text)
    title = " ".join(first.split())
    next_line = rest.partition("\n")[0]
    followed_by_break = not next_line.strip() or _DATE_HEADER.match(next_line) is not None
    if followed_by_break and _looks_like_title(title):
        return title, rest
    return None, text


def _looks_like_title(line: str) -> bool:
    return (
        has_letter(line)
        and len(line) <= _TITLE_MAX_CHARS
        and len(line.split()) <= _TITLE_MAX_WORDS
        and not line.rstrip(_CLOSING_QUOTES).endswith(_NOT_A_TITLE_ENDING)
    )


def _could_be_heading(text: str) -> bool:
    return (
        "\n" not in text
        and has_letter(text)
        and len(text) <= _HEADING_MAX_CHARS
        and len(text.split()) <= _HEADING_MAX_WORDS
        and not text.rstrip(_CLOSING_QUOTES).endswith(_NOT_A_TITLE_ENDING)
    )


# --- body ----------------------------------------------------------------------------------


def _paragraphs_between_blank_lines(lines: list[str]) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if _MARKDOWN_HEADING.fullmatch(line):
            # A markdown heading is a block of its own even without blank lines around it.
            paragraphs.extend([join_lines(current), line] if current else [line])
            current = []
        elif line:
            current.append(line)
        elif current:
            paragraphs.append(join_lines(current))
            current = []
    if current:
        paragraphs.append(join_lines(current))
    return paragraphs


def _paragraphs_without_blank_lines(lines: list[str]) -> list[str]:
    """Each line is a paragraph, except a line that plainly continues a wrapped sentence."""
    # Paragraphs are gathered as lists of lines and joined once at the end: joining as it
    # went made a file of 100,000 wrapped lines quadratic (7 s for 1.3 MB).
    paragraphs: list[list[str]] = []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1], line):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [" ".join(parts) for parts in paragraphs]


def _continues(previous: list[str], line: str) -> bool:
    # Lower case after an unfinished line is a sentence carried over by hard wrapping.
    if not line[:1].islower():
        return False
    ending = previous[-1].rstrip(_CLOSING_QUOTES)
    if not ending and len(previous) > 1:  # a line of closing quotes ends what came before
        ending = " ".join(previous).rstrip(_CLOSING_QUOTES)
    # A heading is never continued, so only a paragraph of one line can be one.
    heading = len(previous) == 1 and _MARKDOWN_HEADING.fullmatch(previous[0]) is not None
    return not ending.endswith((".", "!", "?", ":", "…")) and not heading


def _strip_markdown_heading(paragraph: str) -> str:
    heading = _MARKDOWN_HEADING.fullmatch(paragraph)
    if heading is None:
        return paragraph
    return heading["text"] or ""


def _first_wordy_paragraph(body: str) -> str:
    paragraphs = body.split("\n\n")
    return next((p for p in paragraphs if has_letter(p)), paragraphs[0])
