"""``attnviz.run``: a model's attention on a text, computed by the attnviz binary."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Union

import numpy as np

from ._binary import call
from ._options import RUN, flags

__all__ = ["RunResult", "run"]


@dataclass
class RunResult:
    """What ``attnviz run`` wrote: ``attention`` ``[layers, query heads, seq, seq]`` float32,
    the display ``tokens``, the ``token_ids``, the prompt's length when tokens were generated,
    and any further tensors (``queries``/``keys`` with ``query_key=True``).

    Unpacks as ``attention, tokens = attnviz.run(...)``.
    """

    attention: np.ndarray
    tokens: List[str]
    token_ids: List[int]
    prompt_tokens: Optional[int] = None
    tensors: Dict[str, np.ndarray] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Any]:
        return iter((self.attention, self.tokens))

    def explore(self, **options: Any) -> Any:
        """The explorer for this run (:func:`attnviz.explore` with these tokens)."""
        from .explore import explore
        return explore(self.attention, self.tokens, **options)


def run(model_path: Union[str, Path], text: str, *, pair: Optional[str] = None, **options: Any) -> RunResult:
    """Runs the model at ``model_path`` (a Hugging Face folder or a ``.gguf`` file) on ``text``
    with attnviz's own runtime (no torch needed) and returns its attention and tokens.

    Keywords are ``attnviz run``'s flags: ``pair=`` (sentence B), ``truncate=False``
    (refuse long texts), ``threads=``, ``generate=N``, ``temperature=``, ``seed=``,
    ``quantized_weights=``, ``query_key=True`` (also the query/key vectors in ``tensors``).

    >>> attention, tokens = attnviz.run("models/minilm", "The cat sat on the mat.")  # doctest: +SKIP
    """
    from safetensors import safe_open

    options["pair"] = pair
    with tempfile.TemporaryDirectory(prefix="attnviz-") as scratch:
        directory = Path(scratch)
        arguments = flags("run", RUN, options, directory)
        output = directory / "run.safetensors"
        call(["run", "--model", str(model_path), text, "-o", str(output), *arguments])
        with safe_open(str(output), framework="numpy") as handle:
            metadata = handle.metadata() or {}
            tensors = {name: handle.get_tensor(name) for name in handle.keys()}
    attention = tensors.pop("attention")
    prompt = metadata.get("prompt_tokens")
    return RunResult(attention=attention,
                     tokens=json.loads(metadata.get("tokens", "[]")),
                     token_ids=[int(i) for i in json.loads(metadata.get("token_ids", "[]"))],
                     prompt_tokens=int(prompt) if prompt is not None else None,
                     tensors=tensors)
