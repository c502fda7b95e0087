"""torch and transformers inputs (make test-integration): a tiny random GPT-2 run with
output_attentions=True, its tokenizer, and a TransformerLens-shaped cache."""
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from safetensors import safe_open

import attnviz
import importlib

explore_module = importlib.import_module("attnviz.explore")

pytestmark = pytest.mark.integration
torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")


@pytest.fixture(scope="module")
def gpt2(tiny_gpt2):
    tokenizer = transformers.PreTrainedTokenizerFast(tokenizer_file=str(tiny_gpt2 / "tokenizer.json"))
    model = transformers.GPT2Model.from_pretrained(str(tiny_gpt2), attn_implementation="eager").eval()
    inputs = tokenizer("The quick brown fox jumps over the lazy dog.", return_tensors="pt")
    with torch.no_grad():
        out = model(**inputs, output_attentions=True)
    return tokenizer, inputs, out


@pytest.fixture
def handed_over(monkeypatch, tmp_path):
    kept = []
    original = explore_module.call

    def call(arguments, **kwargs):
        copy = tmp_path / f"input-{len(kept)}.safetensors"
        shutil.copy(arguments[1], copy)
        kept.append(copy)
        return original(arguments, **kwargs)
    monkeypatch.setattr(explore_module, "call", call)
    return kept


def read(path):
    with safe_open(str(path), framework="numpy") as handle:
        return handle.get_tensor("attention"), handle.metadata()


def test_hf_attentions_and_tokenizer(binary, gpt2, handed_over):
    tokenizer, inputs, out = gpt2
    attnviz.explore(out.attentions, inputs["input_ids"], tokenizer=tokenizer)
    tensor, metadata = read(handed_over[0])
    np.testing.assert_array_equal(tensor, torch.stack(out.attentions)[:, 0].numpy())
    tokens = json.loads(metadata["tokens"])
    assert "".join(tokens) == "The quick brown fox jumps over the lazy dog."
    assert not any("Ġ" in t for t in tokens) and any(t.startswith(" ") for t in tokens)
    assert attnviz.token_strings(inputs, tokenizer=tokenizer) == tokens  # the BatchEncoding itself


def test_stacked_bfloat16_tensor(binary, gpt2, handed_over):
    _, _, out = gpt2
    stacked = torch.stack(out.attentions).to(torch.bfloat16)  # [layers, 1, heads, q, k]
    attnviz.explore(stacked)
    tensor, _ = read(handed_over[0])
    np.testing.assert_array_equal(tensor, stacked[:, 0].float().numpy())


def test_transformer_lens_shaped_cache(binary, gpt2, handed_over):
    _, _, out = gpt2
    cache = {f"blocks.{l}.attn.hook_pattern": a for l, a in enumerate(out.attentions)}
    cache["blocks.0.hook_resid_pre"] = torch.zeros(1, 3, 8)
    attnviz.explore(cache)
    tensor, _ = read(handed_over[0])
    np.testing.assert_array_equal(tensor, torch.stack(out.attentions)[:, 0].numpy())


def test_run_agrees_with_transformers(binary, gpt2, tiny_gpt2):
    tokenizer, inputs, out = gpt2
    result = attnviz.run(tiny_gpt2, "The quick brown fox jumps over the lazy dog.")
    assert result.token_ids == inputs["input_ids"][0].tolist()
    np.testing.assert_allclose(result.attention, torch.stack(out.attentions)[:, 0].numpy(), atol=1e-4)


def test_real_activation_cache_when_installed(binary, gpt2, handed_over):
    """TransformerLens itself is optional (not installed by setup): skipped, by name, without it."""
    lens = pytest.importorskip("transformer_lens")
    _, _, out = gpt2
    cache = lens.ActivationCache({f"blocks.{l}.attn.hook_pattern": a for l, a in enumerate(out.attentions)}, model=None)
    attnviz.explore(cache)
    tensor, _ = read(handed_over[0])
    np.testing.assert_array_equal(tensor, torch.stack(out.attentions)[:, 0].numpy())
