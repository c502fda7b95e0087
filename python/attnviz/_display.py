"""Objects that show themselves in a notebook (``_repr_html_``, ``_repr_png_``,
``_repr_svg_``) and save to a file."""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Union

__all__ = ["Page", "Figure"]

PathLike = Union[str, Path]


def _iframe(page: str, height: int, sandbox: str) -> str:
    """``page`` in an ``<iframe srcdoc>`` whose sandbox keeps its script (if any) away from the
    notebook: no same-origin access, no top navigation, no forms, no popups."""
    return (f'<iframe sandbox="{sandbox}" srcdoc="{html.escape(page, quote=True)}" '
            f'style="box-sizing: border-box; width: 100%; height: {height}px; border: 1px solid #ddd; border-radius: 4px" '
            f'loading="eager" title="attnviz"></iframe>')


class Page:
    """An HTML page written by attnviz (the explorer, or text heat).

    In a notebook it shows inline in a sandboxed iframe; ``save(path)`` writes the page itself,
    which opens offline in any browser.

    >>> page = attnviz.explore(attention, tokens)      # doctest: +SKIP
    >>> page.save("attention.html")                    # doctest: +SKIP
    """

    def __init__(self, html_text: str, height: int = 760, scripts: bool = True) -> None:
        self.html = html_text
        self.height = height
        self.scripts = scripts

    def _repr_html_(self) -> str:
        # allow-downloads lets the explorer's Save PNG work; the page still has an opaque origin.
        sandbox = "allow-scripts allow-downloads" if self.scripts else ""
        return _iframe(self.html, self.height, sandbox)

    def save(self, path: PathLike) -> Path:
        """Writes the page to ``path`` (UTF-8) and returns the path."""
        target = Path(path)
        target.write_text(self.html, encoding="utf-8")
        return target

    def __len__(self) -> int:
        return len(self.html.encode("utf-8"))

    def __repr__(self) -> str:
        return f"<attnviz.Page {len(self) / 1e6:.2f} MB>"


class Figure:
    """A picture drawn by attnviz: PNG, SVG or PDF bytes.

    PNG and SVG show inline in a notebook; a PDF shows as a download-free note.
    ``save(path)`` writes the bytes.
    """

    def __init__(self, data: bytes, format: str) -> None:
        self.data = data
        self.format = format

    def _repr_png_(self) -> bytes | None:
        return self.data if self.format == "png" else None

    def _repr_svg_(self) -> str | None:
        return self.data.decode("utf-8") if self.format == "svg" else None

    def _repr_html_(self) -> str | None:
        if self.format == "pdf":
            encoded = base64.b64encode(self.data).decode("ascii")
            return (f'<embed type="application/pdf" src="data:application/pdf;base64,{encoded}" '
                    f'style="width: 100%; height: 600px">')
        return None

    def save(self, path: PathLike) -> Path:
        """Writes the figure's bytes to ``path`` and returns the path."""
        target = Path(path)
        target.write_bytes(self.data)
        return target

    def __repr__(self) -> str:
        return f"<attnviz.Figure {self.format}, {len(self.data)} bytes>"
