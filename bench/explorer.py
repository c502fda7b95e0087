#!/usr/bin/env python3
"""Benchmarks `attnviz explore` on a [6, 12, 512, 512] tensor (the shape of MiniLM-L6 at 512
tokens): page size, first paint and head-switch time in headless Chromium, against the size of
the JSON bertviz would embed for the same weights (computed for real with Python's json module,
the way bertviz's head_view/model_view build `params`: nested lists of floats from
`attention.tolist()`, plus the token lists). Then the same for a real model run: `attnviz run
--model MODEL TEXT --explore` over the first 4,000 characters of --text (MiniLM and the GPL-3
text make 512 tokens, the model's limit). Sizes are the page, its payload JSON and the
compressed weights inside it. Exits 1 when a bar is missed.

The weights are softmax attention with the structures real heads show (a sink on the first
token, previous-token, self and diffuse heads), seeded, so every run measures the same data.
"""
import argparse, base64, json, os, pathlib, statistics, subprocess, sys, tempfile, time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "Tests" / "Browser"))
import explorer_check  # noqa: E402  (the browser checks' Chromium driver)

L, H, N, D = 6, 12, 512, 32
BARS = {"page_mb": 12.0, "real_page_mb": 4.2, "first_paint_ms": 1500.0, "head_switch_ms": 50.0}
REAL_TEXT_CHARS = 4000


def attention(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N, D)).astype(np.float32)
    pos = np.arange(N)
    out = np.empty((L, H, N, N), np.float32)
    for l in range(L):
        x = x + 0.5 * rng.standard_normal((N, D)).astype(np.float32)
        for h in range(H):
            wq = rng.standard_normal((D, D)).astype(np.float32) / np.sqrt(D)
            wk = rng.standard_normal((D, D)).astype(np.float32) / np.sqrt(D)
            s = (x @ wq) @ (x @ wk).T / np.sqrt(D) * rng.uniform(1, 4)
            kind = h % 4
            if kind == 0:
                s[:, 0] += rng.uniform(2, 6)
            elif kind == 1:
                s += -0.5 * np.abs(pos[:, None] - pos[None, :] - 1)
            elif kind == 2:
                s[pos, pos] += 4
            s -= s.max(axis=1, keepdims=True)
            e = np.exp(s)
            out[l, h] = e / e.sum(axis=1, keepdims=True)
    return out


def bertviz_json_bytes(att, tokens):
    """Bytes of json.dumps(params) as bertviz builds it, streamed head by head so the
    18.9 million Python floats never exist at once (the text is identical)."""
    params = {"attention": [{"name": None, "attn": "@ATTN@", "left_text": tokens, "right_text": tokens}],
              "default_filter": "0", "root_div_id": "bertviz-0123456789abcdef0123456789abcdef",
              "layer": None, "heads": None, "include_layers": list(range(att.shape[0]))}
    skeleton = json.dumps(params)
    total = len(skeleton.encode()) - len('"@ATTN@"')
    total += 1 + (att.shape[0] - 1) * 2 + 1  # outer [ ], ", " between layers
    for l in range(att.shape[0]):
        total += 1 + (att.shape[1] - 1) * 2 + 1
        for h in range(att.shape[1]):
            total += len(json.dumps(att[l, h].tolist()).encode())
    return total


def payload_sizes(page):
    """(payload JSON bytes, compressed weight bytes) of the data inlined in an explorer page."""
    html = pathlib.Path(page).read_text(encoding="utf-8")
    start = html.index('<script id="attnviz-data" type="application/json">')
    start = html.index(">", start) + 1
    end = html.index("</script>", start)
    payload = json.loads(html[start:end])
    return len(html[start:end].encode()), len(base64.b64decode(payload["data"])), payload["shape"]


