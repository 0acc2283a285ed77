"""Sample the resident memory of a process tree (the web server and its workers)."""

from __future__ import annotations

import threading
from types import TracebackType

import psutil


class PeakMemory:
    """Track, in a background thread, the peak RSS of a process and its descendants.

    `peak_total_mb` is the largest sum of RSS over the tree seen at one instant (it
    counts shared pages once per process, so it overstates); `peak_unique_mb` the
    largest sum of USS (pages no other process shares, so it understates);
    `peak_process_mb` the largest RSS of a single process.
    """

    def __init__(self, pid: int, *, interval_s: float = 0.5) -> None:
        self.pid = pid
        self.interval_s = interval_s
        self.peak_total_mb = 0.0
        self.peak_unique_mb = 0.0
        self.peak_process_mb = 0.0
        self.processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        """Take one sample now."""
        try:
            root = psutil.Process(self.pid)
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            return
        sizes, unique = [], []
        for proc in tree:
            try:
                info = proc.memory_full_info()
            except psutil.Error:
                continue
            sizes.append(info.rss / 2**20)
            unique.append(info.uss / 2**20)
        if sizes:
            self.peak_total_mb = max(self.peak_total_mb, sum(sizes))
            self.peak_unique_mb = max(self.peak_unique_mb, sum(unique))
            self.peak_process_mb = max(self.peak_process_mb, max(sizes))
            self.processes = max(self.processes, len(sizes))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval_s)


def tree_cpu_seconds(pid: int) -> float:
    """Return the user+system CPU seconds used so far by a process and its live children."""
    try:
        root = psutil.Process(pid)
        tree = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0.0
    for proc in tree:
        try:
            times = proc.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total
