"""Finding the binary: ATTNVIZ_BIN, then the repository's release build, then PATH."""
import os
import stat

import pytest

from attnviz import BinaryNotFound, _binary, find_binary


def executable(path):
    path.write_text("#!/bin/sh\necho fake\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_attnviz_bin_comes_first(tmp_path, monkeypatch):
    fake = executable(tmp_path / "attnviz-custom")
    monkeypatch.setenv("ATTNVIZ_BIN", str(fake))
    assert find_binary() == str(fake)


def test_attnviz_bin_that_is_not_executable_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTNVIZ_BIN", str(tmp_path / "nothing"))
    with pytest.raises(BinaryNotFound, match="ATTNVIZ_BIN=.*nothing"):
        find_binary()


def test_release_build_then_path(tmp_path, monkeypatch):
    monkeypatch.delenv("ATTNVIZ_BIN", raising=False)
    repo = tmp_path / "repo"
    (repo / ".build" / "release").mkdir(parents=True)
    (repo / "Package.swift").write_text("// attnviz\n")
    release = executable(repo / ".build" / "release" / "attnviz")
    monkeypatch.setattr(_binary, "_repository_candidates", lambda: [repo])
    assert find_binary() == str(release)
    release.unlink()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    on_path = executable(bin_dir / "attnviz")
    monkeypatch.setenv("PATH", str(bin_dir))
    assert find_binary() == str(on_path)


def test_nothing_found_says_what_to_run(tmp_path, monkeypatch):
    monkeypatch.delenv("ATTNVIZ_BIN", raising=False)
    monkeypatch.setattr(_binary, "_repository_candidates", lambda: [])
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BinaryNotFound, match="swift build -c release --product attnviz.*ATTNVIZ_BIN"):
        find_binary()
