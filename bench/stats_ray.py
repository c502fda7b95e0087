#!/usr/bin/env python3
"""Runs `attnviz stats` as N shards on a Ray cluster and merges them, as a corpus too big for one
machine would be split (start Ray with `ray start --head` on one machine and `ray start
--address=...` on the others; here `ray.init()` starts a local one). Each task runs one shard and
returns its part file's text; the driver writes the parts, merges them with `attnviz stats
--merge`, and checks the result equals a single run's JSON exactly:

    python bench/stats_ray.py ATTNVIZ MODEL CORPUS N SINGLE_RUN.json
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import ray


@ray.remote(num_cpus=1)
def shard(binary, model, corpus, index, count):
    with tempfile.TemporaryDirectory() as work:
        part = os.path.join(work, f"part-{index}.json")
        subprocess.run([binary, "stats", "--model", model, corpus, "--shard", f"{index}/{count}",
                        "--json", part, "--threads", "1", "--quiet"], check=True, stdout=subprocess.DEVNULL)
        return open(part).read()


def main():
    binary, model, corpus, count, single = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    ray.init(num_cpus=os.cpu_count(), include_dashboard=False, log_to_driver=False)
    started = time.perf_counter()
    parts = ray.get([shard.remote(os.path.abspath(binary), model, corpus, i, count) for i in range(count)])
    with tempfile.TemporaryDirectory() as work:
        paths = []
        for i, text in enumerate(parts):
            paths.append(os.path.join(work, f"part-{i}.json"))
            open(paths[-1], "w").write(text)
        merged = os.path.join(work, "merged.json")
        subprocess.run([binary, "stats", "--merge", *paths, "--json", merged], check=True, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        a, b = json.load(open(single)), json.load(open(merged))
    ray.shutdown()
    same = all(a[k] == b[k] for k in ("scores", "confidence95", "sums", "examples", "tokens"))
    print(f"Ray: {count} shards of `attnviz stats` on a local cluster ({os.cpu_count()} CPUs) in {seconds:.1f} s, "
          f"merged with --merge: {'identical to' if same else 'DIFFERENT from'} the single run")
    if not same:
        sys.exit("bench/stats_ray.py: merged shards differ from the single run")


if __name__ == "__main__":
    main()
