"""``attnviz.explore``: the interactive explorer page, inline in a notebook."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any, Optional, Union

from ._binary import call
from ._display import Page
from ._inputs import prepare
from ._options import EXPLORE, flags

__all__ = ["default_height", "explore", "parse_size"]

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)[bB]?\s*$")
_UNITS = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


def parse_size(size: Union[int, str]) -> int:
    """Bytes from ``40_000_000``, ``"40MB"``, ``"512kB"`` (decimal units, as the CLI prints).

    >>> parse_size("40MB")
    40000000
    """
    if isinstance(size, int) and not isinstance(size, bool):
        return size
    match = _SIZE.match(str(size))
    if not match:
        raise ValueError(f"max_size= takes bytes or a size such as '40MB', got {size!r}")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def explore(attention: Any, tokens: Any = None, *, tokenizer: Any = None, query_tokens: Any = None,
            key_tokens: Any = None, max_size: Union[int, str, None] = None, height: Optional[int] = None,
            **options: Any) -> Page:
    """The attnviz explorer (head, model, matrix, text and aggregate views) for ``attention``.

    ``attention``: a NumPy array or torch tensor ``[layers, heads, queries, keys]`` (or rank 2–3;
    rank 5 with a batch of 1), the ``attentions`` tuple of a Hugging Face output
    (``output_attentions=True``), or a TransformerLens ``ActivationCache``.
    ``tokens``: a list of strings, or input ids with ``tokenizer=`` (decoded one by one).
    Options as ``attnviz explore``'s: ``precision="u8"|"f16"``, ``split=`` (first token of
    sentence B), ``title=``, ``allow_nonfinite=``, ``memory_limit_mb=``; ``max_size=`` refuses a
    page larger than that (bytes or ``"40MB"``); ``height=`` is the inline frame's height in pixels
    (default: from the number of tokens, 600 to 800).

    >>> page = attnviz.explore(out.attentions, tokens=inputs["input_ids"], tokenizer=tok)  # doctest: +SKIP
    >>> page.save("attention.html")                                                        # doctest: +SKIP
    """
    options.setdefault("title", "")
    limit = parse_size(max_size) if max_size is not None else None
    prepared = prepare(attention, tokens, tokenizer, query_tokens, key_tokens)
    with tempfile.TemporaryDirectory(prefix="attnviz-") as scratch:
        directory = Path(scratch)
        arguments = flags("explore", EXPLORE, options, directory)
        source = prepared.write(directory)
        output = directory / "page.html"
        call(["explore", str(source), "-o", str(output), *arguments])
        html = output.read_text(encoding="utf-8")
    size = len(html.encode("utf-8"))
    if limit is not None and size > limit:
        raise ValueError(f"the explorer page would be {size / 1e6:.2f} MB, over max_size={max_size!r} "
                         "(select fewer layers or a token range first, or use precision='u8')")
    if height is None:
        height = default_height(max(prepared.array.shape[-2:]))
    return Page(html, height=height)


def default_height(tokens: int) -> int:
    """The inline frame's height for ``tokens`` tokens: room for the controls and one row per
    token in the head view, between 600 and 800 pixels.

    >>> default_height(7), default_height(512)
    (600, 800)
    """
    return max(600, min(800, 240 + 22 * tokens))
