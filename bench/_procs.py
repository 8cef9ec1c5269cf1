"""What the benchmarks read of the processes they start (Linux ``/proc``)."""

from __future__ import annotations

import os

PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")


def proc_table() -> dict[int, tuple[int, float, int]]:
    """pid → (parent pid, CPU seconds used, resident bytes), for every process."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        cpu = (int(fields[11]) + int(fields[12])) / TICK
        table[int(entry.name)] = (int(fields[1]), cpu, int(fields[21]) * PAGE)
    return table


def descendants(root_pid: int) -> list[int]:
    """``root_pid`` and every process below it, from the kernel's children lists (no scan of /proc)."""
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            threads = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for thread in threads:
            try:
                with open(f"/proc/{pid}/task/{thread}/children") as children:
                    todo += [int(child) for child in children.read().split()]
            except OSError:
                continue
    return found


def memory(pid: int) -> tuple[int, int]:
    """(resident bytes, proportional bytes) of a process; (0, 0) once it is gone.

    Proportional set size (PSS): pages shared between processes counted once, divided among them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            sizes = dict(line.split(":", 1) for line in rollup if line.startswith(("Rss:", "Pss:")))
    except (OSError, ValueError):
        return 0, 0
    return tuple(int(sizes.get(key, "0 kB").split()[0]) * 1024 for key in ("Rss", "Pss"))  # type: ignore[return-value]
