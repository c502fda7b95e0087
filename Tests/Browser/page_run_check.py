#!/usr/bin/env python3
"""Runs started from the serve page get deep zoom (#13 item 3), in headless Chromium.

    page_run_check.py URL --upload FACTORED.safetensors [--screenshots DIR]

URL is `attnviz serve --model llama-tiny --dense-max-tokens 8`: a decoder, so a text of more
than 8 tokens is kept as queries and keys and served as a run. Checks: the example sentence (more
than 8 tokens) opens as run r1 whose tiles the page asks the server for, and the status says the
tokens, the shape and that the server computes it as you look; a short text comes back dense;
a long text sent and at once replaced by a short one shows the short one (the latest request
wins); while a long run is computed in the background the status says whether it waits and
which layer it is at (the first polls answered as a slow run answers them); a run's tooltip gives an emoji piece's
raw bytes, as a dense payload's does; a `--keep qk` file uploaded through the file picker opens as run u1. Throughout: zero
console errors and no request to another origin. Prints one line per check; exits 1 on the first
failure.
"""
import argparse, json, pathlib, sys, time, urllib.request

import browser_support  # first: a missing selenium exits 3 (missing tool), not a traceback

from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By

from browser_support import CheckFailed, check, console_errors, wait_for, driver, foreign_requests

LONG = "The animal didn't cross the street because it was too tired, so it lay down."


# Answers the first three polls of a page-started run as a run still waiting, then running
# (layer 2 of 2, 2.4 s), and records every status text shown meanwhile.
FAKE_SLOW_RUN = """
window.__statusSeen = [];
window.__realFetch = window.fetch;
let polls = 0;
window.fetch = function (url, options) {
  if (typeof url === "string" && /^\\/api\\/runs\\/r[0-9]+$/.test(url) && polls < 3) {
    const state = polls++ === 0 ? "waiting" : "running";
    return window.__realFetch(url, options).then((real) => real.json().then((body) => {
      const n = body.queryTokens ? body.queryTokens.length : body.tokens;
      const status = {id: url.split("/").pop(), state: state, title: "t", tokens: n, shape: [2, 4, n, n],
                      layersDone: state === "waiting" ? 0 : 1, seconds: state === "waiting" ? 0 : 2.4};
      return new Response(JSON.stringify(status), {status: 202, headers: {"Content-Type": "application/json"}});
    }));
  }
  return window.__realFetch(url, options);
};
const box = document.getElementById("serve-status");
new MutationObserver(() => window.__statusSeen.push(box.textContent))
  .observe(box, {childList: true, characterData: true, subtree: true});
"""


def status(d):
    return d.find_element(By.ID, "serve-status").text


def requested(d, fragment):
    return d.execute_script("return performance.getEntriesByType('resource').map((e) => e.name)"
                            f".filter((n) => n.includes({fragment!r})).length")


def wait_idle(d):
    wait_for(d, "return !!(window.attnviz.remoteIdle && window.attnviz.remoteIdle())", what="the run's tiles to arrive")


