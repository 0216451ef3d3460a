"""A labelled news corpus for measuring related articles and tag suggestions: each article has
a known topic, and the text is made hard to sort on purpose.

- **Shared words dominate.** Most words of every sentence are the common news words of
  ``bench.vocabulary`` (officials, said, government, places, names), the same for every
  topic; the topics' words are about one word in seven.
- **Topics overlap.** Each topic's vocabulary shares words with one or two others
  (``energy`` is climate and economy, ``court`` is justice and elections, ``refugees`` is
  conflict and migration), so no single word decides.
- **Articles mix topics.** Every article draws 15 to 25% of its topical words from a second
  topic, and one in five 30 to 40%; its label is the first topic.
- **Lengths vary** from a 60-word brief to a 600-word feature: short ones have few telling
  words.
- **Wire copies.** Some stories also run in a second outlet: the same text under another
  headline, with a sentence dropped and one added (``copy_of`` names the original).

Deterministic from a seed; pure Python, so the tests build it without the benchmark cache.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

from bench.vocabulary import SENTENCES, WORD_CLASSES, Template

_OWN: dict[str, str] = {
    "economy": "inflation rates bank economy interest recession exports imports "
               "unemployment currency debt deficit stocks earnings consumers retail "
               "manufacturing output forecast lending credit savings",
    "elections": "election candidates polls turnout campaign parties majority seats "
                 "candidate polling rally results mandate incumbent primary electoral "
                 "victory defeat manifesto canvassing",
    "climate": "climate emissions warming temperatures renewable heatwave floods storms "
               "rainfall carbon fossil solar wind drought wildfires adaptation ecosystems "
               "oceans conservation species glaciers",
    "technology": "technology artificial intelligence software platform users privacy "
                  "apps devices smartphones cloud cybersecurity hackers networks "
                  "innovation engineers computing internet algorithms",
    "conflict": "military troops forces attack missile defence soldiers strikes weapons "
                "army navy ceasefire fighting casualties offensive invasion artillery "
                "drones shelling frontline",
    "health": "health hospital patients doctors disease virus outbreak cases treatment "
              "vaccines nurses medicine clinics infections pandemic care drugs trials "
              "symptoms mortality",
    "justice": "judge trial verdict prosecutors lawyers charges appeal sentence jury "
               "investigation corruption testimony conviction lawsuit supreme rights "
               "defendants acquittal",
    "migration": "migrants asylum crossings camps smuggling deportations visas "
                 "integration arrivals shelters resettlement quotas permits detention "
                 "smugglers boats",
    "education": "schools teachers universities education tuition curriculum exams "
                 "classrooms pupils graduates literacy scholarships campus enrolment "
                 "academics degrees",
    "sport": "football tournament championship players coach team league match season "
             "olympic athletes medal final cup stadium fans transfer squad",
}
# Words two topics share: the pairs are the overlaps a reader would expect.
_SHARED: tuple[tuple[str, str, str], ...] = (
    ("economy", "technology", "startups investors chips markets valuation"),
    ("economy", "climate", "energy prices coal subsidies fuel"),
    ("elections", "justice", "court ruling fraud ballots constitution"),
    ("elections", "migration", "border voters citizenship nationalism"),
    ("conflict", "migration", "refugees civilians displacement humanitarian"),
    ("health", "education", "students research funding scientists"),
    ("health", "climate", "heat pollution air"),
    ("technology", "education", "online digital learning data"),
    ("sport", "economy", "sponsorship broadcast deal"),
    ("justice", "conflict", "crimes tribunal evidence"),
)


def _vocabularies() -> dict[str, list[str]]:
    words = {topic: text.split() for topic, text in _OWN.items()}
    for first, second, shared in _SHARED:
        # Interleaved, so shared words sit among the frequent ones as well as the rare.
        for topic in (first, second):
            own = words[topic]
            for index, word in enumerate(shared.split()):
                own.insert(2 + index * 4, word)
    return words


VOCABULARIES: dict[str, list[str]] = _vocabularies()
TOPICS: tuple[str, ...] = tuple(VOCABULARIES)
_WEIGHTS = {topic: list(accumulate(1.0 / rank ** 0.9 for rank in range(1, len(words) + 1)))
            for topic, words in VOCABULARIES.items()}
# Generic nouns and adjectives that give way to a topic's word this often: with the template
# slots that are topical anyway, about one word in seven is the topics'.
TOPICAL_SHARE = 0.3
_TOPICAL_SLOTS = frozenset("na")
OUTLETS = ("Reuters", "AP", "AFP", "The Herald", "Daily Courier", "Evening Post", "Gazette")


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    index: int
    topic: str
    second: str
    title: str
    body: str
    source: str
    copy_of: int | None = None

    def file_text(self) -> str:
        """The article as a file Broadsheet imports: title, blank line, body."""
        return f"{self.title}\n\n{self.body}\n"


class _Writer:
    def __init__(self, rng: random.Random, topic: str, second: str, mix: float) -> None:
        self.rng = rng
        self.topic = topic
        self.second = second
        self.mix = mix

    def topical(self) -> str:
        topic = self.second if self.rng.random() < self.mix else self.topic
        return self.rng.choices(VOCABULARIES[topic], cum_weights=_WEIGHTS[topic])[0]

    def word(self, slot: str) -> str:
        if slot == "t" or (slot in _TOPICAL_SLOTS and self.rng.random() < TOPICAL_SHARE):
            return self.topical()
        if slot == "q":
            return f"{self.rng.randint(2, 99)} percent"
        if slot == "y":
            return str(self.rng.randint(1990, 2024))
        words = WORD_CLASSES[slot]
        return self.rng.choices(words.words, cum_weights=words.cum_weights)[0]

    def fill(self, template: Template) -> str:
        text = template.pattern.format(*(self.word(slot) for slot in template.classes))
        return text[0].upper() + text[1:]

    def sentence(self) -> str:
        return self.fill(self.rng.choice(SENTENCES))

    def title(self) -> str:
        words = [self.topical(), self.word("n"), self.word("v"), "in", self.word("p")]
        if self.rng.random() < 0.5:
            words.insert(0, self.word("a"))
        text = " ".join(words)
        return text[0].upper() + text[1:]


def _article(seed: int, index: int) -> LabelledArticle:
    rng = random.Random(seed * 7_919 + index)
    topic = TOPICS[index % len(TOPICS)]
    second = rng.choice([t for t in TOPICS if t != topic])
    mix = rng.uniform(0.3, 0.4) if rng.random() < 0.2 else rng.uniform(0.15, 0.25)
    writer = _Writer(rng, topic, second, mix)
    sentences = [writer.sentence() for _ in range(rng.choice((5, 8, 12, 16, 24, 36)))]
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return LabelledArticle(index, topic, second, writer.title(), "\n\n".join(paragraphs),
                           rng.choice(OUTLETS))


def _wire_copy(original: LabelledArticle, seed: int, index: int) -> LabelledArticle:
    """The same story as another outlet runs it: a new headline, one sentence gone, one
    added."""
    rng = random.Random(seed * 104_729 + index)
    writer = _Writer(rng, original.topic, original.second, 0.35)
    sentences = [s + "." for s in original.body.replace("\n\n", " ").split(". ") if s]
    sentences = [s.rstrip(".") + "." for s in sentences]
    del sentences[rng.randrange(1, len(sentences))]
    sentences.insert(rng.randrange(1, len(sentences) + 1), writer.sentence())
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    source = rng.choice([o for o in OUTLETS if o != original.source])
    return LabelledArticle(index, original.topic, original.second, writer.title(),
                           "\n\n".join(paragraphs), source, copy_of=original.index)


def labelled_corpus(count: int, seed: int = 7, copies: float = 0.03) -> list[LabelledArticle]:
    """``count`` articles, topics in turn; a share ``copies`` of them are wire copies of
    earlier ones (with their topic)."""
    rng = random.Random(seed)
    made: list[LabelledArticle] = []
    for index in range(count):
        if index > 20 and rng.random() < copies:
            original = made[rng.randrange(index)]
            while original.copy_of is not None:
                original = made[original.copy_of]
            if original.body.count(". ") < 11:
                made.append(_article(seed, index))  # a brief is rewritten, not copied
                continue
            made.append(_wire_copy(original, seed, index))
        else:
            made.append(_article(seed, index))
    return made
