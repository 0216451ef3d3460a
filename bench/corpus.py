"""A synthetic but realistic library of news article files, deterministic from a seed.

The files look like what users actually import: the "seed" format (` date 2024-03-20 Lead…`
with section headings between paragraphs), a title line then a body, or bare prose. Some are
cp1252, a few use CRLF, and some are duplicates of earlier files, byte for byte or differing
only in line endings or whitespace.

Word frequencies are Zipf-like on purpose: a search benchmark needs terms that are very common
(in more than 60% of articles), common, mid and rare. The manifest written next to the corpus
records each vocabulary term's document frequency so that benchmark can pick terms by band.

The words are in ``bench.vocabulary`` and one file is made in ``bench.documents``; this module
writes many of them, in parallel, with the manifest.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench.documents import duplicate_bytes, encode_text, generate_document

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
            doc = generate_document(seed, plan.index)
            data = encode_text(doc.text, doc.encoding, doc.crlf)
            df.update(doc.terms)
            kinds["cp1252" if doc.encoding == "cp1252" else "utf-8"] += 1
            if doc.crlf:
                kinds["crlf"] += 1
        else:
            original = generate_document(seed, plan.duplicate_of)
            data, kind = duplicate_bytes(original, random.Random(~plan.index ^ seed))
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
