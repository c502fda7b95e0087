"""``attnviz.heatmap`` and ``attnviz.text``: the CLI's pictures as notebook objects."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Union

import numpy as np

from ._binary import call
from ._convert import as_array, token_strings
from ._display import Figure, Page
from ._inputs import PreparedInput, prepare
from ._options import HEATMAP, TEXT, flags

__all__ = ["heatmap", "text"]

_HEATMAP_FORMATS = ("png", "svg", "pdf")
_TEXT_FORMATS = ("html", "png", "pdf")


def heatmap(attention: Any, tokens: Any = None, *, tokenizer: Any = None, query_tokens: Any = None,
            key_tokens: Any = None, format: str = "png", **options: Any) -> Figure:
    """A heatmap of one matrix of ``attention`` (seaborn's look), or every head with ``grid=True``.

    ``attention`` as for :func:`attnviz.explore`. The matrix is chosen as ``attnviz heatmap``
    chooses it: ``layer=``, ``head=`` (default 0, 0; -1 is the last), ``heads="mean"``,
    ``layers="max"``, ``rollout=True``, ``queries=slice(0, 32)``, ``keys=``. Style keywords are
    the CLI's flags: ``cmap=``, ``vmin=``, ``vmax=``, ``center=``, ``robust=``, ``norm=``,
    ``annot=``, ``fmt=``, ``mask=`` (``"causal"``, ``"upper"``, ``"lower"`` or an array, non-zero
    = hidden), ``linewidth=``, ``linecolor=``, ``cbar=False``, ``cbar_label=``, ``square=``,
    ``xticklabels=``, ``yticklabels=``, ``xticks=``, ``xrotation=``, ``yrotation=``, ``title=``,
    ``xlabel=``, ``ylabel=``, ``size=(w, h)`` inches, ``dpi=``, ``background=``,
    ``transparent=``, ``font=``, ``font_size=``, ``pool=``. ``format`` is png, svg or pdf.

    >>> attnviz.heatmap(attention, tokens, layer=3, head=5, cmap="viridis", annot=True)  # doctest: +SKIP
    """
    if format not in _HEATMAP_FORMATS:
        raise ValueError(f"format= must be one of {', '.join(_HEATMAP_FORMATS)}, got {format!r}")
    prepared = prepare(attention, tokens, tokenizer, query_tokens, key_tokens)
    with tempfile.TemporaryDirectory(prefix="attnviz-") as scratch:
        directory = Path(scratch)
        arguments = flags("heatmap", HEATMAP, options, directory)
        source = prepared.write(directory)
        output = directory / f"heatmap.{format}"
        call(["heatmap", str(source), "-o", str(output), *arguments])
        return Figure(output.read_bytes(), format)


def text(weights: Any, tokens: Any = None, *, tokenizer: Any = None, format: str = "html",
         **options: Any) -> Union[Page, Figure]:
    """Text heat (the note's ``createHTML``): each token coloured by the weight it gets.

    ``weights``: one row of weights (one example), a matrix (one example per row, all over the
    same ``tokens``), or any attention input of :func:`attnviz.explore` with the row chosen by
    ``layer=``, ``head=``, ``query=`` or ``all_queries=True``. Keywords are ``attnviz text``'s
    flags: ``window=``, ``centre=``, ``normalise=``, ``color=``, ``cmap=``, ``merge_subwords=``,
    ``merge_weight=``, ``labels=[...]`` (one heading per example), ``title=``, ``legend=``,
    ``tooltips=False``. ``format`` is html (shown inline, no script), png or pdf.

    >>> attnviz.text([0.1, 0.7, 0.2], tokens=["the", "cat", "sat"])  # doctest: +SKIP
    """
    if format not in _TEXT_FORMATS:
        raise ValueError(f"format= must be one of {', '.join(_TEXT_FORMATS)}, got {format!r}")
    structured = hasattr(weights, "keys") or (
        isinstance(weights, (tuple, list)) and bool(weights) and hasattr(weights[0], "shape"))
    values = None if structured else as_array(weights)
    if values is not None and values.ndim <= 2:
        matrix = values.reshape(1, -1) if values.ndim == 1 else values
        keys = token_strings(tokens, tokenizer)
        if keys is not None and len(keys) != matrix.shape[1]:
            raise ValueError(f"{len(keys)} tokens for {matrix.shape[1]} weights per example")
        prepared = PreparedInput(matrix, [str(i) for i in range(matrix.shape[0])], keys)
        if matrix.shape[0] > 1 and "query" not in options:
            options.setdefault("all_queries", True)
    else:
        prepared = prepare(weights, tokens, tokenizer)
    with tempfile.TemporaryDirectory(prefix="attnviz-") as scratch:
        directory = Path(scratch)
        arguments = flags("text", TEXT, options, directory)
        source = prepared.write(directory)
        output = directory / f"text.{format}"
        call(["text", str(source), "-o", str(output), *arguments])
        if format == "html":
            examples = prepared.array.shape[-2] if options.get("all_queries") else 1
            return Page(output.read_text(encoding="utf-8"), height=min(640, 90 + 44 * examples), scripts=False)
        return Figure(output.read_bytes(), format)
