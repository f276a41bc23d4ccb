"""The widget's footprint: its built JavaScript + CSS, gzipped (the budget is 50 KB).

``python -m bot.widget.footprint`` prints it; benchmarks can call :func:`footprint`.
"""
from __future__ import annotations

import gzip
from pathlib import Path

DIST = Path(__file__).resolve().parent / "dist"
FILES = ("widget.js", "widget.css")
BUDGET_BYTES = 50 * 1024


def footprint(dist: Path = DIST) -> dict[str, int]:
    """Gzipped size in bytes of each built file, plus ``total``."""
    sizes = {name: len(gzip.compress((dist / name).read_bytes(), compresslevel=9)) for name in FILES}
    sizes["total"] = sum(sizes.values())
    return sizes


def main() -> None:
    sizes = footprint()
    for name, size in sizes.items():
        print(f"{name:<11} {size / 1024:6.1f} KB gzipped")
    print(f"budget      {BUDGET_BYTES / 1024:6.1f} KB ({'within' if sizes['total'] <= BUDGET_BYTES else 'OVER'})")


if __name__ == "__main__":
    main()
