"""A synthetic but realistic library of news article files, deterministic from a seed.

The files look like what users actually import: the "seed" format (` date 2024-03-20 Lead…`
with section headings between paragraphs), a title line then a body, or bare prose. Some are
cp1252, a few use CRLF, and some are duplicates of earlier files, byte for byte or differing
only in line endings or whitespace.

Word frequencies are Zipf-like on purpose: a search benchmark needs terms that are very common
(in more than 60% of articles), common, mid and rare. The manifest written next to the corpus
records each vocabulary term's document frequency so that benchmark can pick terms by band.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

# Bump when the generator's output changes, so stale caches are rebuilt rather than reused.
GENERATOR_VERSION = 1

SUBFOLDERS: tuple[str, ...] = (
    "",
    "world/europe",
    "world/asia",
    "world/americas",
    "business",
    "business/markets",
    "politics",
    "science/climate",
    "technology",
)

# --- vocabulary -----------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()

# Each list is in rough order of how often the word appears in news copy; the Zipf weights
# below turn that order into frequencies.

DETERMINERS = _words("the the a its their this another")
PREPOSITIONS = _words(
    "in on for with after over across amid against despite before under from by during "
    "within beyond toward"
)
NOUNS = _words(
    "government people year week country officials plan report state city police market "
    "minister policy month public talks support deal group leaders region security workers "
    "law company companies families election vote system crisis community demand pressure "
    "agency budget court decision data program services committee debate sector investment "
    "industry plans funding spending response growth figures share campaign strategy action "
    "statement warning changes evidence infrastructure measures reforms negotiations "
    "agreement tensions concerns challenges impact future progress efforts risks access "
    "prices costs jobs wages households residents voters lawmakers regulators investors "
    "analysts observers critics authorities ministry parliament coalition opposition "
    "alliance summit delegation treaty sanctions protests unrest shortages recovery outlook"
)
VERBS = _words(
    "said announced warned expected reported agreed confirmed rejected approved launched "
    "unveiled proposed criticised signalled raised cut increased reduced delayed blocked "
    "backed welcomed questioned ruled pledged promised revealed suspended extended "
    "defended challenged secured outlined dismissed acknowledged accelerated postponed "
    "tightened eased doubled halted resumed"
)
ADJECTIVES = _words(
    "new national global local major public economic political international federal "
    "regional key recent senior former foreign domestic significant growing sharp "
    "record historic controversial fragile ambitious urgent lasting renewed broader "
    "unexpected modest steep cautious decisive bold critical strategic unprecedented"
)
ROLES = _words(
    "minister spokesperson official analyst economist president chancellor governor "
    "senator researcher adviser mayor ambassador commissioner director chairman"
)
PLACES = _words(
    "China Ukraine Russia France Germany India Britain Japan Brazil Israel Iran Canada "
    "Mexico Italy Spain Turkey Australia Poland Egypt Nigeria Kenya Indonesia Pakistan "
    "Argentina Korea Taiwan Sweden Norway Netherlands Belgium Greece Portugal Ireland "
    "Vietnam Thailand Philippines Malaysia Singapore Chile Colombia Peru Venezuela Ethiopia "
    "Ghana Morocco Algeria Tunisia Lebanon Syria Iraq Jordan Qatar Kuwait Oman Yemen "
    "Afghanistan Bangladesh Nepal Myanmar Cambodia Laos Mongolia Kazakhstan Uzbekistan "
    "Georgia Armenia Azerbaijan Serbia Croatia Hungary Romania Bulgaria Slovakia Slovenia "
    "Austria Switzerland Denmark Finland Iceland Estonia Latvia Lithuania Moldova Belarus "
    "Cyprus Malta Luxembourg Senegal Uganda Tanzania Rwanda Zambia Zimbabwe Angola Namibia "
    "Botswana Madagascar Mozambique Sudan Somalia Libya Ecuador Bolivia Paraguay Uruguay "
    "Cuba Jamaica Haiti Panama Honduras Guatemala Nicaragua Fiji Samoa Tonga Vanuatu"
)
SURNAMES = _words(
    "Smith Garcia Chen Müller Okafor Kowalski Nakamura Rossi Dubois Silva Haddad Novak "
    "Johansson Petrov Kim Nguyen Patel Singh Kumar Ahmed Hassan Ibrahim Mensah Mwangi "
    "Fernandez Lopez Martinez Gonzalez Rodriguez Schmidt Fischer Weber Wagner Becker Hoffmann "
    "Schulz Koch Bauer Richter Klein Wolf Laurent Moreau Lefebvre Girard Bonnet Fontaine "
    "Marino Romano Colombo Ricci Bruno Greco Conti Esposito Russo Yamamoto Tanaka Suzuki "
    "Watanabe Ito Sato Kobayashi Kato Yoshida Yamada Sasaki Park Lee Choi Jung Kang Cho Yoon "
    "Jang Lim Han Wang Li Zhang Liu Yang Huang Zhao Wu Zhou Xu Zhu Guo Lin "
    "Gao Luo Tran Pham Hoang Phan Vu Dang Bui Ngo Duong Sharma Verma Gupta Mehta "
    "Reddy Nair Iyer Das Bose Chatterjee Mukherjee Banerjee Rao Pillai Menon Joshi Kapoor "
    "Malhotra Adeyemi Balogun Eze Nwosu Okonkwo Abubakar Bello Danjuma Otieno Kamau Wanjiru "
    "Njoroge Achieng Odhiambo Kiprop Cheruiyot Moyo Dlamini Nkosi Ndlovu Khumalo Zulu "
    "Mokoena Botha Pretorius Andersson Karlsson Nilsson Eriksson Larsson Olsson Persson "
    "Svensson Gustafsson Pettersson Jonsson Hansen Jensen Nielsen Pedersen Christensen "
    "Rasmussen Sorensen Virtanen Korhonen Makinen Nieminen Hamalainen Laine Heikkinen "
    "Koskinen Jarvinen Lehtonen Kovacs Szabo Horvath Toth Nagy Varga Kiss Molnar Nemeth "
    "Farkas Balogh Popescu Ionescu Dumitru Stoica Gheorghe Rusu Munteanu Matei Constantin"
)
RARE_WORDS = _words(
    "ombudsman archipelago referendum filibuster moratorium gerrymandering austerity "
    "stagflation quantitative desalination geothermal permafrost monsoon cyclone typhoon "
    "avalanche wildfire drought famine cholera vaccination quarantine epidemiologist "
    "cryptocurrency blockchain semiconductor lithium cobalt hydrogen nuclear uranium "
    "pipeline refinery tariff embargo subsidy pension mortgage bankruptcy insolvency "
    "merger acquisition antitrust whistleblower indictment acquittal extradition asylum "
    "deportation ceasefire armistice insurgency militia coup impeachment recount ballot "
    "constituency incumbent runoff caucus primaries gubernatorial bipartisan veto "
    "amendment constitution judiciary tribunal arbitration mediation envoy consulate "
    "diaspora humanitarian reconstruction demining peacekeepers drone satellite telescope "
    "genome vaccine antibiotic biodiversity deforestation reforestation mangrove coral "
    "glacier emissions carbon methane offsets turbines photovoltaic grid blackout "
    "broadband encryption ransomware algorithm chatbot robotics automation startup "
    "unicorn valuation dividend bond yields currency devaluation remittances microfinance "
    "cooperative smallholder irrigation harvest fisheries tourism pilgrimage heritage "
    "archaeologists excavation manuscript museum orchestra festival marathon olympics"
)

TOPICS: dict[str, list[str]] = {
    "economy": _words(
        "inflation rates bank economy interest growth recession prices markets trade "
        "exports imports unemployment currency debt deficit stocks earnings consumers "
        "retail manufacturing output forecast lending credit savings"
    ),
    "elections": _words(
        "election candidates polls voters ballots turnout campaign parties coalition "
        "majority seats candidate polling debate rally results constituency mandate "
        "opposition incumbent primary electoral victory defeat"
    ),
    "climate": _words(
        "climate emissions warming temperatures energy renewable heatwave floods storms "
        "rainfall carbon fossil solar wind coal drought wildfires adaptation pledge "
        "targets ecosystems oceans pollution conservation species"
    ),
    "technology": _words(
        "technology artificial intelligence software chips data platform users privacy "
        "regulation apps devices smartphones cloud cybersecurity hackers networks "
        "innovation startups engineers computing internet online digital"
    ),
    "conflict": _words(
        "military troops forces attack missile defence border soldiers strikes weapons "
        "army navy conflict ceasefire fighting casualties civilians offensive invasion "
        "ballistic hypersonic launch deterrence intelligence"
    ),
    "health": _words(
        "health hospital patients doctors disease virus outbreak cases treatment "
        "vaccines nurses medicine clinics infections pandemic care drugs trials "
        "symptoms mortality screening insurance wellbeing"
    ),
    "diplomacy": _words(
        "diplomatic relations talks summit foreign ambassador sanctions negotiations "
        "bilateral cooperation allies partnership visit accord dialogue envoys "
        "embassy multilateral mediation goodwill tensions rapprochement"
    ),
    "justice": _words(
        "court judge trial verdict prosecutors lawyers charges appeal ruling sentence "
        "jury investigation fraud corruption evidence testimony conviction lawsuit "
        "supreme rights justice defendants"
    ),
    "migration": _words(
        "migrants refugees border asylum crossings camps smuggling deportations visas "
        "integration arrivals shelters humanitarian displacement resettlement quotas "
        "citizenship labour permits detention"
    ),
    "education": _words(
        "schools students teachers universities education tuition curriculum exams "
        "classrooms pupils graduates funding literacy scholarships campus enrolment "
        "research academics degrees learning"
    ),
    "transport": _words(
        "transport rail trains airlines flights airport roads traffic passengers "
        "infrastructure ports shipping freight vehicles electric railway congestion "
        "commuters fares highways logistics"
    ),
    "sport": _words(
        "football tournament championship players coach team league match season "
        "olympic athletes medal final cup stadium fans transfer squad victory record"
    ),
}
TOPIC_NAMES: tuple[str, ...] = tuple(TOPICS)

# Words that only a cp1252/UTF-8 file can carry: they force a real decoding decision.
ACCENTED_WORDS = _words("café résumé protégé décor fiancé naïve cliché élite régime entrée")

SENTENCE_TEMPLATES: tuple[str, ...] = (
    "{d} {a} {t} {r} {p} {v} {d} {n} {r} {t}, {o} {m} said.",
    "{o} {m} {v} that {d} {t} would weigh on {d} {a} {n} {r} {p}.",
    "{r} {d} {n}, {d} {t} {v} {q}, according to {a} {n}.",
    "{d} {n} in {p} {v} {d} {a} {t} {r} {d} {n} of {t} and {t}.",
    "{a} {n} {v} {r} {p} as {n} over {t} {v} {r} {d} {a} {n}.",
    "The {g} {v} {d} {t} {r} {p}, where {n} have {v} {d} {n} since {y}.",
    "{o} {m} of {p} {v} the {t} as {a}, adding that {n} {v} {q}.",
    "{d} {t} {r} {p} is {a} for {d} {n}, and {n} {v} {r} {t} and {g}.",
    "It is not {a} whether {d} {n} will change the {t} {r} {p}, {o} {m} said.",
    "{p} and {p} {v} {d} {a} {n} on {t} {r} {d} {n} with {p}.",
    "{q} in {t} was {v} {r} {y}, {a} {n} {r} {d} {g} showed.",
    "{d} {n} {v} {d} {t} {r} {d} {a} {n}, which {v} {d} {n} of {p}.",
)
HEADING_TEMPLATES: tuple[str, ...] = (
    "{a} {t} and {n}",
    "Background and {a} {n}",
    "What {d} {t} means for {p}",
    "{t} {r} {p}",
    "The {a} {n}",
    "What lies ahead",
    "{a} implications",
    "{n} and {t}",
)
TITLE_TEMPLATES: tuple[str, ...] = (
    "{p} {v} {a} {t} plan {r} {n}",
    "{o} {m} {v} {t} {r} {p}",
    "{a} {t} {v} {r} {p} as {n} grows",
    "{t} in {p}: {a} {n} {v}",
    "{p} {t} {v} {q}",
)

SLOT = re.compile(r"\{(\w)\}")


def zipf_cum_weights(size: int, exponent: float = 1.0) -> list[float]:
    """Cumulative weights for rank 1..size, ready for `random.choices(cum_weights=...)`."""
    return list(accumulate(1.0 / (rank**exponent) for rank in range(1, size + 1)))


@dataclass(frozen=True, slots=True)
class WordClass:
    words: list[str]
    cum_weights: list[float]


def _word_class(words: list[str], exponent: float = 1.0) -> WordClass:
    return WordClass(words, zipf_cum_weights(len(words), exponent))


WORD_CLASSES: dict[str, WordClass] = {
    "d": _word_class(DETERMINERS, 0.8),
    "r": _word_class(PREPOSITIONS, 1.0),
    "n": _word_class(NOUNS, 1.1),
    "v": _word_class(VERBS, 1.2),
    "a": _word_class(ADJECTIVES, 1.0),
    "o": _word_class(ROLES, 1.0),
    "p": _word_class(PLACES, 1.1),
    # Steep curves for names and rare words: most of them must stay under 1% of articles.
    "m": _word_class(SURNAMES, 1.3),
    "g": _word_class(RARE_WORDS, 1.3),
}
TOPIC_CLASSES: dict[str, WordClass] = {
    name: _word_class(words, 0.9) for name, words in TOPICS.items()
}


@dataclass(frozen=True, slots=True)
class Template:
    """A template split once into a `str.format` pattern and its slot classes."""

    pattern: str
    classes: tuple[str, ...]


def _compile(templates: tuple[str, ...]) -> tuple[Template, ...]:
    return tuple(
        Template(SLOT.sub("{}", t), tuple(m.group(1) for m in SLOT.finditer(t))) for t in templates
    )


SENTENCES = _compile(SENTENCE_TEMPLATES)
HEADINGS = _compile(HEADING_TEMPLATES)
TITLES = _compile(TITLE_TEMPLATES)


# --- generating one document ----------------------------------------------------------------


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


def _document(seed: int, index: int) -> Document:
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


def _encode(text: str, encoding: str, crlf: bool) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    return text.encode(encoding)


def _duplicate_bytes(original: Document, rng: random.Random) -> tuple[bytes, str]:
    """A copy of an earlier file as users end up with them: identical, re-saved with other
    line endings, or with stray whitespace."""
    kind = rng.random()
    if kind < 0.5:
        return _encode(original.text, original.encoding, original.crlf), "identical"
    if kind < 0.75:
        return _encode(original.text, original.encoding, not original.crlf), "line-endings"
    lines = [line + " " * rng.randint(0, 3) for line in original.text.split("\n")]
    padded = "\n" + "\n".join(lines).replace("\n\n", "\n\n\n") + "\n\n"
    return _encode(padded, original.encoding, original.crlf), "whitespace"


# --- writing a corpus -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CorpusManifest:
    """What was generated; stored as JSON beside the corpus folder."""

    directory: Path
    count: int
    seed: int
    duplicate_rate: float
    unique: int
    duplicates: int
    kinds: dict[str, int]
    document_frequency: dict[str, int]

    def terms_by_band(self) -> dict[str, list[str]]:
        """Vocabulary terms grouped by the share of unique articles that contain them:
        rare (< 1%), mid (1-20%), common (20-60%), very common (> 60%); most frequent first."""
        bands: dict[str, list[str]] = {"rare": [], "mid": [], "common": [], "very_common": []}
        ranked = sorted(self.document_frequency.items(), key=lambda kv: -kv[1])
        for term, df in ranked:
            share = df / max(self.unique, 1)
            band = (
                "rare" if share < 0.01
                else "mid" if share < 0.20
                else "common" if share <= 0.60
                else "very_common"
            )
            bands[band].append(term)
        return bands


@dataclass(frozen=True, slots=True)
class _Plan:
    index: int
    duplicate_of: int | None


def _plans(count: int, seed: int, duplicate_rate: float) -> list[_Plan]:
    rng = random.Random(seed)
    plans: list[_Plan] = []
    for index in range(count):
        if index > 10 and rng.random() < duplicate_rate:
            plans.append(_Plan(index, rng.randrange(index)))
        else:
            plans.append(_Plan(index, None))
    # A duplicate of a duplicate is still a duplicate of the first original.
    resolved = [p.duplicate_of for p in plans]
    for i, target in enumerate(resolved):
        if target is not None and resolved[target] is not None:
            resolved[i] = resolved[target]
    return [_Plan(p.index, resolved[p.index]) for p in plans]


def _file_path(root: Path, index: int, seed: int) -> Path:
    folder = SUBFOLDERS[(index * 7 + seed) % len(SUBFOLDERS)]
    digest = f"{random.Random(index ^ (seed << 32)).getrandbits(64):016x}"
    return root / folder / f"{index:06d}_{digest}.txt"


@dataclass(slots=True)
class _ChunkResult:
    kinds: Counter[str]
    document_frequency: Counter[str]


def _write_chunk(root: str, seed: int, plans: list[_Plan]) -> _ChunkResult:
    """Write one slice of the corpus. Pure in (seed, index), so slices can run in parallel."""
    base = Path(root)
    kinds: Counter[str] = Counter()
    df: Counter[str] = Counter()
    for plan in plans:
        if plan.duplicate_of is None:
            doc = _document(seed, plan.index)
            data = _encode(doc.text, doc.encoding, doc.crlf)
            df.update(doc.terms)
            kinds["cp1252" if doc.encoding == "cp1252" else "utf-8"] += 1
            if doc.crlf:
                kinds["crlf"] += 1
        else:
            original = _document(seed, plan.duplicate_of)
            data, kind = _duplicate_bytes(original, random.Random(~plan.index ^ seed))
            kinds[f"duplicate-{kind}"] += 1
        _file_path(base, plan.index, seed).write_bytes(data)
    return _ChunkResult(kinds, df)


def _marker(directory: Path, count: int, seed: int) -> Path:
    # Beside the corpus rather than inside it, so importers see only article files.
    return directory / f"corpus-{count}-{seed}.json"


def _load_manifest(marker: Path, root: Path) -> CorpusManifest:
    data = json.loads(marker.read_text(encoding="utf-8"))
    return CorpusManifest(
        directory=root,
        count=data["count"],
        seed=data["seed"],
        duplicate_rate=data["duplicate_rate"],
        unique=data["unique"],
        duplicates=data["duplicates"],
        kinds=data["kinds"],
        document_frequency=data["document_frequency"],
    )


def load_manifest(corpus_dir: Path) -> CorpusManifest:
    """The manifest of a corpus returned by `generate_corpus`."""
    marker = corpus_dir.parent / f"{corpus_dir.name}.json"
    return _load_manifest(marker, corpus_dir)


def _is_complete(marker: Path, duplicate_rate: float) -> bool:
    if not marker.exists():
        return False
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return data.get("version") == GENERATOR_VERSION and data.get("duplicate_rate") == duplicate_rate


def _run_chunks(root: Path, seed: int, plans: list[_Plan], progress: Callable[[int], None] | None
                ) -> list[_ChunkResult]:
    workers = min(os.cpu_count() or 1, 4)
    size = max(250, min(2000, len(plans) // (workers * 4) + 1))
    chunks = [plans[i : i + size] for i in range(0, len(plans), size)]
    if len(chunks) < 2 or workers < 2:
        results = []
        for chunk in chunks:
            results.append(_write_chunk(str(root), seed, chunk))
            if progress:
                progress(len(chunk))
        return results
    results = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_write_chunk, str(root), seed, chunk) for chunk in chunks]
        for future, chunk in zip(futures, chunks, strict=True):
            results.append(future.result())
            if progress:
                progress(len(chunk))
    return results


def generate_corpus(
    directory: Path,
    count: int,
    seed: int = 1,
    duplicate_rate: float = 0.05,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Write `count` article files under `directory/corpus-<count>-<seed>/` and return that
    folder. A complete earlier corpus with the same parameters is reused as it is."""
    directory.mkdir(parents=True, exist_ok=True)
    root = directory / f"corpus-{count}-{seed}"
    marker = _marker(directory, count, seed)
    if _is_complete(marker, duplicate_rate) and root.is_dir():
        return root
    marker.unlink(missing_ok=True)
    if root.exists():
        shutil.rmtree(root)
    for folder in SUBFOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)

    plans = _plans(count, seed, duplicate_rate)
    results = _run_chunks(root, seed, plans, progress)
    kinds: Counter[str] = Counter()
    df: Counter[str] = Counter()
    for result in results:
        kinds.update(result.kinds)
        df.update(result.document_frequency)
    duplicates = sum(1 for p in plans if p.duplicate_of is not None)
    manifest = {
        "version": GENERATOR_VERSION,
        "count": count,
        "seed": seed,
        "duplicate_rate": duplicate_rate,
        "unique": count - duplicates,
        "duplicates": duplicates,
        "kinds": dict(sorted(kinds.items())),
        "document_frequency": dict(sorted(df.items())),
    }
    # Written last: its presence is what marks the corpus complete.
    marker.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return root


def iter_files(root: Path) -> Iterator[Path]:
    """Every article file under `root`, in a stable order."""
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".txt"):
                yield Path(folder) / name
