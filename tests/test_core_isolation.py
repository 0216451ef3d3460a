"""The core must run where Qt is absent."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_reader_imports_and_works_with_pyside6_blocked(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("A title here\n\nSome body text that is long enough to count.\n")
    script = textwrap.dedent(
        f"""
        import sys

        class BlockQt:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith("PySide6."):
                    raise ImportError("Qt is blocked in this process")
                return None

        sys.meta_path.insert(0, BlockQt())
        import reader
        from reader import Library
        import reader.cli.main
        with Library.open({str(tmp_path / "lib.sqlite3")!r}) as library:
            report = library.import_paths([{str(article)!r}])
            assert len(report.imported) == 1, report
        assert not any(m.startswith("PySide6") for m in sys.modules)
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
