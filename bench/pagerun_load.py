"""Drives a page-started long run against `attnviz serve --model` (see bench/pagerun.sh).

POSTs a text of --words words to /api/attention, expects 202 naming a run, polls
GET /api/runs/{run} every 0.5 s as the page does (recording the states and layers it reports),
then fetches a top-level tile of the last layer's first head and checks it is a pooled map of
weights (finite maxima in (0, 1], NaN only outside the matrix). Prints one line per measure.
"""
import argparse
import json
import math
import random
import struct
import sys
import time
import urllib.error
import urllib.request


def request(url, body=None, timeout=60):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def rss_mb(pid, field="VmHWM"):
    """The server's peak (VmHWM) or current (VmRSS) resident memory in MB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--words", type=int, default=8182)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    random.seed(8192)
    words = ("attention lets every token look at every other token in the sentence and the model learns which ones "
             "matter for the meaning of each word in its context while long documents repeat facts").split()
    text = " ".join(random.choice(words) for _ in range(args.words))

    start = time.perf_counter()
    status, body = request(base + "/api/attention", {"text": text})
    accepted = time.perf_counter() - start
    if status != 202:
        sys.exit(f"pagerun: POST /api/attention answered {status}: {body[:300]!r}")
    answer = json.loads(body)
    run, tokens, shape = answer["run"], answer["tokens"], answer["shape"]
    seen = []
    while True:
        status, body = request(f"{base}/api/runs/{run}")
        if status == 200:
            break
        if status != 202:
            sys.exit(f"pagerun: GET /api/runs/{run} answered {status}: {body[:300]!r}")
        progress = json.loads(body)
        seen.append((progress["state"], progress["layersDone"]))
        time.sleep(0.5)
    ready = time.perf_counter() - start
    description = json.loads(body)
    layers = sorted({done for state, done in seen if state == "running"})

    top = description["topLevel"]
    layer, head = shape[0] - 1, 0
    tile_start = time.perf_counter()
    status, tile = request(f"{base}/api/runs/{run}/tile?layer={layer}&head={head}&level={top}&row=0&column=0")
    tile_ms = (time.perf_counter() - tile_start) * 1000
    if status != 200:
        sys.exit(f"pagerun: tile answered {status}: {tile[:300]!r}")
    maxima = struct.unpack(f"<{256 * 256}f", tile[: 4 * 256 * 256])
    cells = math.ceil(tokens / 2 ** top)
    inside = [maxima[i * 256 + j] for i in range(cells) for j in range(cells)]
    outside = [maxima[i * 256 + j] for i in range(256) for j in range(256) if i >= cells or j >= cells]
    low, high = min(inside), max(inside)
    if not (0 <= low and high <= 1 + 1e-6 and high > 0) or not all(math.isnan(v) for v in outside):
        sys.exit(f"pagerun: the top-level tile is not a pooled map of weights: {cells} cells a side, maxima in "
                 f"[{low}, {high}], {sum(not math.isnan(v) for v in outside)} values outside the matrix")

    print(f"tokens {tokens}, shape {shape}")
    print(f"202 Accepted after {accepted * 1000:.0f} ms (tokenising; the request ends there)")
    print(f"run {run} served after {ready:.1f} s; polls saw {len(seen)} answers, "
          f"layers {layers[0] if layers else '-'}..{layers[-1] if layers else '-'} of {shape[0]} running")
    print(f"top-level tile (level {top}) of layer {layer} head {head}: {tile_ms:.0f} ms cold")
    # SmolLM2's head size is 64; query heads share kv heads in groups of kvGroupSize.
    kv_heads = shape[1] // description["kvGroupSize"]
    held_mb = 4 * (shape[0] * (shape[1] + kv_heads) * tokens * 64 + shape[0] * shape[1] * tokens) / 1e6
    time.sleep(1)  # a trim after the run, if any, has happened
    print(f"server VmHWM {rss_mb(args.pid):.0f} MB, VmRSS {rss_mb(args.pid, 'VmRSS'):.0f} MB after the run "
          f"(it holds the run's {held_mb:.0f} MB of queries, keys and normalisers)")
    if ready <= 30:
        print("note: the run took less than the default --timeout here, so this run did not need the background path")


main()
