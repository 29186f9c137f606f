"""The machine a benchmark ran on, for the reports in docs/benchmarks."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime


def describe() -> str:
    """One line: date, CPU model, cores, memory, Python."""
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = "unknown memory"
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
            memory = f"{kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{date}; {cpu}; {os.cpu_count()} cores; {memory}; "
        f"Python {platform.python_version()} on {platform.system()}"
    )
