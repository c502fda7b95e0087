"""explore / heatmap / text / run through the real binary, checked by independent readers
(safetensors, the PNG header, the CLI's own output)."""
import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest
from safetensors import safe_open

import attnviz
import importlib

explore_module = importlib.import_module("attnviz.explore")
figures = importlib.import_module("attnviz.figures")


def softmaxed(shape, seed=0):
    values = np.random.default_rng(seed).random(shape).astype(np.float32)
    return values / values.sum(-1, keepdims=True)


@pytest.fixture
def kept_inputs(monkeypatch, tmp_path):
    """Copies of the files each call hands the binary (they live in a deleted scratch dir)."""
    kept = []

    def wrap(module):
        original = module.call

        def call(arguments, **kwargs):
            source = Path(arguments[1])
            copy = tmp_path / f"input-{len(kept)}.safetensors"
            shutil.copy(source, copy)
            kept.append((copy, list(arguments)))
            return original(arguments, **kwargs)
        monkeypatch.setattr(module, "call", call)

    wrap(explore_module)
    wrap(figures)
    return kept


def read(path):
    with safe_open(str(path), framework="numpy") as handle:
        return handle.get_tensor("attention"), handle.metadata() or {}


def test_explore_hands_over_the_input_and_tokens_unchanged(binary, kept_inputs, tmp_path):
    values = softmaxed((2, 3, 5, 5))
    tokens = ["武", "汉", "<b>", "</script>", "\"q\""]
    page = attnviz.explore(values, tokens, precision="f16", title="t")
    (path, arguments), = kept_inputs
    tensor, metadata = read(path)
    np.testing.assert_array_equal(tensor, values)
    assert json.loads(metadata["tokens"]) == tokens
    assert arguments[0] == "explore" and "--precision" in arguments and "f16" in arguments
    assert page.html.startswith("<!DOCTYPE html>") and "attnviz-data" in page.html
    saved = page.save(tmp_path / "page.html")
    assert saved.read_text(encoding="utf-8") == page.html


def test_explore_iframe_is_sandboxed_and_escaped(binary):
    page = attnviz.explore(softmaxed((1, 1, 3, 3)), ["a", "\"><script>alert(1)</script>", "c"])
    frame = page._repr_html_()
    assert frame.startswith('<iframe sandbox="allow-scripts allow-downloads" srcdoc="')
    assert "allow-same-origin" not in frame
    body = frame[frame.index('srcdoc="') + 8:frame.rindex('" style=')]
    assert '"' not in body and "<" not in body  # all of the page is inside the attribute


def test_cross_attention_tokens_per_axis(binary, kept_inputs):
    values = softmaxed((1, 2, 3, 4))
    attnviz.explore(values, query_tokens=["a", "b", "c"], key_tokens=["w", "x", "y", "z"])
    _, metadata = read(kept_inputs[0][0])
    assert json.loads(metadata["query_tokens"]) == ["a", "b", "c"] and "tokens" not in metadata
    assert json.loads(metadata["key_tokens"]) == ["w", "x", "y", "z"]


def test_token_count_mismatch_is_clear(binary):
    with pytest.raises(ValueError, match="4 query tokens .* 5 queries"):
        attnviz.explore(softmaxed((5, 5)), ["a", "b", "c", "d"])


def test_max_size(binary):
    with pytest.raises(ValueError, match="over max_size"):
        attnviz.explore(softmaxed((2, 2, 16, 16)), max_size="1kB")
    assert len(attnviz.explore(softmaxed((2, 2, 16, 16)), max_size="10MB")) > 1000


def test_binary_errors_come_back_as_attnviz_error(binary):
    with pytest.raises(attnviz.AttnvizError, match="non-finite|NaN|nan"):
        attnviz.explore(np.array([[0.5, np.nan], [0.5, 0.5]], dtype=np.float32))


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_heatmap_png_has_the_size_asked_for(binary, kept_inputs, tmp_path):
    values = softmaxed((2, 3, 6, 6))
    figure = attnviz.heatmap(values, list("abcdef"), layer=1, head=2, size=(4, 3), dpi=50, cmap="viridis",
                             annot=True, mask=np.triu(np.ones((6, 6)), 1))
    assert figure.format == "png" and figure._repr_png_() == figure.data
    assert png_size(figure.data) == (200, 150)
    arguments = kept_inputs[0][1]
    assert arguments[arguments.index("--layer") + 1] == "1" and arguments[arguments.index("--head") + 1] == "2"
    assert figure.save(tmp_path / "h.png").read_bytes() == figure.data


def test_heatmap_svg_and_pdf(binary):
    values = softmaxed((4, 4))
    svg = attnviz.heatmap(values, format="svg")
    assert svg._repr_svg_().lstrip().startswith("<?xml") or "<svg" in svg._repr_svg_()[:400]
    assert attnviz.heatmap(values, format="pdf").data.startswith(b"%PDF")
    with pytest.raises(ValueError, match="png, svg, pdf"):
        attnviz.heatmap(values, format="jpg")


def test_heatmap_matches_the_cli_on_the_same_file(binary, tmp_path):
    values = softmaxed((2, 2, 5, 5))
    attnviz._convert.write_safetensors(tmp_path / "a.safetensors", values, tokens=list("abcde"))
    subprocess.run([binary, "heatmap", str(tmp_path / "a.safetensors"), "--layer", "1", "--cmap", "rocket",
                    "-o", str(tmp_path / "cli.png")], check=True, capture_output=True)
    assert attnviz.heatmap(values, list("abcde"), layer=1, cmap="rocket").data == (tmp_path / "cli.png").read_bytes()


def test_text_one_row_and_a_matrix(binary):
    row = attnviz.text([0.1, 0.6, 0.3], tokens=["the", "cat", "sat"])
    assert isinstance(row, attnviz.Page) and not row.scripts
    assert 'sandbox=""' in row._repr_html_()
    for token in ("the", "cat", "sat"):
        assert re.search(f">\\s?{token}<", row.html), token
    matrix = attnviz.text(softmaxed((4, 3)), tokens=["a", "b", "c"], labels=["one", "two", "three", "four"])
    for label in ("one", "two", "three", "four"):
        assert label in matrix.html
    with pytest.raises(ValueError, match="2 tokens for 3 weights"):
        attnviz.text([0.1, 0.6, 0.3], tokens=["a", "b"])


def test_text_png(binary):
    figure = attnviz.text([0.1, 0.6, 0.3], tokens=["the", "cat", "sat"], format="png")
    width, height = png_size(figure.data)
    assert width > 0 and height > 0


def test_run_matches_the_cli_saved_output(binary, tiny_gpt2, tmp_path):
    text = "The quick brown fox"
    subprocess.run([binary, "run", "--model", str(tiny_gpt2), text, "-o", str(tmp_path / "cli.safetensors")],
                   check=True, capture_output=True)
    tensor, metadata = read(tmp_path / "cli.safetensors")
    result = attnviz.run(tiny_gpt2, text)
    np.testing.assert_array_equal(result.attention, tensor)
    assert result.tokens == json.loads(metadata["tokens"])
    assert result.token_ids == json.loads(metadata["token_ids"])
    attention, tokens = result
    assert attention is result.attention and tokens == result.tokens
    assert not any("Ġ" in t for t in tokens)


def test_run_unknown_keyword(binary, tiny_gpt2):
    with pytest.raises(TypeError, match="run\\(\\) got unexpected keyword argument\\(s\\) 'layer'"):
        attnviz.run(tiny_gpt2, "x", layer=1)
