"""Run the benchmarks: every module of this package that defines main(), or those named."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import benchmarks


def _names() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if not m.name.startswith("_"))


def run(selected: list[str]) -> int:
    names = selected or _names()
    unknown = sorted(set(names) - set(_names()))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(_names())}", file=sys.stderr)
        return 2
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        if not hasattr(module, "main"):
            continue
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        module.main()
        print(f"== {name} done in {time.perf_counter() - start:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
