"""Conversions of notebook inputs to one float32 array and token strings."""
import numpy as np
import pytest

from attnviz import attention_array, token_strings
from attnviz._convert import as_array


def softmaxed(shape, seed=0):
    values = np.random.default_rng(seed).random(shape).astype(np.float32)
    return values / values.sum(-1, keepdims=True)


class FakeTensor:
    """What as_array uses of a torch tensor: detach, cpu, float, numpy."""

    def __init__(self, array):
        self.array = array
        self.shape = array.shape
        self.calls = []

    def detach(self):
        self.calls.append("detach")
        return self

    def cpu(self):
        self.calls.append("cpu")
        return self

    def float(self):
        self.calls.append("float")
        return FakeTensor(self.array.astype(np.float32))

    def numpy(self):
        return self.array


@pytest.mark.parametrize("shape", [(5, 5), (3, 5, 5), (2, 3, 5, 4)])
def test_ranks_two_to_four_pass_as_float32(shape):
    values = np.random.default_rng(1).random(shape)
    result = attention_array(values)
    assert result.shape == shape and result.dtype == np.float32
    np.testing.assert_array_equal(result, values.astype(np.float32))


def test_rank_five_with_batch_one_either_place():
    values = softmaxed((2, 3, 4, 4))
    np.testing.assert_array_equal(attention_array(values[:, None]), values)   # torch.stack(out.attentions)
    np.testing.assert_array_equal(attention_array(values[None]), values)      # [1, layers, ...]
    with pytest.raises(ValueError, match="batch of 1"):
        attention_array(np.zeros((2, 2, 3, 4, 4)))


def test_rank_one_and_six_are_refused():
    with pytest.raises(ValueError, match="rank 2 to 5"):
        attention_array(np.zeros(4))
    with pytest.raises(ValueError, match="rank 2 to 5"):
        attention_array(np.zeros((1, 1, 1, 1, 2, 2)))


def test_hugging_face_attentions_tuple_stacks_layers():
    values = softmaxed((3, 2, 5, 5))
    layers = tuple(FakeTensor(values[l][None].astype(np.float16)) for l in range(3))
    result = attention_array(layers)
    assert result.shape == (3, 2, 5, 5) and result.dtype == np.float32
    np.testing.assert_allclose(result, values, atol=1e-3)  # float16 in, float32 out
    assert layers[0].calls[:3] == ["detach", "cpu", "float"]


def test_hugging_face_batch_above_one_is_refused():
    with pytest.raises(ValueError, match="batch of 2"):
        attention_array((np.zeros((2, 2, 3, 3)),) * 2)


def test_layers_of_different_shapes_are_refused():
    with pytest.raises(ValueError, match="same shape"):
        attention_array((np.zeros((1, 2, 3, 3)), np.zeros((1, 2, 4, 4))))


def test_transformer_lens_cache_keys_in_layer_order():
    values = softmaxed((3, 2, 4, 4))
    cache = {"blocks.0.hook_resid_pre": np.zeros((1, 4, 8))}
    for l in (2, 0, 1):  # insertion order is not layer order
        cache[f"blocks.{l}.attn.hook_pattern"] = values[l][None]
    np.testing.assert_array_equal(attention_array(cache), values)
    # remove_batch_dim=True caches hold [heads, q, k]
    np.testing.assert_array_equal(attention_array({f"blocks.{l}.attn.hook_pattern": values[l] for l in range(3)}), values)


def test_cache_with_a_missing_layer_or_no_patterns_is_refused():
    with pytest.raises(ValueError, match="not \\[1\\]"):
        attention_array({"blocks.0.attn.hook_pattern": np.zeros((1, 1, 2, 2)), "blocks.2.attn.hook_pattern": np.zeros((1, 1, 2, 2))})
    with pytest.raises(ValueError, match="hook_pattern"):
        attention_array({"blocks.0.hook_resid_pre": np.zeros((1, 2, 2))})


def test_non_numeric_is_refused():
    with pytest.raises(TypeError, match="numeric"):
        as_array(np.array(["a", "b"]))


def test_tokens_as_strings_or_refused():
    assert token_strings(["a", "b"]) == ["a", "b"]
    assert token_strings(None) is None
    with pytest.raises(TypeError, match="list of strings"):
        token_strings("a b")
    with pytest.raises(TypeError, match="tokenizer="):
        token_strings([1, 2])
    with pytest.raises(ValueError, match="input ids"):
        token_strings(None, tokenizer=object())


def test_hf_tokenizer_ids_decode_readably(tiny_gpt2):
    import tokenizers  # a test tool (scripts/setup --test): missing, the test fails
    tokenizer = tokenizers.Tokenizer.from_file(str(tiny_gpt2 / "tokenizer.json"))
    encoding = tokenizer.encode("The quick brown fox")
    assert any(piece.startswith("Ġ") for piece in encoding.tokens)  # the raw pieces are byte-level
    ids = np.array([encoding.ids])                                    # batch 1, as input_ids
    strings = token_strings(ids, tokenizer=tokenizer)
    assert "".join(strings) == "The quick brown fox"
    assert not any("Ġ" in s for s in strings)
    assert token_strings({"input_ids": encoding.ids}, tokenizer=tokenizer) == strings
