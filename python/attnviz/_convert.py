"""Conversions from what notebooks hold (NumPy, torch, Hugging Face outputs, TransformerLens
caches, tokenizers) to what the attnviz binary reads: one float32 array and token strings."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, List, Optional, Sequence

import numpy as np

__all__ = ["as_array", "attention_array", "token_strings", "write_safetensors"]

_PATTERN_KEY = re.compile(r"^blocks\.(\d+)\.attn\.hook_pattern$")


def as_array(value: Any) -> np.ndarray:
    """A NumPy float32 copy of ``value``: a NumPy array, a torch tensor (any device or dtype,
    gradients detached) or a nested sequence of numbers."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):
        value = value.detach().cpu()
        if hasattr(value, "float"):
            value = value.float()
        value = value.numpy()
    array = np.asarray(value)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_):
        raise TypeError(f"attention must be numeric, got an array of {array.dtype}")
    return np.ascontiguousarray(array, dtype=np.float32)


def _pattern_layers(cache: Any) -> Optional[List[Any]]:
    """The per-layer attention patterns of a TransformerLens ``ActivationCache`` (or any
    mapping with ``blocks.{l}.attn.hook_pattern`` keys), in layer order; None when it has none."""
    try:
        keys = list(cache.keys())
    except (AttributeError, TypeError):
        return None
    layers = {}
    for key in keys:
        match = _PATTERN_KEY.match(str(key))
        if match:
            layers[int(match.group(1))] = key
    if not layers:
        return None
    missing = sorted(set(range(max(layers) + 1)) - set(layers))
    if missing:
        raise ValueError(f"the cache has attention patterns for layers {sorted(layers)} but not {missing}")
    return [cache[layers[layer]] for layer in range(len(layers))]


def _drop_batch(array: np.ndarray, what: str) -> np.ndarray:
    """``array`` without its leading batch axis, which must be of size 1."""
    if array.shape[0] != 1:
        raise ValueError(f"{what} has a batch of {array.shape[0]}; pass one example (e.g. attention[:, i:i+1])")
    return array[0]


def attention_array(attention: Any) -> np.ndarray:
    """``attention`` as a float32 array of rank 2 to 4 (``[layers, heads, queries, keys]`` or
    fewer leading axes).

    Accepts a NumPy array or torch tensor of rank 2–4, rank 5 with a batch of 1 (``[layers,
    1, heads, q, k]`` as ``torch.stack(outputs.attentions)`` gives, or ``[1, layers, ...]``),
    the ``attentions`` tuple of a Hugging Face output (one ``[1, heads, q, k]`` per layer), or
    a TransformerLens ``ActivationCache`` / mapping with ``blocks.{l}.attn.hook_pattern``
    entries (``[1, heads, q, k]`` or ``[heads, q, k]`` each).

    >>> attention_array(np.eye(3)).shape
    (3, 3)
    >>> attention_array((np.ones((1, 2, 3, 3)),) * 4).shape
    (4, 2, 3, 3)
    """
    if isinstance(attention, Mapping) or type(attention).__name__ == "ActivationCache":
        layers = _pattern_layers(attention)
        if layers is None:
            raise ValueError("the mapping has no blocks.{l}.attn.hook_pattern entries "
                             "(run the model with a TransformerLens cache, or pass the attention itself)")
        arrays = [as_array(layer) for layer in layers]
        arrays = [_drop_batch(a, "a hook_pattern") if a.ndim == 4 else a for a in arrays]
        return _stack(arrays, "hook_pattern")
    if isinstance(attention, (tuple, list)) and attention and (
            hasattr(attention[0], "shape") or isinstance(attention[0], (tuple, list))):
        arrays = [as_array(layer) for layer in attention]
        if all(a.ndim == 4 for a in arrays):
            arrays = [_drop_batch(a, f"layer {i}'s attention") for i, a in enumerate(arrays)]
            return _stack(arrays, "attentions")
        if all(a.ndim == 3 for a in arrays):
            return _stack(arrays, "attentions")
        if all(a.ndim == 2 for a in arrays) and len({a.shape for a in arrays}) == 1:
            return np.stack(arrays)
        raise ValueError("a sequence of attention must hold one [batch 1, heads, q, k] or [heads, q, k] "
                         f"per layer; got shapes {[a.shape for a in arrays]}")
    array = as_array(attention)
    if array.ndim == 5:
        if array.shape[1] == 1:
            return array[:, 0]
        if array.shape[0] == 1:
            return array[0]
        raise ValueError(f"rank-5 attention {array.shape} needs a batch of 1 ([layers, 1, heads, q, k] or [1, layers, heads, q, k])")
    if not 2 <= array.ndim <= 4:
        raise ValueError(f"attention must have rank 2 to 5, got shape {array.shape}")
    return array