def submit(d, texts):
    """Sends each text in turn without waiting in between; waits for the last to be shown."""
    before = d.execute_script("return window.__serveShown || 0")
    box = d.find_element(By.ID, "serve-text")
    for text in texts:
        box.clear()
        box.send_keys(text)
        d.find_element(By.ID, "serve-run").click()
    wait_for(d, f"return (window.__serveShown || 0) > {before} && !document.getElementById('serve-status').classList.contains('busy')",
             what="the answer to be shown")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--upload", required=True)
    ap.add_argument("--screenshots")
    args = ap.parse_args()
    origin = args.url.rstrip("/")
    shots = pathlib.Path(args.screenshots) if args.screenshots else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    d = driver(1280, 900)
    try:
        d.get(args.url)
        wait_for(d, "return (window.__serveShown || 0) >= 1", what="the example sentence to be shown on load")
        wait_idle(d)
        shown = status(d)
        shape = d.execute_script("return window.attnviz.shape()")
        check(shape is not None and shape[:2] == [2, 4] and shape[2] == shape[3] > 8,
              f"the example sentence is shown as a run of {shape}")
        check("run r1" in shown and f"{shape[2]} tokens" in shown and "computed by the server as you look" in shown,
              f"the status says run, tokens and how it is computed: {shown!r}")
        check(requested(d, "/api/runs/r1/") > 0, "the page asked the server for r1's tiles")
        if shots:
            d.save_screenshot(str(shots / "page-run.png"))

        submit(d, ["Hi"])
        shown, shape = status(d), d.execute_script("return window.attnviz.shape()")
        check("computed by the server" not in shown and "2 layers × 4 heads" in shown and shape[2] <= 8,
              f"a short text comes back dense: {shown!r} {shape}")

        submit(d, [LONG, "Hi"])
        time.sleep(0.5)  # the long text's answer, arriving late, must not replace the short one
        shown, shape = status(d), d.execute_script("return window.attnviz.shape()")
        check("computed by the server" not in shown and shape[2] <= 8, f"the latest request wins: {shown!r} {shape}")

        submit(d, [LONG + " Then it slept."])
        wait_idle(d)
        shown = status(d)
        check("run r3" in shown and "computed by the server as you look" in shown, f"a long text opens as a new run: {shown!r}")
        check(requested(d, "/api/runs/r3/") > 0, "the page asked the server for r3's tiles")

        # A long run is computed in the background (202) and the page polls /api/runs/{id}.
        # llama-tiny is done before the first poll, so the first polls of r4 are answered with
        # what a slow run answers (the server side of it is PageRunTests'): the status follows them.
        d.execute_script(FAKE_SLOW_RUN)
        submit(d, [LONG + " It was late."])
        wait_idle(d)
        seen = d.execute_script("window.fetch = window.__realFetch; return window.__statusSeen")
        n = d.execute_script("return window.attnviz.shape()")[2]
        check(any("Run r4 · " in t and "waiting for a worker" in t for t in seen), f"the status says the run waits: {seen!r}")
        check(any(f"Computing run r4 · {n} tokens · layer 2 of 2 · 2 s" in t for t in seen),
              f"the status counts the layers and seconds of the run: {seen!r}")
        shown = status(d)
        check("run r4" in shown and "computed by the server as you look" in shown, f"the run opens once ready: {shown!r}")

        # The run keeps its tokens' annotations: the tooltip over an emoji's piece gives its bytes.
        submit(d, [LONG + " 🙂"])
        wait_idle(d)
        with urllib.request.urlopen(args.url.rstrip("/") + "/api/runs/r5") as answer:
            meta = json.loads(answer.read())
        partial = [i for i, b in enumerate(meta.get("tokenBytes") or []) if b]
        check(len(partial) > 0, f"run r5 carries the bytes of its emoji's pieces: {meta.get('tokenBytes')!r}")
        d.find_element(By.CSS_SELECTOR, 'button[data-view="matrix"]').click()
        wait_idle(d)
        q = meta["shape"][2] - 1
        point = d.execute_script("return window.attnviz.cellCenter(arguments[0], arguments[1], 16)", q, partial[0])
        check(point is not None, "the emoji's cell is in the matrix")
        wait_idle(d)
        builder = ActionBuilder(d)
        builder.pointer_action.move_to_location(int(round(point["x"])), int(round(point["y"])))
        builder.perform()
        time.sleep(0.3)
        tip = d.execute_script("return document.getElementById('tooltip').textContent")
        check(f"bytes {meta['tokenBytes'][partial[0]]}" in tip, f"the tooltip gives the piece's raw bytes: {tip!r}")
        if shots:
            d.save_screenshot(str(shots / "page-run-bytes.png"))
        d.find_element(By.CSS_SELECTOR, 'button[data-view="head"]').click()

        before = d.execute_script("return window.__serveShown || 0")
        d.find_element(By.ID, "serve-file").send_keys(str(pathlib.Path(args.upload).resolve()))
        wait_for(d, f"return (window.__serveShown || 0) > {before}", what="the uploaded run to be shown")
        wait_idle(d)
        shown = status(d)
        check(pathlib.Path(args.upload).name in shown and "run u1" in shown and "computed by the server as you look" in shown,
              f"an uploaded --keep qk file opens as a run: {shown!r}")
        check(requested(d, "/api/runs/u1/") > 0, "the page asked the server for u1's tiles")

        errors = console_errors(d)
        check(not errors, f"zero console errors {errors}")
        foreign = foreign_requests(d, origin)
        check(not foreign, f"no request leaves {origin} {foreign}")
    except CheckFailed as failure:
        print(f"FAIL {failure}")
        sys.exit(1)
    finally:
        d.quit()
    print("all page run browser checks passed")


if __name__ == "__main__":
    main()