def measure(page, runs, switches):
    d = explorer_check.driver(1280, 900)
    try:
        paints, drawn, fcp, switch = [], [], [], {"matrix": [], "head": []}
        url = pathlib.Path(page).resolve().as_uri()
        for _ in range(runs):
            d.get("about:blank")
            d.get(url)
            explorer_check.wait_ready(d, timeout=60)
            end = time.time() + 10
            while d.execute_script("return window.attnviz.firstPainted") is None and time.time() < end:
                time.sleep(0.02)
            paints.append(d.execute_script("return window.attnviz.firstPainted"))
            drawn.append(d.execute_script("return window.attnviz.firstDrawn"))
            entries = d.execute_script("return performance.getEntriesByType('paint').map(e => [e.name, e.startTime])")
            fcp.extend(t for n, t in entries if n == "first-contentful-paint")
        errors = explorer_check.console_errors(d)
        requests = explorer_check.network_requests(d, url)
        painted = {"matrix": [], "head": []}
        for view in ("matrix", "head"):
            d.execute_script("window.attnviz.setView(arguments[0])", view)
            for i in range(switches):
                l, h = (i * 5) % L, (i * 7 + 1) % H
                # Redraw time (synchronous) and time until the frame showing it has been painted
                # (the next animation frame, then a task after it).
                js, total = d.execute_async_script("""
                    const done = arguments[arguments.length - 1], t0 = performance.now();
                    const js = window.attnviz.select(arguments[0], arguments[1]);
                    requestAnimationFrame(() => setTimeout(() => done([js, performance.now() - t0]), 0));""", l, h)
                switch[view].append(js)
                painted[view].append(total)
        return {"first_paint": paints, "first_drawn": drawn, "fcp": fcp, "switch": switch, "painted": painted,
                "errors": errors, "requests": requests}
    finally:
        d.quit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--attnviz", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--switches", type=int, default=24)
    parser.add_argument("--model", required=True, help="MiniLM's folder (scripts/fetch-model)")
    parser.add_argument("--text", required=True, help="text file; its first 4,000 characters are run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="attnviz-bench-explorer-") as tmp:
        tmp = pathlib.Path(tmp)
        att = attention()
        np.save(tmp / "attn.npy", att)
        words = ["the", "river", "bank", "was", "steep", "and", "武", "汉", "市", "长", "江", "大", "桥", "[SEP]"]
        tokens = ["[CLS]"] + [words[i % len(words)] for i in range(N - 2)] + ["[SEP]"]
        (tmp / "tokens.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
        results = {}
        for precision in ("u8", "f16"):
            page = tmp / f"page-{precision}.html"
            t0 = time.perf_counter()
            subprocess.run([args.attnviz, "explore", str(tmp / "attn.npy"), "--tokens-file", str(tmp / "tokens.txt"),
                            "--precision", precision, "-o", str(page)], check=True, stdout=subprocess.DEVNULL)
            write_s = time.perf_counter() - t0
            results[precision] = (page.stat().st_size, write_s, measure(page, args.runs if precision == "u8" else 2, args.switches))
        bertviz = bertviz_json_bytes(att, tokens)
        real_page = tmp / "page-real.html"
        text = pathlib.Path(args.text).read_text(encoding="utf-8")[:REAL_TEXT_CHARS]
        t0 = time.perf_counter()
        subprocess.run([args.attnviz, "run", "--model", args.model, text, "--explore", str(real_page)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        real_s = time.perf_counter() - t0
        real = (real_page.stat().st_size, payload_sizes(real_page), measure(real_page, 2, 4))
        synthetic_payload = payload_sizes(tmp / "page-u8.html")

    size, write_s, m = results["u8"]
    first_paint = statistics.median(m["first_paint"])
    matrix_switch = statistics.median(m["switch"]["matrix"])
    head_switch = statistics.median(m["switch"]["head"])
    worst_switch = max(max(m["switch"]["matrix"]), max(m["switch"]["head"]))
    print(f"explorer [6,12,512,512]  ({L * H * N * N:,} weights, float32 input {L * H * N * N * 4 / 1e6:.1f} MB)")
    print(f"  page size u8 (default)   {size / 1e6:8.2f} MB   (bar <= {BARS['page_mb']:.0f} MB)   written in {write_s:.2f} s")
    f16_size, f16_write, f16m = results["f16"]
    print(f"  payload u8               {synthetic_payload[0] / 1e6:8.2f} MB JSON, weights {synthetic_payload[1] / 1e6:.2f} MB compressed (base64 in the JSON)")
    print(f"  page size f16            {f16_size / 1e6:8.2f} MB   written in {f16_write:.2f} s; first paint {statistics.median(f16m['first_paint']):.0f} ms")
    print(f"  bertviz JSON, same data  {bertviz / 1e6:8.2f} MB   -> explorer u8 is {bertviz / size:.0f}x smaller, f16 {bertviz / f16_size:.0f}x")
    print(f"  first paint (median of {len(m['first_paint'])}) {first_paint:6.0f} ms   (bar <= {BARS['first_paint_ms']:.0f} ms; first view drawn {statistics.median(m['first_drawn']):.0f} ms,"
          f" first-contentful-paint {statistics.median(m['fcp']) if m['fcp'] else float('nan'):.0f} ms)")
    matrix_painted = statistics.median(m["painted"]["matrix"])
    head_painted = statistics.median(m["painted"]["head"])
    print(f"  head switch, redraw      matrix view {matrix_switch:5.1f} ms, head view {head_switch:5.1f} ms (median of {len(m['switch']['head'])}; worst {worst_switch:.1f} ms)")
    print(f"  head switch, to painted  matrix view {matrix_painted:5.1f} ms, head view {head_painted:5.1f} ms (median)   (bar <= {BARS['head_switch_ms']:.0f} ms)")
    print(f"  console errors {len(m['errors'])}, network requests {len(m['requests'])}")
    real_size, (real_json, real_weights, real_shape), rm = real
    print(f"MiniLM run over the first {REAL_TEXT_CHARS:,} characters of {args.text}: {real_shape}, written in {real_s:.1f} s")
    print(f"  page size u8             {real_size / 1e6:8.2f} MB   (bar <= {BARS['real_page_mb']} MB)")
    print(f"  payload u8               {real_json / 1e6:8.2f} MB JSON, weights {real_weights / 1e6:.2f} MB compressed (base64 in the JSON)")
    print(f"  first paint (median of {len(rm['first_paint'])}) {statistics.median(rm['first_paint']):6.0f} ms; console errors {len(rm['errors'])}, network requests {len(rm['requests'])}")
    ok = (size / 1e6 <= BARS["page_mb"] and real_size / 1e6 <= BARS["real_page_mb"] and not rm["errors"] and not rm["requests"]
          and statistics.median(rm["first_paint"]) <= BARS["first_paint_ms"]
          and first_paint <= BARS["first_paint_ms"] and max(matrix_painted, head_painted) <= BARS["head_switch_ms"]
          and not m["errors"] and not m["requests"])
    print(f"  bars: {'met' if ok else 'MISSED'} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
