"""Python keyword arguments → attnviz command-line flags, one explicit table per command.

Each entry maps a keyword to ``(flag, kind)``:

- ``value``: ``--flag VALUE`` (``str(value)``);
- ``switch``: ``--flag`` when true;
- ``negated``: ``--flag`` when false (``cbar=False`` → ``--no-cbar``);
- ``range``: a ``slice`` or ``"START:END"`` string → ``--flag START:END``;
- ``size``: ``(width, height)`` in inches or ``"WxH"`` → ``--flag WxH``;
- ``repeat``: a list → ``--flag A --flag B``;
- ``matrix``: a mask name (``"causal"``) or an array written to a file (non-zero = hidden).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple

import numpy as np

__all__ = ["INPUT", "SELECTION", "HEATMAP", "TEXT", "EXPLORE", "RUN", "flags"]

Table = Mapping[str, Tuple[str, str]]

INPUT: Table = {
    "allow_nonfinite": ("--allow-nonfinite", "switch"),
    "memory_limit_mb": ("--memory-limit-mb", "value"),
}

SELECTION: Table = {
    "layer": ("--layer", "value"),
    "head": ("--head", "value"),
    "heads": ("--heads", "value"),
    "layers": ("--layers", "value"),
    "rollout": ("--rollout", "switch"),
    "queries": ("--queries", "range"),
    "keys": ("--keys", "range"),
}

HEATMAP_STYLE: Table = {
    "cmap": ("--cmap", "value"),
    "vmin": ("--vmin", "value"),
    "vmax": ("--vmax", "value"),
    "center": ("--center", "value"),
    "robust": ("--robust", "switch"),
    "norm": ("--norm", "value"),
    "annot": ("--annot", "switch"),
    "fmt": ("--fmt", "value"),
    "mask": ("--mask", "matrix"),
    "linewidth": ("--linewidth", "value"),
    "linecolor": ("--linecolor", "value"),
    "cbar": ("--no-cbar", "negated"),
    "cbar_label": ("--cbar-label", "value"),
    "square": ("--square", "switch"),
    "xticklabels": ("--xticklabels", "value"),
    "yticklabels": ("--yticklabels", "value"),
    "xticks": ("--xticks", "value"),
    "xrotation": ("--xrotation", "value"),
    "yrotation": ("--yrotation", "value"),
    "title": ("--title", "value"),
    "xlabel": ("--xlabel", "value"),
    "ylabel": ("--ylabel", "value"),
    "size": ("--size", "size"),
    "dpi": ("--dpi", "value"),
    "background": ("--background", "value"),
    "transparent": ("--transparent", "switch"),
    "font": ("--font", "value"),
    "font_size": ("--font-size", "value"),
    "pool": ("--pool", "value"),
}

HEATMAP: Table = {**INPUT, **SELECTION, **HEATMAP_STYLE, "grid": ("--grid", "switch")}

TEXT: Table = {
    **INPUT,
    **SELECTION,
    "query": ("--query", "value"),
    "all_queries": ("--all-queries", "switch"),
    "window": ("--window", "value"),
    "centre": ("--centre", "value"),
    "normalise": ("--normalise", "value"),
    "color": ("--color", "value"),
    "cmap": ("--cmap", "value"),
    "merge_subwords": ("--merge-subwords", "value"),
    "merge_weight": ("--merge-weight", "value"),
    "labels": ("--label", "repeat"),
    "title": ("--title", "value"),
    "legend": ("--legend", "switch"),
    "tooltips": ("--no-tooltips", "negated"),
}

EXPLORE: Table = {
    **INPUT,
    "precision": ("--precision", "value"),
    "split": ("--split", "value"),
    "title": ("--title", "value"),
}

RUN: Table = {
    "pair": ("--pair", "value"),
    "truncate": ("--no-truncate", "negated"),
    "threads": ("--threads", "value"),
    "generate": ("--generate", "value"),
    "temperature": ("--temperature", "value"),
    "seed": ("--seed", "value"),
    "quantized_weights": ("--quantized-weights", "value"),
    "query_key": ("--query-key", "switch"),
}


def _range(name: str, value: Any) -> str:
    if isinstance(value, slice):
        if value.step not in (None, 1):
            raise ValueError(f"{name}= takes a slice without a step, got {value}")
        start = "" if value.start is None else str(int(value.start))
        stop = "" if value.stop is None else str(int(value.stop))
        return f"{start}:{stop}"
    if isinstance(value, str):
        return value
    raise TypeError(f"{name}= takes a slice (e.g. slice(0, 32)) or a 'START:END' string, got {type(value).__name__}")


def _size(name: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    try:
        width, height = value
    except (TypeError, ValueError):
        raise TypeError(f"{name}= takes (width, height) in inches or a 'WxH' string, got {value!r}") from None
    return f"{float(width):g}x{float(height):g}"


def flags(function: str, table: Table, options: Dict[str, Any], scratch: Path) -> List[str]:
    """The command-line flags for ``options`` by ``table``; ``None`` values are left out.

    Raises ``TypeError`` naming the keyword and the accepted ones for a keyword not in the
    table. Arrays given as ``mask=`` are written to ``scratch`` as ``.npy``.
    """
    unknown = sorted(set(options) - set(table))
    if unknown:
        accepted = ", ".join(sorted(table))
        raise TypeError(f"{function}() got unexpected keyword argument(s) {', '.join(map(repr, unknown))}; "
                        f"it accepts: {accepted}")
    arguments: List[str] = []
    for name, value in options.items():
        if value is None:
            continue
        flag, kind = table[name]
        if kind == "value":
            if isinstance(value, bool):
                raise TypeError(f"{name}= takes a value, not {value}")
            arguments += [flag, str(value)]
        elif kind == "switch":
            if value:
                arguments.append(flag)
        elif kind == "negated":
            if not value:
                arguments.append(flag)
        elif kind == "range":
            arguments += [flag, _range(name, value)]
        elif kind == "size":
            arguments += [flag, _size(name, value)]
        elif kind == "repeat":
            values = [value] if isinstance(value, str) else list(value)
            for item in values:
                arguments += [flag, str(item)]
        elif kind == "matrix":
            if isinstance(value, str):
                arguments += [flag, value]
            else:
                from ._convert import as_array
                path = scratch / f"{name}.npy"
                np.save(path, as_array(value))
                arguments += [flag, str(path)]
        else:  # pragma: no cover - the tables above use only the kinds handled here
            raise AssertionError(kind)
    return arguments
