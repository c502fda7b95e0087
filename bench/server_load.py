#!/usr/bin/env python3
"""Bounded load test for `attnviz serve` on loopback (used by bench/server.sh).

Sends N POST /api/attention requests with short texts from C threads (one keep-alive
connection each), samples the server's RSS from /proc while it runs, and prints p50/p99
latency, throughput, status counts and the RSS trend. Exits 1 on any error other than 429,
or when RSS keeps growing. Stdlib only; talks to 127.0.0.1 only.
"""
import argparse, http.client, json, statistics, sys, threading, time

TEXTS = [
    "The cat sat on the mat.",
    "Attention is all you need.",
    "武汉市长江大桥",
    "A quick brown fox jumps over the lazy dog.",
    "She said \"hello\" and left </script>.",
    "Transformers look at every token at once.",
    "The bank raised interest rates again.",
    "I went to the river bank to fish.",
]

def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--label", default="load")
    ap.add_argument("--expect-429", action="store_true", help="the queue is meant to overflow")
    args = ap.parse_args()

    lock = threading.Lock()
    next_index = [0]
    latencies, statuses, errors = [], {}, []
    rss_samples = []
    done = threading.Event()

    def sampler():
        while not done.is_set():
            try:
                rss_samples.append((time.monotonic(), rss_kb(args.pid)))
            except OSError:
                pass
            time.sleep(0.1)

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        while True:
            with lock:
                i = next_index[0]
                if i >= args.requests:
                    break
                next_index[0] += 1
            body = json.dumps({"text": TEXTS[i % len(TEXTS)]})
            start = time.perf_counter()
            try:
                conn.request("POST", "/api/attention", body=body, headers={"Content-Type": "application/json"})
                resp = conn.getresponse()
                payload = resp.read()
                elapsed = time.perf_counter() - start
                ok = resp.status == 200
                if ok:
                    doc = json.loads(payload)
                    ok = doc["tokens"][0] == "[CLS]" and doc["attention"]["format"] == "attnviz-explorer/1"
                with lock:
                    statuses[resp.status] = statuses.get(resp.status, 0) + 1
                    if resp.status == 200:
                        latencies.append(elapsed)
                    if not ok and resp.status != 429:
                        errors.append(f"HTTP {resp.status}: {payload[:120]!r}")
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
            except Exception as e:  # connection-level failure: an error
                with lock:
                    errors.append(f"{type(e).__name__}: {e}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        conn.close()

    rss_before = rss_kb(args.pid)
    threading.Thread(target=sampler, daemon=True).start()
    threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
    t0 = time.perf_counter()
    for t in threads: t.start()
    for t in threads: t.join()
    wall = time.perf_counter() - t0
    done.set()
    time.sleep(0.2)
    rss_after = rss_kb(args.pid)

    n_ok = len(latencies)
    lat = sorted(latencies)
    pct = lambda p: lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))] * 1000 if lat else float("nan")
    # Memory steadiness: compare the peak of the second half with the peak of the first half.
    samples = [kb for _, kb in rss_samples] or [rss_after]
    half = len(samples) // 2 or 1
    first_peak, second_peak = max(samples[:half]), max(samples[half:] or samples)
    growth_mb = (second_peak - first_peak) / 1024
    steady = growth_mb <= max(16, first_peak / 1024 * 0.10)

    print(f"[{args.label}] {args.requests} requests, concurrency {args.concurrency}: "
          f"{wall:.2f} s, {args.requests / wall:.1f} req/s ({n_ok / wall:.1f} ok/s)")
    print(f"[{args.label}] latency of 200s: p50 {pct(50):.1f} ms, p99 {pct(99):.1f} ms, max {pct(100):.1f} ms")
    print(f"[{args.label}] statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())) + f", errors: {len(errors)}")
    print(f"[{args.label}] server RSS: before {rss_before / 1024:.1f} MB, peak first half {first_peak / 1024:.1f} MB, "
          f"peak second half {second_peak / 1024:.1f} MB, after {rss_after / 1024:.1f} MB -> {'steady' if steady else 'GROWING'}")
    failed = False
    for e in errors[:5]:
        print(f"[{args.label}] error: {e}", file=sys.stderr)
    if errors:
        failed = True
    other = {k: v for k, v in statuses.items() if k not in (200, 429)}
    if other:
        print(f"[{args.label}] unexpected statuses {other}", file=sys.stderr); failed = True
    if not args.expect_429 and statuses.get(429):
        print(f"[{args.label}] note: {statuses[429]} requests got 429 (queue full)")
    if args.expect_429 and not statuses.get(429):
        print(f"[{args.label}] expected some 429s with a tiny queue, got none", file=sys.stderr); failed = True
    if not steady:
        print(f"[{args.label}] server memory grew by {growth_mb:.1f} MB", file=sys.stderr); failed = True
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
