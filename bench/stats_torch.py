#!/usr/bin/env python3
"""Reference for bench/stats.sh: the head scores of `attnviz stats`, token-weighted over a corpus,
computed with PyTorch + transformers in one process (eager attention, output_attentions=True):

    python bench/stats_torch.py MODEL_DIR CORPUS THREADS OUT.json

Each line is an example (a tab starts the second sentence of a pair; blank lines are skipped);
per score and head it sums the per-query values (A one head's matrix): first A[q,0], self A[q,q],
previous A[q,q-1], next A[q,q+1], entropy -sum A ln A, special / punctuation (weight on those
keys), duplicate / induction (weight on earlier copies of the token / on the token after them).
Writes the means as {"scores": {name: [[per head] per layer]}, "examples", "tokens", "seconds"}.
"""
import json
import sys
import time
import unicodedata

import torch

NAMES = ["first", "self", "previous", "next", "entropy", "special", "punctuation", "duplicate", "induction"]


def is_punctuation(token):
    t = token.strip()
    if t.startswith("##"):
        t = t[2:]
    t = t.lstrip("\u2581")
    return bool(t) and all(unicodedata.category(c).startswith("P") for c in t)


def main():
    from transformers import AutoModel, AutoTokenizer
    model_dir, corpus, threads, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    torch.set_num_threads(threads)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModel.from_pretrained(model_dir, attn_implementation="eager").eval()
    sums, counts = None, None
    examples = tokens = 0
    started = time.perf_counter()
    with open(corpus, encoding="utf-8") as f, torch.inference_mode():
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                continue
            text, _, pair = line.partition("\t")
            enc = tokenizer(text, pair if _ else None, truncation=True, max_length=512,
                            return_special_tokens_mask=True, return_tensors="pt")
            special_mask = enc.pop("special_tokens_mask")[0].bool()
            ids = enc["input_ids"][0]
            att = torch.stack(model(**enc, output_attentions=True).attentions)[:, 0].double()  # [L, H, T, T]
            layers, heads, t, _ = att.shape
            if sums is None:
                sums = {n: torch.zeros(layers, heads, dtype=torch.float64) for n in NAMES}
                counts = {n: 0 for n in NAMES}
            toks = tokenizer.convert_ids_to_tokens(ids)
            punct = torch.tensor([is_punctuation(x) for x in toks])
            q = torch.arange(t)
            sums["first"] += att[..., 0].sum(-1)
            sums["self"] += att[..., q, q].sum(-1)
            sums["previous"] += att[..., q[1:], q[1:] - 1].sum(-1)
            sums["next"] += att[..., q[:-1], q[:-1] + 1].sum(-1)
            plogp = torch.where(att > 0, att * torch.log(att.clamp_min(1e-300)), torch.zeros_like(att))
            sums["entropy"] += -plogp.sum((-1, -2))
            sums["special"] += att[..., special_mask].sum((-1, -2))
            sums["punctuation"] += att[..., punct].sum((-1, -2))
            same = ids[:, None] == ids[None, :]
            dup = torch.tril(same, diagonal=-1).double()
            ind = torch.zeros(t, t, dtype=torch.float64)
            ind[:, 1:] = dup[:, :-1]
            ind = torch.tril(ind)
            sums["duplicate"] += (att * dup).sum((-1, -2))
            sums["induction"] += (att * ind).sum((-1, -2))
            for n in NAMES:
                counts[n] += t - 1 if n in ("previous", "next") else t
            examples += 1
            tokens += t
    seconds = time.perf_counter() - started
    scores = {n: (sums[n] / counts[n]).tolist() for n in NAMES}
    json.dump({"scores": scores, "examples": examples, "tokens": tokens, "seconds": seconds}, open(out, "w"))


if __name__ == "__main__":
    main()
