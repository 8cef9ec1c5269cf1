"""Random bytes for references and secrets, from the operating system in blocks.

``secrets.token_bytes`` asks the kernel once per call. Under load, on a busy machine, that system call
is where a request thread gets descheduled, and the server draws two or three values per submission.
``random_bytes`` draws the same kernel randomness (``os.urandom``) 4 KiB at a time and hands it out in
order; every byte is used once. After a ``fork`` the child starts a pool of its own, so parent and
child never share bytes.
"""

from __future__ import annotations

import base64
import os
import threading

BLOCK = 4096

_lock = threading.Lock()
_pool = b""
_at = 0


def random_bytes(count: int) -> bytes:
    """``count`` bytes from the kernel's CSPRNG (as ``os.urandom``), taken from a pool."""
    global _pool, _at
    if count > BLOCK:
        return os.urandom(count)
    with _lock:
        if _at + count > len(_pool):
            _pool, _at = os.urandom(BLOCK), 0
        out = _pool[_at:_at + count]
        _at += count
    return out


def _forget() -> None:
    """In a forked child: the parent's pool is the parent's (a fresh lock too, in case a thread held it)."""
    global _lock, _pool, _at
    _lock, _pool, _at = threading.Lock(), b"", 0


if hasattr(os, "register_at_fork"):  # POSIX; elsewhere there is no fork
    os.register_at_fork(after_in_child=_forget)


def token_urlsafe(count: int) -> str:
    """As ``secrets.token_urlsafe``: ``count`` random bytes, base64url without padding."""
    return base64.urlsafe_b64encode(random_bytes(count)).rstrip(b"=").decode("ascii")
