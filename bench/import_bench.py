"""Import throughput and peak memory: Broadsheet's `Library.import_paths` against raw sqlite3.

The baseline is the plainest import that does the same work: read and decode every file, hash
it to skip duplicates, `executemany` into one table, then fill a regular FTS5 table with one
`INSERT ... SELECT`, all in one transaction. Broadsheet does more per file (parsing dates,
blocks, sources), so a ratio of 0.5 or better is the target, not 1.0.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import Options
from bench.corpus import CorpusManifest, generate_corpus, iter_files, load_manifest
from bench.report import Table, median

THROUGHPUT_TARGET = 0.5
PEAK_MB_TARGET = 300.0
UNAVAILABLE = "reader.Library not available yet"
# Exit status of the child process when Broadsheet cannot be imported at all.
EXIT_UNAVAILABLE = 3


@dataclass(frozen=True, slots=True)
class ImportResult:
    files: int
    imported: int
    duplicates: int
    failed: int
    seconds: float
    db_bytes: int

    @property
    def rate(self) -> float:
        return self.files / self.seconds if self.seconds > 0 else 0.0


class LibraryUnavailable(RuntimeError):
    """Broadsheet's `reader.Library` cannot be imported (yet)."""


# --- the baseline ---------------------------------------------------------------------------

BASELINE_SCHEMA = """
CREATE TABLE articles(id INTEGER PRIMARY KEY, title, body, hash UNIQUE, path);
CREATE VIRTUAL TABLE fts USING fts5(title, body);
"""


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _baseline_rows(corpus: Path) -> Iterator[tuple[str, str, str, str]]:
    """One row per file, produced lazily so executemany streams and memory stays flat."""
    for path in iter_files(corpus):
        text = _decode(path.read_bytes())
        title = text.strip().split("\n", 1)[0].strip()[:300]
        # Hash the words only, so copies differing in line endings or spacing collide too.
        digest = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
        yield title, text, digest, str(path)


def baseline_import(db_path: Path, corpus: Path) -> ImportResult:
    files = sum(1 for _ in iter_files(corpus))
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.executescript(BASELINE_SCHEMA)
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT OR IGNORE INTO articles(title, body, hash, path) VALUES (?, ?, ?, ?)",
        _baseline_rows(corpus),
    )
    conn.execute("INSERT INTO fts(rowid, title, body) SELECT id, title, body FROM articles")
    conn.execute("COMMIT")
    imported = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    seconds = time.perf_counter() - started
    return ImportResult(files, imported, files - imported, 0, seconds, _db_bytes(db_path))


# --- Broadsheet -----------------------------------------------------------------------------


def _library_class() -> type:
    try:
        from reader import Library  # type: ignore[attr-defined]
    except ImportError as error:
        raise LibraryUnavailable(f"{UNAVAILABLE} ({error})") from error
    return Library  # type: ignore[no-any-return]


def broadsheet_import(db_path: Path, corpus: Path) -> ImportResult:
    library_class = _library_class()
    # Opening creates the schema: a one-off cost, not part of import throughput.
    library = library_class.open(db_path)
    started = time.perf_counter()
    try:
        report = library.import_paths([corpus])
    finally:
        library.close()
    seconds = time.perf_counter() - started
    imported, duplicates = len(report.imported), len(report.duplicates)
    failed = len(report.failed)
    files = imported + duplicates + failed
    return ImportResult(files, imported, duplicates, failed, seconds, _db_bytes(db_path))


def _db_bytes(db_path: Path) -> int:
    # A WAL left behind still holds part of the library.
    parts = [db_path, db_path.with_name(db_path.name + "-wal")]
    return sum(p.stat().st_size for p in parts if p.exists())


# --- throughput, in this process ------------------------------------------------------------


def _warm_cache(corpus: Path) -> None:
    """Read every file once so neither side pays for a cold disk cache."""
    for path in iter_files(corpus):
        path.read_bytes()


def _timed(kind: str, corpus: Path) -> ImportResult:
    with tempfile.TemporaryDirectory(prefix="broadsheet-bench-") as tmp:
        db_path = Path(tmp) / f"{kind}.sqlite3"
        if kind == "baseline":
            return baseline_import(db_path, corpus)
        return broadsheet_import(db_path, corpus)


@dataclass(slots=True)
class _Runs:
    baseline: list[ImportResult]
    broadsheet: list[ImportResult]
    problem: str | None = None


def _throughput_runs(corpus: Path, repeat: int) -> _Runs:
    runs = _Runs([], [])
    for index in range(repeat):
        # Alternate which side goes first so drift on a busy machine hits both alike.
        order = ("baseline", "broadsheet") if index % 2 == 0 else ("broadsheet", "baseline")
        for kind in order:
            if kind == "broadsheet" and runs.problem is not None:
                continue
            try:
                result = _timed(kind, corpus)
            except LibraryUnavailable as error:
                runs.problem = str(error)
                continue
            except Exception as error:
                # A failing Broadsheet import must still leave the baseline's figures.
                if kind == "baseline":
                    raise
                runs.problem = f"Broadsheet import failed: {type(error).__name__}: {error}"
                continue
            getattr(runs, kind).append(result)
    return runs


def _median_rate(results: list[ImportResult]) -> float | None:
    return median([r.rate for r in results]) if results else None


