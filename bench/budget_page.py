#!/usr/bin/env python3
"""A page made to a size budget (`attnviz explore RUN --max-size 40MB`) in headless chromium:
its size, first paint (the default view drawn) and first complete view (every answer the view
asked the page's own data for, drawn), and the time a head switch takes until drawn complete in
the matrix view (a full-resolution head and top-k heads) and the head view, starting 1.5 s after
the page opened (as a reader looks at the first view; the page inflates its full-resolution
heads in that idle time); console errors and network requests (there must be none). Prints one
JSON object.

Usage: budget_page.py PAGE.html [--switches N]"""
import argparse
import json
import os
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "Tests/Browser"))
import browser_support as bs  # noqa: E402

SWITCH = """
const [l, h, view, done] = [arguments[0], arguments[1], arguments[2], arguments[arguments.length - 1]];
window.attnviz.setView(view);
window.attnviz.whenIdle().then(() => {
  const t0 = performance.now();
  window.attnviz.select(l, h);
  window.attnviz.whenIdle().then((t1) => done(t1 - t0));
});"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page")
    parser.add_argument("--switches", type=int, default=6)
    args = parser.parse_args()
    page = pathlib.Path(args.page).resolve()
    run = json.loads(page.read_text().split('<script id="attnviz-data" type="application/json">', 1)[1].split("</script>", 1)[0])
    L, H = run["shape"][0], run["shape"][1]
    full = [i for i, x in enumerate(run["embedded"]["full"]["heads"]) if x is not None]
    topk = [i for i, x in enumerate(run["embedded"]["full"]["heads"]) if x is None]
    d = bs.driver(1400, 900)
    d.set_script_timeout(120)
    try:
        start = time.time()
        d.get(page.as_uri() + "#v=matrix")
        bs.wait_drawn(d, timeout=120)
        first = d.execute_async_script("const done = arguments[arguments.length - 1]; window.attnviz.whenIdle().then((t) => done([window.attnviz.firstPainted, t]))")
        out = {"page_mb": round(page.stat().st_size / 1e6, 2), "heads": L * H, "full_heads": len(full),
               "first_paint_ms": round(first[0]), "first_complete_ms": round(first[1])}
        time.sleep(1.5)
        times = {"matrix, full-resolution head": [], "matrix, top-k head": [], "head view": []}
        for n in range(args.switches):
            if full:
                i = full[n % len(full)]
                times["matrix, full-resolution head"].append(d.execute_async_script(SWITCH, i // H, i % H, "matrix"))
                # Back to another head so the next switch is one.
                d.execute_async_script(SWITCH, (i // H + 1) % L, i % H, "matrix")
            i = topk[(n * 37) % len(topk)]
            times["matrix, top-k head"].append(d.execute_async_script(SWITCH, i // H, i % H, "matrix"))
            times["head view"].append(d.execute_async_script(SWITCH, (n * 7) % L, 0, "head"))
        out["switch_ms_median"] = {k: round(statistics.median(v), 1) for k, v in times.items() if v}
        out["switch_ms_max"] = {k: round(max(v), 1) for k, v in times.items() if v}
        out["console_errors"] = len(bs.console_errors(d))
        out["network_requests"] = len(bs.foreign_requests(d, page.as_uri()))
        out["wall_s"] = round(time.time() - start, 1)
        print(json.dumps(out))
    finally:
        d.quit()


if __name__ == "__main__":
    main()
