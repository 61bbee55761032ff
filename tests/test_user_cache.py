"""The per-user cache's one way to write (kiosk.user_cache): the whole file or the former one, and a write
that fails leaves no temporary file behind (a full disk would otherwise gather one per start)."""

from __future__ import annotations

import logging

from kiosk.user_cache import write_atomically


def test_a_write_replaces_the_file_whole(tmp_path):
    path = tmp_path / "cache" / "data.json"
    assert write_atomically(path, b"first", "test data")
    assert write_atomically(path, "deuxième, Cœur".encode(), "test data")
    assert path.read_bytes() == "deuxième, Cœur".encode()
    assert sorted(p.name for p in path.parent.iterdir()) == ["data.json"]


def test_a_write_that_fails_keeps_the_former_file_and_leaves_no_temporary_file(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="kiosk.user_cache")
    folder = tmp_path / "cache"
    target = folder / "data.json"
    target.mkdir(parents=True)  # the rename onto it fails, as a full disk or a read-only home would
    (target / "kept").write_text("former", encoding="utf-8")
    assert not write_atomically(target, b"new", "test data")
    assert sorted(p.name for p in folder.iterdir()) == ["data.json"]
    assert (target / "kept").read_text(encoding="utf-8") == "former"
    assert "test data not cached in" in caplog.text
