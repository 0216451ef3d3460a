"""Search in every script, through the library and the command line: a word of any length
inside a Chinese, Japanese or Thai sentence, Korean words with their particles, whole words
elsewhere, and case and accents folded across scripts, in titles, bodies, notes and
highlights, ranked by relevance. Every test runs on both engines: they must find the same
articles for the same query."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ENGINES

from reader import ArticleQuery, Library, SortKey
from reader.cli.main import main
from reader.search.syntax import QuerySyntaxError
from tests.data.languages.make_samples import HERE

BOTH_ENGINES = True

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = ["zh_hans", "zh_hant", "ja", "ko", "th", "km", "lo", "ar", "he", "ru", "el"]
EXTRA = {
    "turkish": "İstanbul'da yeni metro hattı\n\nİSTANBUL Büyükşehir Belediyesi yeni hattın "
               "Diyarbakır yolcularına da hizmet edeceğini açıkladı.\n",
    "german": "Die Straße zum Bahnhof\n\nDie neue Straße zum Bahnhof wird im Frühling für den "
              "Verkehr geöffnet, teilte die Stadt am Montag mit.\n",
    "arabic_marks": "افتتاح الخط الجديد\n\nأعلن مُحَمَّـــد العلي افتتاح الخط الجديد في "
                    "المدينة اليوم أمام جمع من السكان.\n",
    "english": "The metropolitan council met\n\nThe metropolitan council met on Monday to "
               "discuss the new tram line and its budget for next year.\n",
    "mixed": "新款手机发布\n\n今天新款手机iPhone发布，很多人在商店门口排队。地铁站附近也很热闹。\n",
}

# A query typed in each script, and the articles it finds.
FINDS = [
    ("地铁", {"zh_hans", "mixed"}),  # a two-character word inside sentences
    ("大兴国际机场", {"zh_hans"}),  # a longer one
    ('"地铁十九号线将延长"', {"zh_hans"}),  # a quoted phrase
    ("铁", {"zh_hans", "mixed"}),  # one character
    ("延长线", {"zh_hans"}),
    ("捷運", {"zh_hant"}),
    ("環狀線", {"zh_hant"}),
    ("地下鉄", {"ja"}),
    ('"建設すると発表"', {"ja"}),
    ("언어", {"ko"}),  # in "언어입니다": the particles are written onto the word
    ("경전철", {"ko"}),
    ("รถไฟฟ้า", {"th"}),
    ("กรุงเทพมหานคร", {"th"}),
    ("ភ្នំពេញ", {"km"}),
    ("ວຽງຈັນ", {"lo"}),
    ("الرياض", {"ar"}),
    ("ירושלים", {"he"}),
    ("метро", {"ru"}),
    ("Θεσσαλονίκης", {"el"}),
    ("iphone", {"mixed"}),  # a Latin word written onto Chinese ones
    ("手机", {"mixed"}),
]
FOLDS = [
    ("istanbul", {"turkish"}),  # İ
    ("diyarbakir", {"turkish"}),  # ı
    ("strasse", {"german"}),  # ß ~ ss
    ("STRASSE", {"german"}),
    ("fruhling", {"german"}),
    ("ΘΕΣΣΑΛΟΝΙΚΗΣ", {"el"}),  # capital sigmas, final sigma, the accent
    ("МЕТРО", {"ru"}),
    ("محمد", {"arabic_marks"}),  # the text's vowel marks and tatweel are ignored
    ("الرِّيَاض", {"ar"}),  # and the query's
    ("الريـــاض", {"ar"}),
    ("ＭＥＴＲＯＰＯＬＩＴＡＮ", {"english"}),  # full-width letters
]


@pytest.fixture(scope="module", params=ENGINES)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[Library, dict[str, int]]]:
    folder = tmp_path_factory.mktemp("languages")
    files = []
    for name in SCRIPTS:
        files.append(folder / f"{name}.txt")
        files[-1].write_text((HERE / f"{name}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    for name, text in EXTRA.items():
        files.append(folder / f"{name}.txt")
        files[-1].write_text(text, encoding="utf-8")
    location = (str(folder / "lib.sqlite3") if request.param == "sqlite"
                else request.getfixturevalue("postgres_server").new_database())
    library = Library.open(location)
    report = library.import_paths(files)
    assert not report.failed
    yield library, {Path(item.path).stem: item.id for item in report.imported}
    library.close()


def _found(library: Library, ids: dict[str, int], query: str) -> set[str]:
    names = {number: name for name, number in ids.items()}
    return {names[number] for number in library.article_ids(ArticleQuery(search=query))}


@pytest.mark.parametrize(("query", "expected"), FINDS + FOLDS)
def test_each_script_is_searched(world: tuple[Library, dict[str, int]], query: str,
                                 expected: set[str]) -> None:
    library, ids = world
    assert _found(library, ids, query) == expected


def test_words_of_spaced_scripts_stay_whole(world: tuple[Library, dict[str, int]]) -> None:
    library, ids = world
    assert _found(library, ids, "metro") == {"turkish"}  # not "metropolitan"
    assert _found(library, ids, "metro*") == {"turkish", "english"}
    assert _found(library, ids, "ירושלים") == {"he"}  # "בירושלים" in the title is its own word
    assert _found(library, ids, "地铁站") == {"mixed"}


def test_fields_and_boolean_terms_take_every_script(
    world: tuple[Library, dict[str, int]],
) -> None:
    library, ids = world
    assert _found(library, ids, "title:地铁") == {"zh_hans"}
    assert _found(library, ids, "title:延长线") == set()
    assert _found(library, ids, "body:延长线") == {"zh_hans"}
    assert _found(library, ids, "地铁 -iphone") == {"zh_hans"}
    assert _found(library, ids, "捷運 OR 地下鉄") == {"zh_hant", "ja"}
    assert _found(library, ids, "地铁*") == {"zh_hans", "mixed"}


def test_punctuation_beside_words_asks_for_nothing(
    world: tuple[Library, dict[str, int]]
) -> None:
    library, ids = world
    assert _found(library, ids, "地铁 ，。—") == _found(library, ids, "地铁")
    # Punctuation alone is no search for everything: it is refused, saying why.
    with pytest.raises(QuerySyntaxError, match="no letters or digits"):
        _found(library, ids, "，。！")


def test_a_title_match_ranks_first(world: tuple[Library, dict[str, int]]) -> None:
    library, ids = world
    ranked = library.article_ids(ArticleQuery(search="地铁", sort=SortKey.RELEVANCE))
    assert ranked == [ids["zh_hans"], ids["mixed"]]


def test_notes_highlights_and_edits_are_searched_in_every_script(
    tmp_path: Path, library_location: str
) -> None:
    (tmp_path / "ko.txt").write_text((HERE / "ko.txt").read_text(encoding="utf-8"))
    (tmp_path / "zh.txt").write_text((HERE / "zh_hans.txt").read_text(encoding="utf-8"))
    with Library.open(library_location) as library:
        report = library.import_paths([tmp_path / "ko.txt", tmp_path / "zh.txt"])
        ko, zh = (item.id for item in report.imported)
        library.set_note(ko, "출퇴근 메모입니다")
        body = library.article(zh).body
        start = body.index("大兴国际机场")
        library.add_highlight(zh, start, start + 6, comment="值得引用")

        def found(query: str) -> list[int]:
            return library.article_ids(ArticleQuery(search=query))

        assert found("note:메모") == [ko]
        assert found("highlight:引用") == [zh]
        assert found("highlight:国际") == [zh]
        library.update_article(zh, title="上海磁悬浮列车提速")
        assert found("磁悬浮") == [zh]
        assert found("title:北京") == []
        library.delete_articles([zh])
        assert found("磁悬浮") == []
        library.restore_articles([zh])
        assert found("磁悬浮") == [zh]
        assert found("highlight:引用") == [zh]


# --- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), FINDS[::2] + FOLDS[::3])
def test_the_command_line_searches_each_script(
    world: tuple[Library, dict[str, int]], query: str, expected: set[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    library, ids = world
    assert main(["--library", str(library.location), "search", query, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["id"] for row in rows} == {ids[name] for name in expected}


def test_the_command_prints_what_it_found_in_its_script(
    world: tuple[Library, dict[str, int]],
) -> None:
    library, _ids = world
    done = subprocess.run(
        [sys.executable, "-m", "reader.cli.main", "--library", str(library.location), "search",
         "环状线 OR 捷運"],
        cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "臺北捷運環狀線北段動工" in done.stdout
