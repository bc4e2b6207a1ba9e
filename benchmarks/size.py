"""What the browser downloads of Djust: the runtime and the service worker, minified
(as committed) and gzipped (level 9, as a server would send them). Goal: under 20 KB
gzipped together.

    .venv/bin/python benchmarks/size.py
"""

import gzip
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "djust" / "static" / "djust"
FILES = ["djust.js", "djust-sw.js"]
GOAL = 20 * 1024


def main() -> None:
    total = 0
    for name in FILES:
        data = (STATIC / name).read_bytes()
        packed = len(gzip.compress(data, 9))
        total += packed
        print(f"{name:14} {len(data) / 1024:6.1f} KB min  {packed / 1024:5.1f} KB gz")
    verdict = "within" if total < GOAL else "OVER"
    print(f"{'together':14} {'':15} {total / 1024:5.1f} KB gz ({verdict} the 20 KB goal)")


if __name__ == "__main__":
    main()
