"""The command line the store-size benchmarks share: a PostgreSQL URL and the sizes."""

from __future__ import annotations

import argparse
import os


def size_options(doc: str, sizes: list[int]) -> argparse.Namespace:
    """Parse ``--postgresql URL`` (default ``COMMTRAK_BENCH_POSTGRESQL``) and ``--sizes``.

    Args:
        doc: The benchmark's module docstring, whose first line describes it.
        sizes: The store sizes measured when none are given.
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--postgresql", default=os.environ.get("COMMTRAK_BENCH_POSTGRESQL"))
    parser.add_argument("--sizes", type=int, nargs="+", default=sizes)
    return parser.parse_args()
