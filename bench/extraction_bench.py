"""Web page extraction: how much of the article is kept, and how fast.

Quality is token-level F1 of the kept body against the hand-checked body of each held-out
news page in tests/data/pages/news, beside the plainest baseline: all the text of the page.
Speed is pages per second in one process, Broadsheet's reader (decoding, extraction, block
shaping, metadata) beside trafilatura's own ``extract`` on the same bytes.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from bench import Options
from bench.extraction_score import Page, all_text, f1, news_pages
from bench.report import Table, median

F1_TARGET = 0.96


def _broadsheet_body(page: Page) -> str:
    from reader.errors import NotAnArticle
    from reader.importing.formats import parse_page

    try:
        return parse_page(page.html).body
    except NotAnArticle:
        return ""


def _trafilatura_body(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html) or ""


def _scores(pages: list[Page], extract: Callable[[Page], str]) -> list[float]:
    return [f1(extract(page), page.expected) for page in pages]


def _rate(pages: list[Page], extract: Callable[[Page], str], repeat: int) -> float:
    # CPU time, not wall time: extraction is pure computation in this process, and other
    # work on a shared machine would otherwise move the figure by half.
    samples = []
    for _ in range(repeat):
        started = time.process_time()
        for page in pages:
            extract(page)
        samples.append(len(pages) / (time.process_time() - started))
    return median(samples)


def _trafilatura_with_metadata(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html, with_metadata=True) or ""


def quality_table(pages: list[Page]) -> Table:
    ours = _scores(pages, _broadsheet_body)
    baseline = [f1(all_text(page.html), page.expected) for page in pages]
    library = _scores(pages, _trafilatura_body)
    table = Table(f"Article extraction quality: token F1 on {len(pages)} held-out news pages")
    mean = statistics.mean(ours)
    table.add("F1 mean", mean, statistics.mean(baseline), digits=3,
              target=f">= {F1_TARGET}", passed=mean >= F1_TARGET)
    table.add("F1 median", statistics.median(ours), statistics.median(baseline), digits=3)
    table.add("F1 lowest page", min(ours), min(baseline), digits=3)
    table.note("baseline: all the text of the page (menus, banners, comments and all)")
    table.note(f"trafilatura with its default settings: F1 mean {statistics.mean(library):.3f}, "
               f"median {statistics.median(library):.3f}")
    worst = sorted(zip(ours, (p.name for p in pages), strict=True))[:3]
    table.note("lowest pages: " + ", ".join(f"{name} {score:.3f}" for score, name in worst))
    return table


def speed_table(pages: list[Page], repeat: int) -> Table:
    # One untimed pass each: imports and lxml's first parse are not the steady state.
    for extract in (_broadsheet_body, _trafilatura_body):
        extract(pages[0])
    ours = _rate(pages, _broadsheet_body, repeat)
    library = _rate(pages, _trafilatura_body, repeat)
    with_metadata = _rate(pages, _trafilatura_with_metadata, repeat)
    size = sum(len(page.html) for page in pages) / len(pages) / 1024
    table = Table("Article extraction speed: one process, pages per CPU second")
    table.add("pages per second", ours, library, digits=1)
    table.add("against trafilatura with metadata", ours, with_metadata, digits=1)
    table.note(f"baseline: trafilatura.extract alone on the same bytes; {len(pages)} pages, "
               f"{size:,.0f} KB on average; median of {repeat} runs")
    table.note("Broadsheet extracts the metadata too (title, date, author, site, address)")
    return table


def run(options: Options) -> None:
    pages = news_pages()
    quality_table(pages).print()
    speed_table(pages, options.repeat).print()
