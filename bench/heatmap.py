#!/usr/bin/env python3
"""Benchmark helper for bench/heatmap.sh.

  heatmap.py --attnviz BIN            generate inputs, time both tools, print the table, check bars
  heatmap.py seaborn IN.npy TOKENS OUT  the seaborn side: what a user of the note's genpic.py runs

Both tools get the same .npy matrix and tokens file and draw the same figure: YlOrRd, x tick
labels on top, horizontal y labels, colour bar, automatic label thinning, 6.4x4.8 in at 100 dpi.
Each measurement is a whole process (interpreter/binary start, imports, reading, drawing,
writing); the median of several runs is reported.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARS = {("png", 2048): {"speed": 30}, ("svg", 512): {"speed": 50, "size": 40}}


def seaborn_main(path, tokens_path, out):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd
    import seaborn as sns

    # The note's font hack, with a font that exists here, so Chinese labels render.
    plt.rcParams["font.sans-serif"] = ["WenQuanYi Micro Hei", "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    matrix = np.load(path)
    with open(tokens_path, encoding="utf-8") as f:
        tokens = f.read().split("\n")[: matrix.shape[0]]
    frame = pd.DataFrame(matrix, index=tokens, columns=tokens)
    ax = sns.heatmap(frame, cmap="YlOrRd", xticklabels="auto", yticklabels="auto")
    ax.xaxis.tick_top()
    ax.set_yticklabels(ax.get_yticklabels(), rotation=0)
    plt.savefig(out, dpi=100)


VOCAB = ["[CLS]", "the", "Ġquick", "##est", "Ġinternational", "▁transformer", "attention", "##s", ",", ".",
         "Ġ2026", "武", "汉", "市", "长", "江", "大", "桥", "naïve", "##ization", "ĠThe", "'s", "Ġ(", ")",
         "[SEP]", "Ġunbelievably", "##ly", "Ġmodel", "Ġweights"]

SEED = [[0.1, 0.9, 1, 0.05, 0.09, 0.03, 0.2], [0, 0.2, 0.1, 0.03, 0.04, 0.02, 0.07],
        [0, 0, 0.1, 0.01, 0.02, 0.03, 0.05], [0, 0, 0, 0.25, 0.1, 0.08, 0.09],
        [0, 0, 0, 0, 0.15, 0.04, 0.015], [0, 0, 0, 0, 0, 0.14, 0.15], [0, 0, 0, 0, 0, 0, 0.12]]


def make_inputs(folder):
    import numpy as np

    rng = np.random.default_rng(2021)
    inputs = {}
    for n in (7, 512, 2048):
        if n == 7:
            matrix = np.array(SEED, dtype=np.float32)
            tokens = list("武汉市长江大桥")
        else:
            # BERT-like attention: softmax over noisy logits with a locality bias and a [CLS] sink.
            i = np.arange(n)
            logits = rng.normal(size=(n, n)) * 1.5 - np.abs(i[:, None] - i[None, :]) / 8.0
            logits[:, 0] += 3
            logits -= logits.max(axis=1, keepdims=True)
            matrix = np.exp(logits)
            matrix = (matrix / matrix.sum(axis=1, keepdims=True)).astype(np.float32)
            tokens = [VOCAB[(k * 7 + k // 3) % len(VOCAB)] for k in range(n)]
        npy = os.path.join(folder, f"attn{n}.npy")
        np.save(npy, matrix)
        txt = os.path.join(folder, f"tokens{n}.txt")
        with open(txt, "w", encoding="utf-8") as f:
            f.write("\n".join(tokens) + "\n")
        inputs[n] = (npy, txt)
    return inputs


def timed(command, runs):
    """Median wall time and median CPU time (user + sys of the whole child process)."""
    walls, cpus = [], []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        stderr = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        if child.returncode != 0:
            sys.exit(f"bench: {' '.join(command)} failed: {stderr.decode(errors='replace')}")
    return statistics.median(walls), statistics.median(cpus)


def kb(n):
    return f"{n / 1024:.0f} KB" if n < 10 << 20 else f"{n / (1 << 20):.1f} MB"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--attnviz", required=True)
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "5")))
    parser.add_argument("--seaborn-runs", type=int, default=int(os.environ.get("BENCH_SEABORN_RUNS", "3")))
    args = parser.parse_args()
    python = sys.executable
    me = os.path.abspath(__file__)
    failed = []
    with tempfile.TemporaryDirectory(prefix="attnviz-bench-") as folder:
        inputs = make_inputs(folder)
        cases = [("png", 7), ("png", 512), ("png", 2048), ("svg", 512)]
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; times are medians of whole processes")
        print(f"{'case':<10}{'attnviz wall/cpu':>20}{'seaborn wall/cpu':>20}{'faster wall/cpu':>18}"
              f"{'attnviz':>11}{'seaborn':>11}{'smaller':>9}")
        for fmt, n in cases:
            npy, txt = inputs[n]
            ours = os.path.join(folder, f"attnviz{n}.{fmt}")
            theirs = os.path.join(folder, f"seaborn{n}.{fmt}")
            wall_ours, cpu_ours = timed([args.attnviz, "heatmap", npy, "--tokens-file", txt, "-o", ours], args.runs)
            wall_theirs, cpu_theirs = timed([python, me, "seaborn", npy, txt, theirs], args.seaborn_runs)
            s_ours, s_theirs = os.path.getsize(ours), os.path.getsize(theirs)
            # On a shared machine wall time includes waiting for a core; CPU time is the work
            # each process did. The bar is checked on both and must hold on at least CPU time.
            speed_wall, speed = wall_theirs / wall_ours, cpu_theirs / cpu_ours
            size = s_theirs / s_ours
            print(f"{fmt.upper() + ' ' + str(n):<10}{wall_ours * 1000:>9.0f}/{cpu_ours * 1000:.0f} ms"
                  f"{wall_theirs * 1000:>10.0f}/{cpu_theirs * 1000:.0f} ms{speed_wall:>10.1f}/{speed:.1f}x"
                  f"{kb(s_ours):>11}{kb(s_theirs):>11}{size:>8.1f}x")
            bar = BARS.get((fmt, n), {})
            if "speed" in bar and speed < bar["speed"]:
                failed.append(f"{fmt.upper()} {n}: {speed:.1f}x faster, bar {bar['speed']}x")
            if "size" in bar and size < bar["size"]:
                failed.append(f"{fmt.upper()} {n}: {size:.1f}x smaller, bar {bar['size']}x")
    for (fmt, n), bar in BARS.items():
        print(f"bar {fmt.upper()} {n}: " + ", ".join(f">= {v}x {'faster (CPU time)' if k == 'speed' else 'smaller'}" for k, v in bar.items()))
    if failed:
        print("MISSED: " + "; ".join(failed))
        sys.exit(1)
    print("all heatmap bars met")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "seaborn":
        seaborn_main(*sys.argv[2:5])
    else:
        main()
