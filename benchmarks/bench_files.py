"""Peak memory of a 32 MB upload through commtrak beside a plain file copy, and the time.

Run with ``python benchmarks/bench_files.py``. The same 32 MiB source (a file on disk) is
stored three ways, each measured with ``tracemalloc`` (peak bytes allocated by Python
during the call) and timed:

* baseline: ``shutil.copyfileobj`` from the source to a file, the least a copy costs;
* commtrak: :func:`commtrak.field_service.upload` into a
  :class:`~commtrak.field_service.FileSystemBlobStore` (hashing, sniffing, limit);
* then the download, streamed back and checked against the digest.

The target (issue 16): commtrak's peak stays under 16 MB above the baseline's.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from commtrak.field_service import FileSystemBlobStore, download, upload

SIZE = 32 * 1024 * 1024
MEBIBYTE = 1024 * 1024


def measure(work: Callable[[], object]) -> tuple[float, int]:
    """Return (seconds, peak bytes Python allocated) for one run of *work*."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    work()
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="commtrak-bench-files-") as folder:
        root = Path(folder)
        source = root / "source.bin"
        with source.open("wb") as out:
            for n in range(SIZE // MEBIBYTE):
                out.write(hashlib.sha256(str(n).encode()).digest() * (MEBIBYTE // 32))
        store = FileSystemBlobStore(root / "blobs")

        def copy() -> None:
            with source.open("rb") as src, (root / "copy.bin").open("wb") as dst:
                shutil.copyfileobj(src, dst)

        def store_it() -> object:
            with source.open("rb") as src:
                return upload(store, "boiler-manual.pdf", src)

        blobs: list[object] = []
        base_time, base_peak = measure(copy)
        up_time, up_peak = measure(lambda: blobs.append(store_it()))
        blob = blobs[0]
        down_time, down_peak = measure(
            lambda: sum(len(chunk) for chunk in download(store, blob))  # type: ignore[arg-type]
        )
    above = (up_peak - base_peak) / MEBIBYTE
    print(
        f"32 MiB upload, peak memory: baseline copy {base_peak / MEBIBYTE:6.2f} MiB, "
        f"commtrak upload {up_peak / MEBIBYTE:6.2f} MiB, above the baseline {above:6.2f} MiB "
        f"(target under 16)"
    )
    print(
        f"32 MiB download (streamed, digest checked), peak memory {down_peak / MEBIBYTE:6.2f} MiB"
    )
    print(
        f"time: baseline copy {base_time * 1000:7.1f} ms, upload {up_time * 1000:7.1f} ms "
        f"(ratio {up_time / base_time:5.2f}; it also hashes), download {down_time * 1000:7.1f} ms"
    )
    return 0 if above < 16 else 1


if __name__ == "__main__":
    sys.exit(main())
