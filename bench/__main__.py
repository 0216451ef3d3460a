"""`python -m bench`: run every registered benchmark, or one with `--only NAME`."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Sequence

from bench import BENCHMARKS, Benchmark, Options


def _parse(argv: Sequence[str] | None) -> tuple[Options, list[Benchmark]]:
    names = [b.name for b in BENCHMARKS]
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--articles", type=int, default=20000,
                        help="articles in the corpus for throughput figures (default 20000)")
    parser.add_argument("--memory-files", type=int, default=100000,
                        help="files imported in a child process for peak memory (default 100000)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs of each side; medians are shown (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--only", choices=names, help="run this benchmark alone")
    args = parser.parse_args(argv)
    options = Options(
        articles=args.articles,
        memory_files=args.memory_files,
        repeat=max(1, args.repeat),
        seed=args.seed,
    )
    selected = [b for b in BENCHMARKS if args.only in (None, b.name)]
    return options, selected


def main(argv: Sequence[str] | None = None) -> int:
    options, selected = _parse(argv)
    for benchmark in selected:
        started = time.perf_counter()
        module = importlib.import_module(benchmark.module)
        module.run(options)
        print(f"[{benchmark.name}: {time.perf_counter() - started:.1f} s]\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
