#!/usr/bin/env python3
"""PyTorch side of bench/runtime.sh: the same MiniLM forward pass with attentions, timed in
process like `attnviz run --bench-repeat`.

usage: runtime_torch.py MODEL_DIR TEXT_FILE REPEATS THREADS
prints: tokens N median_ms X min_ms Y
"""
import statistics
import sys
import time

import torch
from tokenizers import Tokenizer
from transformers import BertModel


def main():
    model_dir, text_file, repeats, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    text = open(text_file, encoding="utf-8").read()
    tok = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
    tok.no_padding()
    tok.enable_truncation(512)
    e = tok.encode(text)
    ids = torch.tensor([e.ids])
    types = torch.tensor([e.type_ids])
    model = BertModel.from_pretrained(model_dir, attn_implementation="eager").eval()
    times = []
    with torch.inference_mode():
        model(input_ids=ids, token_type_ids=types, output_attentions=True)  # warm-up
        for _ in range(repeats):
            start = time.perf_counter()
            out = model(input_ids=ids, token_type_ids=types, output_attentions=True)
            assert len(out.attentions) == 6
            times.append((time.perf_counter() - start) * 1000)
    print(f"tokens {ids.shape[1]} median_ms {statistics.median(times):.3f} min_ms {min(times):.3f}")


if __name__ == "__main__":
    main()
