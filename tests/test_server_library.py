"""Opening a library on a PostgreSQL server: addresses never taken for file names, one-line
errors within seconds, and a role without write rights reading only."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run_in_process

from reader import InvalidValue, Library, LibraryUnavailable
from reader.paths import resolve_library_location
from reader.store.location import ServerLocation, parse_location


def test_an_address_is_never_a_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    monkeypatch.chdir(tmp_path)
    assert parse_location("postgresql://desk@db.example.org:5433/news") == ServerLocation(
        "postgresql://desk@db.example.org:5433/news")
    assert isinstance(parse_location("postgresql+psycopg://desk@localhost/news"),
                      ServerLocation)
    assert parse_location("~/news.sqlite3") == Path.home() / "news.sqlite3"
    monkeypatch.setenv("BROADSHEET_LIBRARY", "postgresql://desk@localhost/news")
    assert isinstance(resolve_library_location(None), ServerLocation)
    with pytest.raises(InvalidValue, match="password"):
        parse_location("postgresql://desk:secret@localhost/news")
    with pytest.raises(InvalidValue, match="not a library"):
        parse_location("mysql://desk@localhost/news")
    assert list(tmp_path.iterdir()) == []


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_server_is_a_one_line_error_within_ten_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    started = time.monotonic()
    result = run_in_process(
        ["--library", f"postgresql://desk@127.0.0.1:{_closed_port()}/news", "list"])
    assert time.monotonic() - started < 10
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "refused" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no file called "postgresql:"


@pytest.fixture()
def server(postgres_server: Any) -> Any:
    return postgres_server


def _tcp(url: str, user: str) -> str:
    """``url`` reached over TCP as ``user``, so the server asks for a password."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    port = parsed.query.get("port")
    return f"postgresql://{user}@127.0.0.1:{port}/{parsed.database}"


@pytest.fixture()
def reader_role(server: Any) -> Iterator[str]:
    """A database holding a library, and a role that may only read it."""
    url = server.new_database()
    Library.open(url).close()
    name = url.split("/")[-1].split("?")[0]
    role = f"r_{name[-10:]}"
    server.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'right'")
    with server.connect(name) as conn:
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    yield _tcp(url, role)
    server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.execute(f"DROP ROLE IF EXISTS {role}")


def test_a_wrong_password_and_a_missing_database_are_one_line_errors(
    reader_role: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", "wrong")
    with pytest.raises(LibraryUnavailable, match="refused the password") as refused:
        Library.open(reader_role)
    assert "\n" not in str(refused.value)
    monkeypatch.setenv("PGPASSWORD", "right")
    missing = reader_role.rsplit("/", 1)[0] + "/no_such_library"
    with pytest.raises(LibraryUnavailable, match="does not exist") as absent:
        Library.open(missing)
    assert "\n" not in str(absent.value)


def test_a_role_without_write_rights_opens_the_library_read_only(
    reader_role: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", "right")
    with Library.open(reader_role) as library:
        assert library.read_only
        assert library.count() == 0
        with pytest.raises(LibraryUnavailable, match="may read this library but not change"):
            library.save_search("mine", "alpha")
        with pytest.raises(LibraryUnavailable):
            library.import_paths([])


def test_the_command_line_opens_a_server_library(server: Any, tmp_path: Path) -> None:
    url = server.new_database()
    (tmp_path / "a.txt").write_text("Harbour news\n\nThe ferry returned on time.\n")
    env = {**os.environ, "BROADSHEET_LIBRARY": url}
    assert run_in_process(["import", str(tmp_path / "a.txt")], env=env).returncode == 0
    listed = run_in_process(["search", "ferry"], env=env)
    assert listed.returncode == 0 and "Harbour news" in listed.stdout


def test_an_export_restores_into_a_server_library_and_back_into_a_file(
    server: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"Quay report {n}\n\nBoats number {n} in port.\n")
    with Library.open(tmp_path / "file.sqlite3") as original:
        ids = [item.id for item in original.import_paths([folder]).imported]
        original.add_tags(ids[:2], ["Harbour"])
        original.set_note(ids[0], "peninsula trip")
        original.add_highlight(ids[1], 0, 4, comment="doubtful")
        original.save_search("Boats", "boats")
        original.transfer.export_json(tmp_path / "out.json")
        with Library.open(server.new_database()) as team:
            report = team.transfer.restore(tmp_path / "out.json")
            assert report.articles == 3
            assert team.article_ids() == original.article_ids()
            assert team.summaries(ids) == original.summaries(ids)
            for text in ("peninsula", "doubtful", "quay", "harbour OR boats"):
                assert team.search(text) and {s.id for s in team.search(text)} == {
                    s.id for s in original.search(text)}
            # New rows after a restore get ids of their own, past the restored ones.
            (folder / "late.txt").write_text("Late tide\n\nThe harbour flooded.\n")
            (late,) = team.import_paths([folder / "late.txt"]).imported
            assert late.id > max(ids)
            team.add_highlight(late.id, 0, 4)
            team.transfer.export_json(tmp_path / "back.json")
        with Library.open(tmp_path / "back.sqlite3") as back:
            back.transfer.restore(tmp_path / "back.json")
            assert back.count() == 4
            assert [t.name for t in back.tags()] == ["Harbour"]