def _throughput_table(runs: _Runs, manifest: CorpusManifest, repeat: int) -> Table:
    table = Table(f"import: {manifest.count:,} files, median of {repeat}")
    broad = runs.broadsheet[-1] if runs.broadsheet else None
    base = runs.baseline[-1]
    broad_rate, base_rate = _median_rate(runs.broadsheet), _median_rate(runs.baseline)
    passed = None if broad_rate is None else broad_rate / base_rate >= THROUGHPUT_TARGET
    table.add("files", broad.files if broad else None, base.files, ratio=False)
    table.add("articles/s", broad_rate, base_rate, target=f">= {THROUGHPUT_TARGET}",
              passed=passed)
    table.add("seconds", median([r.seconds for r in runs.broadsheet]) if broad else None,
              median([r.seconds for r in runs.baseline]), digits=2)
    table.add("imported", broad.imported if broad else None, base.imported, ratio=False)
    table.add("duplicates found", broad.duplicates if broad else None, base.duplicates,
              ratio=False)
    table.add("failed", broad.failed if broad else None, base.failed, ratio=False)
    table.add("db size", _mb(broad.db_bytes) if broad else None, _mb(base.db_bytes),
              unit="MB", digits=1)
    table.note(f"corpus: {manifest.directory} ({manifest.duplicates:,} duplicates generated)")
    if runs.problem:
        table.note(runs.problem)
    return table


def _mb(size: int) -> float:
    return size / (1024 * 1024)


# --- peak memory, in child processes --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ChildRun:
    result: ImportResult | None
    peak_kib: int
    problem: str | None


def _run_child(kind: str, db_path: Path, corpus: Path) -> _ChildRun:
    """Run one import in a fresh interpreter; `bench.import_child` explains the peak RSS."""
    command = [
        sys.executable, "-m", "bench.import_child", "measure", kind, str(db_path), str(corpus)
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode == EXIT_UNAVAILABLE:
        return _ChildRun(None, 0, completed.stderr.strip() or UNAVAILABLE)
    if completed.returncode != 0:
        tail = completed.stderr.strip().splitlines()[-1:] or [f"exit {completed.returncode}"]
        return _ChildRun(None, 0, f"{kind} child failed: {tail[0]}")
    data = json.loads(completed.stdout.strip().splitlines()[-1])
    peak_kib = data.pop("peak_kib")
    return _ChildRun(ImportResult(**data), peak_kib, None)


def _memory_runs(corpus: Path) -> tuple[_ChildRun, _ChildRun]:
    runs = {}
    for kind in ("baseline", "broadsheet"):
        with tempfile.TemporaryDirectory(prefix="broadsheet-bench-") as tmp:
            runs[kind] = _run_child(kind, Path(tmp) / f"{kind}.sqlite3", corpus)
    return runs["broadsheet"], runs["baseline"]


def _memory_table(manifest: CorpusManifest, broad: _ChildRun, base: _ChildRun) -> Table:
    table = Table(f"import memory: {manifest.count:,} files, each side in its own process")
    broad_peak = broad.peak_kib / 1024 if broad.result else None
    passed = None if broad_peak is None else broad_peak < PEAK_MB_TARGET
    base_peak = base.peak_kib / 1024 if base.result else None
    table.add("peak RSS", broad_peak, base_peak, unit="MB", digits=0,
              target=f"< {PEAK_MB_TARGET:.0f} MB", passed=passed)
    b, r = broad.result, base.result
    table.add("articles/s", b.rate if b else None, r.rate if r else None,
              target=f">= {THROUGHPUT_TARGET}",
              passed=None if not (b and r) else b.rate / r.rate >= THROUGHPUT_TARGET)
    table.add("duplicates found", b.duplicates if b else None, r.duplicates if r else None,
              ratio=False)
    table.add("db size", _mb(b.db_bytes) if b else None, _mb(r.db_bytes) if r else None,
              unit="MB", digits=1)
    for run in (broad, base):
        if run.problem:
            table.note(run.problem)
    return table


# --- entry point ----------------------------------------------------------------------------


def _corpus(options: Options, count: int) -> tuple[Path, CorpusManifest]:
    started = time.perf_counter()
    corpus = generate_corpus(options.cache_dir, count, options.seed)
    elapsed = time.perf_counter() - started
    if elapsed > 1:
        print(f"generated {count:,} files in {elapsed:.1f} s ({count / elapsed:,.0f}/s)")
    return corpus, load_manifest(corpus)


def run(options: Options) -> None:
    corpus, manifest = _corpus(options, options.articles)
    _warm_cache(corpus)
    runs = _throughput_runs(corpus, options.repeat)
    _throughput_table(runs, manifest, options.repeat).print()

    memory_corpus, memory_manifest = _corpus(options, options.memory_files)
    _warm_cache(memory_corpus)
    broad, base = _memory_runs(memory_corpus)
    _memory_table(memory_manifest, broad, base).print()


def child_main(argv: list[str]) -> int:
    """`python -m bench.import_child run {baseline|broadsheet} DB DIR`: one import, as JSON."""
    kind, db_path, corpus = argv[0], Path(argv[1]), Path(argv[2])
    try:
        if kind == "baseline":
            result = baseline_import(db_path, corpus)
        else:
            result = broadsheet_import(db_path, corpus)
    except LibraryUnavailable as error:
        print(error, file=sys.stderr)
        return EXIT_UNAVAILABLE
    print(json.dumps(asdict(result)))
    return 0
