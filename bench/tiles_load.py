#!/usr/bin/env python3
"""Deep-zoom tile latency against a running `attnviz serve --file RUN` (see bench/tiles.sh).

Requests, one at a time on a keep-alive connection, a mix a page zooming around would make:
  top      the top-level tile of every head (cold: nothing computed yet)
  mid      tiles of the levels between (a zoom path towards the diagonal and a few random ones)
  level0   exact tiles (mostly near the diagonal, where causal attention lives, some anywhere)
  cached   the same tiles again, shuffled (answered from the server's tile cache)
Checks every body is 2·256·256 Float32; prints p50/p99 ms per class and overall, and the
server's peak RSS (VmHWM) when --pid is given. Exits non-zero on any failed request.
"""
import argparse, http.client, json, random, sys, time


def percentile(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--pid", type=int)
    ap.add_argument("--mid", type=int, default=90)
    ap.add_argument("--level0", type=int, default=90)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=120)

    def get(path):
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        ms = (time.perf_counter() - start) * 1000
        return response.status, body, ms

    status, body, _ = get("/api/runs/file")
    if status != 200:
        sys.exit(f"tiles_load: GET /api/runs/file answered {status}: {body[:200]!r}")
    run = json.loads(body)
    L, H, Q, K = run["shape"]
    size, top = run["tileSize"], run["topLevel"]

    def tiles_at(level):
        side = size << level
        return (Q + side - 1) // side, (K + side - 1) // side

    plan = {"top": [], "mid": [], "level0": []}
    heads = [(l, h) for l in range(L) for h in range(H)]
    for l, h in heads:
        plan["top"].append((l, h, top, 0, 0))
    mids = list(range(1, top))
    for i in range(args.mid if mids else 0):
        l, h = rng.choice(heads)
        z = mids[i % len(mids)] if mids else 0
        rows, cols = tiles_at(z)
        if i % 3 == 2:  # anywhere
            ty, tx = rng.randrange(rows), rng.randrange(cols)
        else:           # on or next to the diagonal
            ty = rng.randrange(rows); tx = max(0, min(cols - 1, ty - (i % 2)))
        plan["mid"].append((l, h, z, ty, tx))
    rows, cols = tiles_at(0)
    for i in range(args.level0):
        l, h = rng.choice(heads)
        if i % 4 == 3:
            ty, tx = rng.randrange(rows), rng.randrange(cols)
        else:
            ty = rng.randrange(rows); tx = max(0, ty - rng.randrange(2))
        plan["level0"].append((l, h, 0, ty, tx))

    latencies = {}
    failures = 0

    def fetch(label, tiles):
        nonlocal failures
        for l, h, z, ty, tx in tiles:
            status, body, ms = get(f"/api/runs/file/tile?layer={l}&head={h}&level={z}&row={ty}&column={tx}")
            if status != 200 or len(body) != 2 * size * size * 4:
                failures += 1
                print(f"tiles_load: {label} L{l} H{h} z{z} ({ty},{tx}): status {status}, {len(body)} bytes", file=sys.stderr)
            latencies.setdefault(label, []).append(ms)

    for label in ["top", "mid", "level0"]:
        fetch(label, plan[label])
    again = plan["top"] + plan["mid"] + plan["level0"]
    rng.shuffle(again)
    fetch("cached", again)

    print(f"run: [{L}, {H}, {Q}, {K}], tile {size}, top level {top}")
    print(f"{'class':<8} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    everything = []
    for label in ["top", "mid", "level0", "cached"]:
        v = latencies.get(label, [])
        everything += v
        print(f"{label:<8} {len(v):8d} {percentile(v, 50):8.1f} {percentile(v, 99):8.1f} {max(v) if v else float('nan'):8.1f}")
    print(f"{'all':<8} {len(everything):8d} {percentile(everything, 50):8.1f} {percentile(everything, 99):8.1f} {max(everything):8.1f}")
    status, body, _ = get("/healthz")
    if args.pid:
        with open(f"/proc/{args.pid}/status") as f:
            for line in f:
                if line.startswith(("VmHWM", "VmRSS", "RssAnon", "RssFile")):
                    kb = int(line.split()[1])
                    print(f"server {line.split(':')[0]}: {kb / 1024:.0f} MB")
    p50, p99 = percentile(everything, 50), percentile(everything, 99)
    print(f"targets: p50 <= 50 ms ({'ok' if p50 <= 50 else 'MISSED'}), p99 <= 250 ms ({'ok' if p99 <= 250 else 'MISSED'})")
    if failures:
        sys.exit(f"tiles_load: {failures} requests failed")


if __name__ == "__main__":
    main()
