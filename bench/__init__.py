"""Benchmarks for Broadsheet, each measured beside the plainest baseline doing the same work.

Run `python -m bench` from the repository root. To add a benchmark, write a module with a
`run(options: Options) -> None` function that prints its tables, and list it in BENCHMARKS.
Kept free of heavy imports: child processes import this package too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Generated corpora, reused between runs (ignored by git).
CACHE_DIR = Path(__file__).resolve().parent / ".cache"


@dataclass(frozen=True, slots=True)
class Options:
    articles: int = 20000
    memory_files: int = 100000
    repeat: int = 3
    seed: int = 1
    cache_dir: Path = CACHE_DIR


@dataclass(frozen=True, slots=True)
class Benchmark:
    name: str
    module: str
    description: str


# Run in this order. Modules are imported only when selected, so `--only` stays quick.
BENCHMARKS: list[Benchmark] = [
    Benchmark("import", "bench.import_bench", "import a folder of article files"),
    Benchmark("search", "bench.search_bench", "search, tag filter and sidebar counts at 100k"),
    # Before gui: the window then finds the related-articles index made.
    Benchmark("related", "bench.related_bench",
              "related articles, tag suggestions and reading statistics at 100k"),
    Benchmark("gui", "bench.gui_bench", "desktop window start-up, switching, scrolling at 100k"),
    Benchmark("extraction", "bench.extraction_bench", "article text kept from saved web pages"),
    Benchmark("postgres", "bench.postgres_bench",
              "a team library on PostgreSQL beside SQLite: import, search, two writers"),
    Benchmark("cjk", "bench.cjk_bench", "CJK search designs and legacy encodings, raw sqlite3"),
    Benchmark("cjk-library", "bench.cjk_library_bench",
              "CJK search and what indexing every script costs, in a mixed 100k library"),
    Benchmark("feeds", "bench.feeds_bench", "refresh 200 feeds of 50 entries from a local server"),
]
