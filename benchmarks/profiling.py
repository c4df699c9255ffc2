"""cProfile output shared by the benchmark scripts (printed to stderr, by cumulative and own time)."""

from __future__ import annotations

import sys


def print_profile(prof, title: str, limit: int = 20) -> None:
    import io
    import pstats

    for key in ("cumulative", "tottime"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key).print_stats(limit)
        lines = buf.getvalue().splitlines()
        start = next((i for i, ln in enumerate(lines) if "ncalls" in ln), 0)
        print(f"\n--- profile: {title}, by {key} ---", file=sys.stderr)
        print("\n".join(ln for ln in lines[max(0, start - 3):] if ln.strip()), file=sys.stderr)
