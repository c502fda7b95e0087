"""Finding and calling the ``attnviz`` binary."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import List, Optional, Sequence

__all__ = ["AttnvizError", "BinaryNotFound", "find_binary", "call"]

BUILD_HINT = "swift build -c release --product attnviz"


class AttnvizError(RuntimeError):
    """The attnviz binary refused its input; the message is its own one-line error."""


class BinaryNotFound(AttnvizError):
    """No attnviz binary: not in ``ATTNVIZ_BIN``, the repository's release build, nor ``PATH``."""


def _repository_candidates() -> List[Path]:
    """Repository roots to look in: the one holding this package (a source checkout or an
    editable install), then the current directory and its parents (a notebook opened inside
    the repository)."""
    roots: List[Path] = []
    here = Path(__file__).resolve().parent
    roots.extend(here.parents[:3])
    cwd = Path.cwd().resolve()
    roots.append(cwd)
    roots.extend(cwd.parents)
    seen, unique = set(), []
    for root in roots:
        if root not in seen and (root / "Package.swift").is_file():
            seen.add(root)
            unique.append(root)
    return unique


def find_binary() -> str:
    """The path of the attnviz binary to run.

    Looked up in order: the ``ATTNVIZ_BIN`` environment variable, the attnviz repository's
    release build (``.build/release/attnviz``), then ``attnviz`` on ``PATH``.

    >>> find_binary()  # doctest: +SKIP
    '/home/me/attnviz/.build/release/attnviz'
    """
    explicit = os.environ.get("ATTNVIZ_BIN")
    if explicit:
        path = Path(explicit).expanduser()
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
        raise BinaryNotFound(f"ATTNVIZ_BIN={explicit} is not an executable file")
    for root in _repository_candidates():
        built = root / ".build" / "release" / "attnviz"
        if built.is_file() and os.access(built, os.X_OK):
            return str(built)
    on_path = shutil.which("attnviz")
    if on_path:
        return on_path
    raise BinaryNotFound(
        "the attnviz binary was not found: run `" + BUILD_HINT + "` in the attnviz repository, "
        "or set ATTNVIZ_BIN to the binary's path, or put attnviz on PATH")


def call(arguments: Sequence[str], binary: Optional[str] = None, timeout: Optional[float] = None) -> str:
    """Runs ``attnviz ARGUMENTS`` and returns its standard output.

    Raises :class:`AttnvizError` with the binary's own error line when it exits non-zero.
    """
    command = [binary or find_binary(), *arguments]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        message = result.stderr.strip() or result.stdout.strip() or f"exit status {result.returncode}"
        raise AttnvizError(message)
    return result.stdout
