"""References and secrets come from the kernel's randomness, drawn in blocks, never handed out twice."""

from __future__ import annotations

import os

import pytest

from kitaforms.store import entropy
from kitaforms.store.model import new_reference, new_token_secret


def test_every_byte_is_handed_out_once_across_blocks() -> None:
    drawn = [entropy.random_bytes(32) for _ in range(3 * entropy.BLOCK // 32)]  # three blocks
    assert all(len(chunk) == 32 for chunk in drawn)
    assert len(set(drawn)) == len(drawn)
    assert len(entropy.random_bytes(entropy.BLOCK + 1)) == entropy.BLOCK + 1


def test_references_and_secrets_keep_their_shape_and_differ() -> None:
    references = {new_reference() for _ in range(2000)}
    assert len(references) == 2000
    assert all(len(r) == 17 and r.startswith("KF-") for r in references)
    secret = entropy.token_urlsafe(32)
    assert len(secret) == 43 and "=" not in secret
    assert new_token_secret().startswith("kf_")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
def test_a_forked_child_draws_other_bytes_than_its_parent() -> None:
    entropy.random_bytes(8)  # the parent has a pool
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its next bytes, to the parent
        os.write(writer, entropy.random_bytes(16))
        os._exit(0)
    os.close(writer)
    child = os.read(reader, 16)
    os.waitpid(pid, 0)
    assert child != entropy.random_bytes(16), "the child must not repeat the parent's pool"
