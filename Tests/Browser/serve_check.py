#!/usr/bin/env python3
"""Drives a running `attnviz serve` in real headless Chromium the way a user would.

    serve_check.py URL --model DIR --upload FILE [--screenshots DIR]

Types a sentence into the text box and submits; checks the explorer's head view draws, with the
tokens the model's own tokenizer (the `tokenizers` library over DIR/tokenizer.json, independent
of attnviz) gives, and every layer and head of the model; then a second sentence (pair); then
uploads FILE through the file picker and checks it is shown. Throughout: zero console errors and
no request to any other origin. Prints one line per check; exits 1 on the first failure.
"""
import argparse, json, os, pathlib, sys, time
from urllib.parse import urlparse

import browser_support  # first: a missing selenium/tokenizers exits 3 (missing tool), not a traceback
browser_support.require_modules("tokenizers")

from selenium.webdriver.common.by import By
from tokenizers import Tokenizer

from browser_support import CheckFailed, check, console_errors, driver as _driver


def driver(width=1280, height=900):
    return _driver(width, height, hide_scrollbars=False)



def foreign_requests(d, origin):
    urls = []
    for entry in d.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith(origin) and not url.startswith("data:") and not url.startswith("blob:"):
                urls.append(url)
    return urls


def wait_for(d, script, timeout=60, what="condition"):
    end = time.time() + timeout
    while time.time() < end:
        value = d.execute_script(script)
        if value:
            return value
        error = d.execute_script("var s=document.getElementById('serve-status'); return s && s.classList.contains('error') ? s.textContent : null")
        if error:
            raise CheckFailed(f"page reported: {error}")
        time.sleep(0.05)
    raise CheckFailed(f"timed out waiting for {what}")


def shown_count(d):
    return d.execute_script("return window.__serveShown || 0")


def submit_text(d, text, pair=""):
    before = shown_count(d)
    for element_id, value in (("serve-text", text), ("serve-pair", pair)):
        box = d.find_element(By.ID, element_id)
        box.clear()
        if value:
            box.send_keys(value)
    d.find_element(By.ID, "serve-run").click()
    wait_for(d, f"return (window.__serveShown || 0) > {before}", what="the attention to be shown")


def head_view_tokens(d):
    """The query tokens as the explorer shows them (its text view lists them as DOM text)."""
    return d.execute_script("""
        const a = window.attnviz, view = a.state().view;
        a.setView('text');
        const tokens = Array.from(document.querySelectorAll('#text-queries > *')).map((e) => e.textContent);
        a.setView(view);
        return tokens;""")


def canvas_ink(d, canvas_id):
    """Fraction of non-background pixels of a canvas, and its CSS size."""
    return d.execute_script("""
        const c = document.getElementById(arguments[0]);
        if (!c || !c.width || !c.height) return [0, 0, 0];
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const bg = [px[0], px[1], px[2], px[3]];
        let ink = 0;
        for (let i = 0; i < px.length; i += 4) {
            if (Math.abs(px[i] - bg[0]) + Math.abs(px[i + 1] - bg[1]) + Math.abs(px[i + 2] - bg[2]) + Math.abs(px[i + 3] - bg[3]) > 30) ink++;
        }
        const r = c.getBoundingClientRect();
        return [ink / (px.length / 4), r.width, r.height];""", canvas_id)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--model", required=True)
    ap.add_argument("--upload", required=True)
    ap.add_argument("--screenshots")
    args = ap.parse_args()
    origin = args.url.rstrip("/")
    tokenizer = Tokenizer.from_file(str(pathlib.Path(args.model) / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    config = json.loads((pathlib.Path(args.model) / "config.json").read_text())
    layers, heads = config["num_hidden_layers"], config["num_attention_heads"]
    shots = pathlib.Path(args.screenshots) if args.screenshots else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)

    d = driver()
    try:
        d.get(args.url)
        info = wait_for(d, "const e = document.getElementById('serve-model'); return e && /layers/.test(e.textContent) ? e.textContent : null",
                        what="the model description")
        check(f"{layers} layers" in info and f"{heads} heads" in info, f"page names the model: {info!r}")

        text = "The quick brown fox jumps over the lazy dog."
        submit_text(d, text)
        expected = tokenizer.encode(text).tokens
        check(d.execute_script("return window.attnviz.state().view") == "head", "the head view is showing")
        shape = d.execute_script("return window.attnviz.shape()")
        check(shape == [layers, heads, len(expected), len(expected)], f"explorer holds every layer and head: shape {shape}")
        shown = head_view_tokens(d)
        check(shown == expected, f"tokens are the tokenizer's: {shown}")
        ink, width, height = canvas_ink(d, "head-canvas")
        check(ink > 0.01 and width > 200 and height > 100, f"head view drew attention lines ({ink:.1%} ink, {width:.0f}x{height:.0f})")
        row_sums = d.execute_script("""
            const a = window.attnviz, [L, H, Q, K] = a.shape(), sums = [];
            for (let q = 0; q < Q; q++) { let s = 0; for (let k = 0; k < K; k++) s += a.weight(L - 1, H - 1, q, k); sums.push(s); }
            return sums;""")
        check(all(abs(s - 1) < 0.05 for s in row_sums), "softmax rows of the last head sum to 1 in the page")
        if shots:
            d.save_screenshot(str(shots / "serve-text.png"))

        first, second = "Where is the bank?", "It is by the river."
        submit_text(d, first, second)
        expected_pair = tokenizer.encode(first, second).tokens
        shown = head_view_tokens(d)
        check(shown == expected_pair, f"a sentence pair shows both sentences: {shown}")
        if shots:
            d.save_screenshot(str(shots / "serve-pair.png"))

        before = shown_count(d)
        d.find_element(By.ID, "serve-file").send_keys(str(pathlib.Path(args.upload).resolve()))
        wait_for(d, f"return (window.__serveShown || 0) > {before}", what="the uploaded file to be shown")
        upload_shape = d.execute_script("return window.attnviz.shape()")
        check(upload_shape is not None and len(upload_shape) == 4, f"uploaded file shown: shape {upload_shape}")
        status = d.find_element(By.ID, "serve-status").text
        check(pathlib.Path(args.upload).name in status, f"status names the file: {status!r}")
        if shots:
            d.save_screenshot(str(shots / "serve-upload.png"))

        errors = console_errors(d)
        check(not errors, f"zero console errors {errors}")
        foreign = foreign_requests(d, origin)
        check(not foreign, f"no request leaves {origin} {foreign}")
    except CheckFailed as failure:
        print(f"FAIL {failure}")
        sys.exit(1)
    finally:
        d.quit()
    print("all serve browser checks passed")


if __name__ == "__main__":
    main()