def _stack(arrays: Sequence[np.ndarray], what: str) -> np.ndarray:
    shapes = {a.shape for a in arrays}
    if len(shapes) != 1:
        raise ValueError(f"every layer of {what} must have the same shape; got {sorted(shapes)}")
    return np.stack(arrays)


def _ids(value: Any) -> List[int]:
    """A flat list of token ids from a list, array, tensor or a tokenizer's encoding."""
    if isinstance(value, Mapping) or (hasattr(value, "input_ids") and not hasattr(value, "shape")):
        value = value["input_ids"] if isinstance(value, Mapping) else value.input_ids
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    array = np.asarray(value)
    if array.ndim == 2:
        array = _drop_batch(array, "input_ids")
    if array.ndim != 1 or not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"input ids must be one sequence of integers, got shape {array.shape} of {array.dtype}")
    return [int(i) for i in array]


def token_strings(tokens: Any = None, tokenizer: Any = None) -> Optional[List[str]]:
    """Token strings for the axes.

    ``tokens`` is a list of strings, or (with a Hugging Face ``tokenizer``) input ids: a list,
    array or tensor (batch 1), or the tokenizer's own encoding with ``input_ids``. Each id is
    decoded on its own (``tokenizer.decode([id])``), so byte-level pieces read as text
    (`` quick``, not ``Ġquick``).
    """
    if tokens is None:
        if tokenizer is not None:
            raise ValueError("tokenizer= needs the input ids as tokens=")
        return None
    if tokenizer is not None:
        strings = []
        for token_id in _ids(tokens):
            try:
                strings.append(tokenizer.decode([token_id], skip_special_tokens=False,
                                                clean_up_tokenization_spaces=False))
            except TypeError:
                strings.append(tokenizer.decode([token_id], skip_special_tokens=False))
        return strings
    if isinstance(tokens, str):
        raise TypeError("tokens must be a list of strings (a str would be split into characters); "
                        "use tokens=text.split(' ') for space-separated tokens")
    strings = list(tokens)
    if not all(isinstance(t, str) for t in strings):
        raise TypeError("tokens must be strings; for token ids pass tokenizer= as well")
    return strings


def write_safetensors(path: Path, attention: np.ndarray, tokens: Optional[Sequence[str]] = None,
                      query_tokens: Optional[Sequence[str]] = None,
                      key_tokens: Optional[Sequence[str]] = None) -> None:
    """Writes ``attention`` as tensor ``attention`` (F32) with the tokens in ``__metadata__``
    as JSON arrays (``tokens``, or ``query_tokens``/``key_tokens``), as ``attnviz run -o``
    does, so every attnviz command reads them."""
    from safetensors.numpy import save_file

    metadata = {}
    for key, value in (("tokens", tokens), ("query_tokens", query_tokens), ("key_tokens", key_tokens)):
        if value is not None:
            metadata[key] = json.dumps(list(value), ensure_ascii=False)
    save_file({"attention": np.ascontiguousarray(attention, dtype=np.float32)}, str(path),
              metadata=metadata or None)
