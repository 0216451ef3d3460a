"""Fetching the text of articles saved with only their address (``is:unfetched``): a
read-later entry that came without its page.

The pages download a few at a time on the fetcher's own thread while this one reads each
page that has arrived and stores its article, so one slow server holds up only its own
article. Every article ends fetched or failed with a one-line reason (a dead link, a PDF,
a page with no article in it, a text already in the library); a cancel stops the downloads
and leaves the articles not reached waiting, as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reader.errors import BroadsheetError, NotAnArticle
from reader.importing.link import ACCEPT_PAGE, article_from_page, page_fetcher, page_of
from reader.importing.parsing import ParsedArticle
from reader.net.fetcher import Fetcher
from reader.net.results import FetchRequest
from reader.records import (
    ArticleQuery,
    ArticleSummary,
    CancelCheck,
    CountProgress,
    Fetched,
    FetchFailed,
    FetchReport,
)

# Pages fetched at once: enough to overlap slow servers, few enough to be polite to one site
# that many entries come from.
CONCURRENCY = 4
UNFETCHED = "is:unfetched"

Fill = Callable[[int, ParsedArticle], None]


def unfetched_query(search: str | None = None) -> ArticleQuery:
    """The articles still waiting for their text, among those ``search`` finds (all of them
    without one). The search is grouped, so its ``OR`` cannot reach past it."""
    text = (search or "").strip()
    return ArticleQuery(search=f"{UNFETCHED} ({text})" if text else UNFETCHED)


def fetch_texts(
    articles: Sequence[ArticleSummary],
    fill: Fill,
    *,
    progress: CountProgress | None = None,
    cancel: CancelCheck | None = None,
    fetcher: Fetcher | None = None,
    concurrency: int = CONCURRENCY,
) -> FetchReport:
    """Fetch the page of each of ``articles`` whose text is not fetched and hand its article
    to ``fill(id, parsed)`` (``Library.fill_text``), which may raise a BroadsheetError to
    refuse it. Articles that have their text already are skipped."""
    report = FetchReport()
    waiting: dict[str, list[int]] = {}  # address -> the articles saved from it
    for article in articles:
        if article.text_fetched:
            continue
        if article.url is None:
            report.failed.append(FetchFailed(article.id, "", "no web address to fetch"))
            continue
        waiting.setdefault(article.url, []).append(article.id)
    total = sum(len(ids) for ids in waiting.values()) + len(report.failed)
    done = len(report.failed)
    if progress is not None and total:
        progress(done, total)
    requests = [FetchRequest(url, accept=ACCEPT_PAGE) for url in waiting]
    answers = (fetcher or page_fetcher()).fetch_many(requests, concurrency=concurrency,
                                                      cancel=cancel)
    try:
        for request, result in answers:
            try:
                parsed: ParsedArticle | NotAnArticle = article_from_page(page_of(result))
            except NotAnArticle as exc:
                parsed = exc
            for article_id in waiting.pop(request.url):
                _store(report, article_id, request.url, parsed, fill)
                done += 1
            if progress is not None:
                progress(done, total)
    finally:
        answers.close()
    report.cancelled = bool(waiting)  # only a cancel leaves addresses unanswered
    return report


def _store(report: FetchReport, article_id: int, url: str,
           parsed: ParsedArticle | NotAnArticle, fill: Fill) -> None:
    if isinstance(parsed, NotAnArticle):
        report.failed.append(FetchFailed(article_id, url, str(parsed)))
        return
    try:
        fill(article_id, parsed)
    except BroadsheetError as exc:
        report.failed.append(FetchFailed(article_id, url, str(exc)))
        return
    report.fetched.append(Fetched(article_id, url))
