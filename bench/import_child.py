"""Child processes for the import memory figure.

`python -m bench.import_child measure KIND DB DIR` starts `... run KIND DB DIR` (one import,
result as JSON) and adds that process's peak RSS to the JSON it prints.

Why two levels: Linux carries a parent's peak RSS into a forked child's `ru_maxrss`, so a
child started straight from the benchmark process would report at least the benchmark's own
peak. This lean middle process imports almost nothing, so the import's figure is its own,
and being its only child, `RUSAGE_CHILDREN` holds exactly that import's peak.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys


def measure(argv: list[str]) -> int:
    command = [sys.executable, "-m", "bench.import_child", "run", *argv]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    sys.stderr.write(completed.stderr)
    if completed.returncode != 0:
        return completed.returncode
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["peak_kib"] = peak_kib
    print(json.dumps(result))
    return 0


def main(argv: list[str]) -> int:
    if argv and argv[0] == "measure":
        return measure(argv[1:])
    if argv and argv[0] == "run":
        # Imported only here: the measuring process must stay small.
        from bench.import_bench import child_main

        return child_main(argv[1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
