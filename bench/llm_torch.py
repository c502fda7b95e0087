#!/usr/bin/env python3
"""PyTorch side of bench/llm.sh: SmolLM2 loaded by transformers' own GGUF loader (dequantized to
float32, the same weights attnviz uses), forward pass with output_attentions=True and eager
attention, timed in process like `attnviz run --bench-repeat`.

usage: llm_torch.py GGUF_FILE IDS_FILE REPEATS THREADS
prints: tokens N median_ms X min_ms Y
"""
import os
import statistics
import sys
import time

import torch
from transformers import AutoModelForCausalLM


def main():
    gguf, ids_file, repeats, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    ids = torch.tensor([[int(x) for x in open(ids_file).read().split()]])
    model = AutoModelForCausalLM.from_pretrained(os.path.dirname(gguf), gguf_file=os.path.basename(gguf),
                                                 attn_implementation="eager", dtype=torch.float32).eval()
    times = []
    with torch.inference_mode():
        model.model(input_ids=ids, output_attentions=True)  # warm-up
        for _ in range(repeats):
            start = time.perf_counter()
            out = model.model(input_ids=ids, output_attentions=True)
            assert len(out.attentions) == 30
            times.append((time.perf_counter() - start) * 1000)
            del out
    print(f"tokens {ids.shape[1]} median_ms {statistics.median(times):.3f} min_ms {min(times):.3f}")


if __name__ == "__main__":
    main()
