"""One synthetic article file: its text, encoding and line endings, from a seed and an index.

The files look like what users actually import: the "seed" format (` date 2024-03-20 Lead…`
with section headings between paragraphs), a title line then a body, or bare prose. Some are
cp1252, a few use CRLF; duplicates of earlier files differ, if at all, only in line endings or
whitespace.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from bench.vocabulary import (
    ACCENTED_WORDS,
    HEADINGS,
    SENTENCES,
    TITLES,
    TOPIC_CLASSES,
    TOPIC_NAMES,
    WORD_CLASSES,
    Template,
)


class _Slots:
    """Draws words for template slots in bulk: one `choices` call per class per refill keeps
    generation well above 5k files/s, where one call per word would not."""

    # Small batches: most classes only need a handful of words per article.
    BATCH = 16

    def __init__(self, rng: random.Random, topic: str, second_topic: str, fancy: bool) -> None:
        self.rng = rng
        self.topic = TOPIC_CLASSES[topic]
        self.second_topic = TOPIC_CLASSES[second_topic]
        self.fancy = fancy
        self._buffers: dict[str, list[str]] = {}

    def _refill(self, cls: str) -> list[str]:
        rng = self.rng
        if cls == "t":
            # Mostly the article's own topic, sometimes a neighbouring one.
            main = rng.choices(self.topic.words, cum_weights=self.topic.cum_weights, k=24)
            other = self.second_topic
            batch = main + rng.choices(other.words, cum_weights=other.cum_weights, k=8)
            rng.shuffle(batch)
            return batch
        if cls == "q":
            return [self._quantity() for _ in range(8)]
        if cls == "y":
            return [str(rng.randint(1990, 2023)) for _ in range(8)]
        wc = WORD_CLASSES[cls]
        return rng.choices(wc.words, cum_weights=wc.cum_weights, k=self.BATCH)

    def _quantity(self) -> str:
        rng = self.rng
        amount = f"{rng.randint(1, 99)}.{rng.randint(0, 9)}"
        kind = rng.randrange(6)
        if kind == 0:
            return f"{amount} percent"
        if kind == 1:
            return f"${amount} billion"
        if kind == 2:
            return f"{rng.randint(2, 900)} people"
        if kind == 3:
            return f"£{amount} billion" if self.fancy else f"{amount} billion"
        return f"€{amount} million" if self.fancy else f"{amount} million"

    def fill(self, templates: tuple[Template, ...]) -> str:
        template = self.rng.choice(templates)
        buffers = self._buffers
        words = []
        # `word()` inlined: this loop runs a few hundred times per article.
        for cls in template.classes:
            buffer = buffers.get(cls)
            if not buffer:
                buffer = buffers[cls] = self._refill(cls)
            words.append(buffer.pop())
        return template.pattern.format(*words)


def _sentence(slots: _Slots) -> str:
    text = slots.fill(SENTENCES)
    return text[0].upper() + text[1:]


def _heading(slots: _Slots) -> str:
    text = slots.fill(HEADINGS)
    return " ".join(w[0].upper() + w[1:] for w in text.split())


def _title(slots: _Slots) -> str:
    text = slots.fill(TITLES)
    return text[0].upper() + text[1:]


def _paragraph(slots: _Slots) -> str:
    return " ".join(_sentence(slots) for _ in range(slots.rng.randint(2, 5)))


def _body(slots: _Slots, lead: str, target_chars: int, headings: bool) -> list[str]:
    """Paragraphs (and heading lines) until the text is about `target_chars` long."""
    blocks = [lead]
    size = len(lead)
    rng = slots.rng
    while size < target_chars:
        if headings and rng.random() < 0.45:
            heading = _heading(slots)
            blocks.append(heading)
            size += len(heading) + 2
        paragraph = _paragraph(slots)
        if size + len(paragraph) > target_chars + 400:
            paragraph = _trim(paragraph, target_chars - size)
        blocks.append(paragraph)
        size += len(paragraph) + 2
    return blocks


def _trim(paragraph: str, room: int) -> str:
    """Cut at a sentence end so the file stays in the 2-3 KB band."""
    cut = paragraph.rfind(". ", 0, max(room, 200))
    return paragraph if cut < 0 else paragraph[: cut + 1]


def _sprinkle_accents(slots: _Slots, blocks: list[str]) -> None:
    """Make sure a "fancy" file really needs a non-ASCII decoding."""
    rng = slots.rng
    word = rng.choice(ACCENTED_WORDS)
    index = rng.randrange(len(blocks))
    cost = f"£1.{rng.randint(1, 9)} million"
    blocks[index] = f"{blocks[index]} The {word} remained a talking point, costing {cost}."


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    encoding: str
    crlf: bool
    terms: frozenset[str]


def _terms(text: str) -> frozenset[str]:
    """The words of `text` as a word tokenizer such as FTS5's sees them. Splitting on spaces
    is enough for generated text and runs faster than a regex, which matters at 100k files."""
    stripped = {token.strip(".,:;") for token in text.lower().split()}
    return frozenset(word for word in stripped if word.isalpha())


def generate_document(seed: int, index: int) -> Document:
    rng = random.Random(seed * 1_000_003 + index)
    topics = rng.sample(TOPIC_NAMES, 2)
    roll = rng.random()
    cp1252 = rng.random() < 0.10
    fancy = cp1252 or rng.random() < 0.05
    slots = _Slots(rng, topics[0], topics[1], fancy)
    target = rng.randint(2000, 2900)
    lead = _paragraph(slots)
    if roll < 0.60:
        day = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        blocks = _body(slots, f" date {day.isoformat()} {lead}", target, headings=True)
    elif roll < 0.90:
        title = _title(slots)
        blocks = [title, *_body(slots, lead, target - len(title), headings=rng.random() < 0.3)]
    else:
        blocks = _body(slots, lead, target, headings=False)
    if fancy:
        _sprinkle_accents(slots, blocks)
    text = "\n\n".join(blocks)
    if rng.random() < 0.3:
        text += "\n"
    return Document(
        text=text,
        encoding="cp1252" if cp1252 else "utf-8",
        crlf=rng.random() < 0.03,
        terms=_terms(text),
    )


def encode_text(text: str, encoding: str, crlf: bool) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    return text.encode(encoding)


def duplicate_bytes(original: Document, rng: random.Random) -> tuple[bytes, str]:
    """A copy of an earlier file as users end up with them: identical, re-saved with other
    line endings, or with stray whitespace."""
    kind = rng.random()
    if kind < 0.5:
        return encode_text(original.text, original.encoding, original.crlf), "identical"
    if kind < 0.75:
        return encode_text(original.text, original.encoding, not original.crlf), "line-endings"
    lines = [line + " " * rng.randint(0, 3) for line in original.text.split("\n")]
    padded = "\n" + "\n".join(lines).replace("\n\n", "\n\n\n") + "\n\n"
    return encode_text(padded, original.encoding, original.crlf), "whitespace"
