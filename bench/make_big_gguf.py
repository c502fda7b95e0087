#!/usr/bin/env python3
"""Writes a large synthetic Llama GGUF for bench/big_gguf.sh: TinyLlama-1.1B's shapes (22 layers,
hidden 2048, 32 query heads sharing 4 key/value heads, intermediate 5632) with random weights,
every matrix Q4_0 (norms F32), and the tiny Llama 3-style BPE vocabulary of the test fixtures
(700 tokens), so the ~1B parameters are all in the layers: 0.55 GB on disk, 3.9 GB in Float32.

    python bench/make_big_gguf.py OUT.gguf
"""
import json
import os
import sys

import numpy as np
import gguf

LAYERS, HIDDEN, HEADS, KV, INNER = 22, 2048, 32, 4, 5632
HEAD = HIDDEN // HEADS
ROOT = os.path.join(os.path.dirname(__file__), "..")


def main(path):
    fixture = os.path.join(ROOT, "Tests", "TransformerRuntimeTests", "Fixtures", "llama3-bpe", "tokenizer.json")
    data = json.load(open(fixture, encoding="utf-8"))
    vocab = data["model"]["vocab"]
    tokens = [None] * len(vocab)
    for token, i in vocab.items():
        tokens[i] = token
    rng = np.random.default_rng(0)
    w = gguf.GGUFWriter(path, "llama")
    w.add_context_length(4096)
    w.add_embedding_length(HIDDEN)
    w.add_block_count(LAYERS)
    w.add_feed_forward_length(INNER)
    w.add_head_count(HEADS)
    w.add_head_count_kv(KV)
    w.add_rope_freq_base(10000.0)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_vocab_size(len(tokens))
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("llama-bpe")
    w.add_token_list(tokens)
    w.add_token_types([gguf.TokenType.CONTROL if t == "<|begin_of_text|>" else gguf.TokenType.NORMAL for t in tokens])
    w.add_token_merges([" ".join(m) if isinstance(m, list) else m for m in data["model"]["merges"]])
    w.add_bos_token_id(vocab["<|begin_of_text|>"])
    w.add_add_bos_token(True)

    def matrix(name, rows, cols):
        values = (rng.standard_normal((rows, cols), dtype=np.float32) * (1 / np.sqrt(cols))).astype(np.float32)
        q = gguf.quants.quantize(values, gguf.GGMLQuantizationType.Q4_0)
        w.add_tensor(name, q, raw_shape=q.shape, raw_dtype=gguf.GGMLQuantizationType.Q4_0)

    def norm(name):
        w.add_tensor(name, np.ones(HIDDEN, dtype=np.float32))

    matrix("token_embd.weight", len(tokens), HIDDEN)
    for l in range(LAYERS):
        p = f"blk.{l}."
        norm(p + "attn_norm.weight")
        matrix(p + "attn_q.weight", HIDDEN, HIDDEN)
        matrix(p + "attn_k.weight", KV * HEAD, HIDDEN)
        matrix(p + "attn_v.weight", KV * HEAD, HIDDEN)
        matrix(p + "attn_output.weight", HIDDEN, HIDDEN)
        norm(p + "ffn_norm.weight")
        matrix(p + "ffn_gate.weight", INNER, HIDDEN)
        matrix(p + "ffn_up.weight", INNER, HIDDEN)
        matrix(p + "ffn_down.weight", HIDDEN, INNER)
        print(f"layer {l + 1}/{LAYERS}", file=sys.stderr, end="\r")
    norm("output_norm.weight")
    matrix("output.weight", len(tokens), HIDDEN)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    print(file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
