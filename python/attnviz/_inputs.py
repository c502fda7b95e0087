"""One attention input made ready for the binary: the array, its tokens, a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, Optional

import numpy as np

from ._convert import attention_array, token_strings, write_safetensors

__all__ = ["PreparedInput", "prepare"]


@dataclass
class PreparedInput:
    """The float32 attention array and the tokens of each axis."""

    array: np.ndarray
    query_tokens: Optional[List[str]]
    key_tokens: Optional[List[str]]

    def write(self, directory: Path) -> Path:
        """Writes the input as ``attention.safetensors`` in ``directory`` and returns its path."""
        path = directory / "attention.safetensors"
        shared = self.query_tokens is not None and self.query_tokens == self.key_tokens
        write_safetensors(path, self.array,
                          tokens=self.query_tokens if shared else None,
                          query_tokens=None if shared else self.query_tokens,
                          key_tokens=None if shared else self.key_tokens)
        return path


def prepare(attention: Any, tokens: Any = None, tokenizer: Any = None, query_tokens: Any = None,
            key_tokens: Any = None, array: Optional[np.ndarray] = None) -> PreparedInput:
    """Converts ``attention`` (see :func:`attnviz.explore`) and checks that the tokens fit its
    query and key axes, with a message saying which count is wrong."""
    values = attention_array(attention) if array is None else array
    queries, keys = values.shape[-2], values.shape[-1]
    shared = token_strings(tokens, tokenizer)
    query = token_strings(query_tokens, tokenizer) if query_tokens is not None else shared
    key = token_strings(key_tokens, tokenizer) if key_tokens is not None else shared
    for name, strings, count in (("query", query, queries), ("key", key, keys)):
        plural = "queries" if name == "query" else "keys"
        if strings is not None and len(strings) != count:
            hint = " (pass query_tokens= and key_tokens= for cross attention)" if queries != keys else ""
            raise ValueError(f"{len(strings)} {name} tokens for attention of shape {tuple(values.shape)} "
                             f"with {count} {plural}{hint}")
    return PreparedInput(values, query, key)
