"""attnviz in notebooks: the attnviz explorer, heatmaps and text heat for the attention you
already have in a notebook (NumPy, torch, Hugging Face ``output_attentions=True``,
TransformerLens caches), drawn by the ``attnviz`` binary.

>>> import attnviz                                                          # doctest: +SKIP
>>> out = model(**inputs, output_attentions=True)                           # doctest: +SKIP
>>> attnviz.explore(out.attentions, inputs["input_ids"], tokenizer=tok)     # doctest: +SKIP
"""

from ._binary import AttnvizError, BinaryNotFound, find_binary
from ._convert import attention_array, token_strings
from ._display import Figure, Page
from .explore import explore
from .figures import heatmap, text
from .run import RunResult, run

__all__ = [
    "AttnvizError", "BinaryNotFound", "Figure", "Page", "RunResult",
    "attention_array", "explore", "find_binary", "heatmap", "run", "text", "token_strings",
]
__version__ = "0.1.0"
