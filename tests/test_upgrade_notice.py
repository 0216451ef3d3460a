"""``Library.open(..., on_upgrade=...)``: a client hears of an upgrade before the slow part
starts, with the revisions and where the backup goes, and of nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader import Library, LibraryUnavailable, LibraryUpgrade
from reader.store.location import ServerLocation, parse_location
from reader.store.migrations import HEAD
from tests.older_libraries import make_older, previous_revision, revision_of

BOTH_ENGINES = True


def _backups(location: str) -> list[Path]:
    where = parse_location(location)
    assert isinstance(where, Path)
    return sorted(where.parent.glob(f"{where.stem}-backups/*.before-upgrade-*.sqlite3"))


def test_an_older_library_is_announced_before_its_upgrade_starts(
    library_location: str, tmp_path: Path
) -> None:
    make_older(library_location, tmp_path)
    heard: list[tuple[LibraryUpgrade, str, bool]] = []

    def listen(upgrade: LibraryUpgrade) -> None:
        backup_made = upgrade.backup is not None and upgrade.backup.exists()
        heard.append((upgrade, revision_of(library_location), backup_made))

    with Library.open(library_location, on_upgrade=listen) as library:
        assert library.counts().total == 1
        name = library.name
    assert len(heard) == 1
    upgrade, revision_then, backup_made_then = heard[0]
    assert (upgrade.library, upgrade.from_revision, upgrade.to_revision) == (
        name, previous_revision(), HEAD)
    assert revision_then == previous_revision() and not backup_made_then  # nothing begun yet
    assert revision_of(library_location) == HEAD
    if isinstance(parse_location(library_location), ServerLocation):
        assert upgrade.backup is None
        assert upgrade.backup_advice.startswith("pg_dump --format=custom")
        assert library_location in upgrade.backup_advice
        assert upgrade.backup_advice in upgrade.backup_note
    else:
        assert _backups(library_location) == [upgrade.backup]  # the copy went where it said
        assert upgrade.backup_note == f"a backup is kept at {upgrade.backup}"
        assert f".before-upgrade-{previous_revision()}." in upgrade.backup.name


def test_opening_a_new_or_current_library_announces_nothing(library_location: str) -> None:
    heard: list[LibraryUpgrade] = []
    Library.open(library_location, on_upgrade=heard.append).close()  # made, or current
    Library.open(library_location, on_upgrade=heard.append).close()  # current
    assert heard == []


class Refused(Exception):
    pass


def test_a_listener_that_raises_stops_the_open_before_anything_changes(
    library_location: str, tmp_path: Path
) -> None:
    make_older(library_location, tmp_path)

    def refuse(_upgrade: LibraryUpgrade) -> None:
        raise Refused

    with pytest.raises(Refused):
        Library.open(library_location, on_upgrade=refuse)
    assert revision_of(library_location) == previous_revision()
    if not isinstance(parse_location(library_location), ServerLocation):
        assert _backups(library_location) == []
    with Library.open(library_location) as library:  # and it opens as usual afterwards
        assert library.counts().total == 1
    assert revision_of(library_location) == HEAD


def test_a_read_only_older_library_is_refused_unannounced(tmp_path: Path) -> None:
    location = str(tmp_path / "old.sqlite3")
    make_older(location, tmp_path)
    heard: list[LibraryUpgrade] = []
    with pytest.raises(LibraryUnavailable, match="must upgrade it"):
        Library.open(location, read_only=True, on_upgrade=heard.append)
    assert heard == []
    assert revision_of(location) == previous_revision()
