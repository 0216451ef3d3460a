"""Pages for the link tests, and articles saved with only their address pointing at them.

The pages are served by a ``local_http.LocalServer`` the test starts on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

from reader import Library

PROSE = {
    "bridge": "The council met on Tuesday evening to discuss the new bridge over the river. "
              "Residents spoke for and against the plan for more than two hours before the vote.",
    "tram": "The first tram in sixty years left the depot at dawn with the mayor on board. "
            "Crowds lined the route through the old town to watch it pass the cathedral.",
    "orchard": "Volunteers replanted the old orchard on Saturday with forty apple trees. "
               "Each tree is a variety that once grew in the valley and was nearly lost.",
}


def article_page(name: str) -> bytes:
    """A small news page whose article is ``PROSE[name]`` under the title ``name.title()``."""
    title = name.title()
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1><p>{PROSE[name]}</p></article></body></html>").encode()


def saved_without_text(folder: Path, library: Library | str | Path,
                       urls: dict[str, str]) -> dict[str, int]:
    """An Instapaper export of ``urls`` (title -> address), written in ``folder`` and
    imported into ``library`` (open, or opened where it is): one article per address, its
    text not fetched. Their ids by title."""
    export = folder / "instapaper.csv"
    rows = [f"{url},{title},,Unread,1729670400,[]" for title, url in urls.items()]
    export.write_text("URL,Title,Selection,Folder,Timestamp,Tags\n" + "\n".join(rows) + "\n")
    if not isinstance(library, Library):
        with Library.open(library) as opened:
            return saved_without_text(folder, opened, urls)
    report = library.import_paths([export])
    assert not report.failed
    return {summary.title: summary.id for summary in library.list_articles()}
