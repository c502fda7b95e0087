#!/usr/bin/env python3
"""Drives a running `attnviz serve` in real headless Chromium the way a user would.

    serve_check.py URL --model DIR --upload FILE [--empty-url URL2] [--screenshots DIR]

The page opens on its example sentence already shown (tokens as the model's own tokenizer, the
`tokenizers` library over DIR/tokenizer.json, gives them), under a compact form that does not
widen the page. Types a sentence into the text box and submits; checks the explorer's head view
draws, with the tokenizer's tokens and every layer and head of the model; then a sentence pair
sent with Ctrl+Enter from the second box; an input the model refuses (too long) leaves the
previous result dimmed and says so; an emoji's [UNK] token names the emoji in its tooltip; the
dark theme covers the form (readable title, dark boxes); then uploads FILE through the file
picker, checks it is shown and the text boxes no longer claim to be what is shown. URL2, a server
without a model, opens on the drop zone alone: no empty explorer, no developer message.
Throughout: zero console errors and no request to any other origin. Prints one line per check;
exits 1 on the first failure.
"""
import argparse, json, os, pathlib, sys, time
from urllib.parse import urlparse

import browser_support  # first: a missing selenium/tokenizers exits 3 (missing tool), not a traceback
browser_support.require_modules("tokenizers")

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from tokenizers import Tokenizer

from browser_support import CheckFailed, check, console_errors, wait_for, driver as _driver, foreign_requests


def driver(width=1280, height=900):
    return _driver(width, height, hide_scrollbars=False)



def luminance(css):
    """WCAG relative luminance of a computed `rgb(...)`/`rgba(...)` colour."""
    parts = [float(x) for x in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
    lin = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in parts]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def style(d, selector, prop):
    return d.execute_script("return getComputedStyle(document.querySelector(arguments[0]))[arguments[1]]", selector, prop)


def ctrl_enter(d, element_id, value):
    """Sets a box's text (emoji included, which chromedriver cannot type) and sends Ctrl+Enter from it."""
    before = shown_count(d)
    d.execute_script("document.getElementById(arguments[0]).value = arguments[1]", element_id, value)
    d.find_element(By.ID, element_id).send_keys(Keys.CONTROL, Keys.ENTER)
    return before


def text_view_titles(d):
    return d.execute_script("""
        const a = window.attnviz, view = a.state().view;
        a.setView('text');
        const titles = Array.from(document.querySelectorAll('#text-queries > span')).map((e) => [e.textContent, e.title]);
        a.setView(view);
        return titles;""")


def check_empty_server(d, url):
    d.get(url)
    wait_for(d, "const e = document.getElementById('serve-model'); return e && /no model/.test(e.textContent)", what="the no-model notice")
    check(d.execute_script("return getComputedStyle(document.querySelector('header.bar')).display") == "none",
          "without a model and data the explorer's empty bar is hidden")
    body = d.execute_script("return document.body.innerText")
    check("window.attnviz.load" not in body and "Waiting for attention" not in body, "no developer message on the page")
    check(d.find_element(By.ID, "serve-drop").is_displayed() and not d.find_element(By.ID, "serve-text").is_displayed(),
          "the drop zone is shown, the text box (useless without a model) is not")
    check("Drop an attention file" in d.find_element(By.ID, "serve-status").text, "the status says what to do")


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
    ap.add_argument("--empty-url", help="a server started without a model")
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

        # The example sentence is real text and is shown on load.
        wait_for(d, "return (window.__serveShown || 0) >= 1", what="the example sentence to be shown on load")
        example = d.find_element(By.ID, "serve-text").get_attribute("value")
        check(len(example.split()) >= 5, f"the text box holds a real example sentence: {example!r}")
        shown = head_view_tokens(d)
        check(shown == tokenizer.encode(example).tokens, f"the example's attention is shown on load: {shown}")
        panel = d.execute_script("return document.getElementById('serve-panel').getBoundingClientRect().height")
        check(panel <= 150, f"the form is compact: {panel:.0f} px tall")
        overflow = d.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        check(overflow <= 0, f"the form does not widen the page (overflow {overflow} px)")

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

        # Ctrl+Enter from the second box sends the pair.
        first, second = "The bank was closed.", "We sat by the river bank."
        d.execute_script("document.getElementById('serve-text').value = arguments[0]", first)
        before = ctrl_enter(d, "serve-pair", second)
        wait_for(d, f"return (window.__serveShown || 0) > {before}", what="Ctrl+Enter in the second box")
        shown = head_view_tokens(d)
        check(shown == tokenizer.encode(first, second).tokens, "Ctrl+Enter in the second box shows the pair")
        d.execute_script("document.getElementById('serve-pair').value = ''")

        # A refused input: the previous result stays, dimmed, and the status says so.
        shape_before = d.execute_script("return window.attnviz.shape()")
        errors = console_errors(d)
        check(not errors, f"zero console errors so far {errors}")
        ctrl_enter(d, "serve-text", "x." * 600)  # 1,200 characters, 1,202 tokens: over MiniLM's 512
        message = None
        end = time.time() + 30
        while time.time() < end and not message:
            message = d.execute_script("var s=document.getElementById('serve-status'); return s.classList.contains('error') ? s.textContent : null")
            time.sleep(0.05)
        check(message is not None and "512" in message and "still showing" in message, f"a too-long text is one clear error naming what is still shown: {message!r}")
        # The dimming fades in over 0.15 s: poll for it.
        end = time.time() + 3
        opacity = float(style(d, "main", "opacity"))
        while opacity >= 0.6 and time.time() < end:
            time.sleep(0.05)
            opacity = float(style(d, "main", "opacity"))
        check(d.execute_script("return document.body.classList.contains('serve-stale')") and opacity < 0.6,
              f"the previous result is dimmed (opacity {opacity})")
        check(d.execute_script("return window.attnviz.shape()") == shape_before, "the previous result is still the one shown")
        # Chromium logs the refused request's 400 itself; that one line, and nothing else, is expected.
        errors = [e for e in console_errors(d)
                  if not (e.get("source") == "network" and "/api/attention" in e["message"] and "status of 400" in e["message"])]
        check(not errors, f"the refusal logs nothing but its 400 {errors}")
        if shots:
            d.save_screenshot(str(shots / "serve-stale.png"))

        # An emoji is [UNK] to MiniLM: its tooltip says which text it stands for.
        before = ctrl_enter(d, "serve-text", "I like 🙂 pizza")
        wait_for(d, f"return (window.__serveShown || 0) > {before}", what="the emoji sentence")
        check(not d.execute_script("return document.body.classList.contains('serve-stale')"), "a good answer undims the view")
        titles = text_view_titles(d)
        unknown = [title for text, title in titles if text == "[UNK]"]
        check(unknown and "🙂" in unknown[0] and "vocabulary" in unknown[0], f"the [UNK] token's tooltip names the emoji: {titles}")

        # The dark theme covers the form.
        d.find_element(By.ID, "theme").click()
        wait_for(d, "return document.documentElement.dataset.theme === 'dark'", what="the dark theme")
        panel_bg, title_fg = style(d, "#serve-panel", "backgroundColor"), style(d, ".serve-head strong", "color")
        box_bg, box_fg = style(d, "#serve-text", "backgroundColor"), style(d, "#serve-text", "color")
        check(luminance(panel_bg) < 0.05 and luminance(box_bg) < 0.05, f"dark theme: the form and its boxes are dark ({panel_bg}, {box_bg})")
        check(contrast(title_fg, panel_bg) >= 7 and contrast(box_fg, box_bg) >= 7,
              f"dark theme: title and typed text readable (contrast {contrast(title_fg, panel_bg):.1f}, {contrast(box_fg, box_bg):.1f})")
        if shots:
            d.save_screenshot(str(shots / "serve-dark.png"))
        d.find_element(By.ID, "theme").click()

        before = shown_count(d)
        d.find_element(By.ID, "serve-file").send_keys(str(pathlib.Path(args.upload).resolve()))
        wait_for(d, f"return (window.__serveShown || 0) > {before}", what="the uploaded file to be shown")
        upload_shape = d.execute_script("return window.attnviz.shape()")
        check(upload_shape is not None and len(upload_shape) == 4, f"uploaded file shown: shape {upload_shape}")
        status = d.find_element(By.ID, "serve-status").text
        check(pathlib.Path(args.upload).name in status, f"status names the file: {status!r}")
        check(d.find_element(By.ID, "serve-text").get_attribute("value") == "", "after an upload the text box no longer claims to be what is shown")
        if shots:
            d.save_screenshot(str(shots / "serve-upload.png"))

        errors = console_errors(d)
        check(not errors, f"zero console errors {errors}")
        foreign = foreign_requests(d, origin)
        check(not foreign, f"no request leaves {origin} {foreign}")
        if args.empty_url:
            check_empty_server(d, args.empty_url)
            if shots:
                d.save_screenshot(str(shots / "serve-empty.png"))
            errors = console_errors(d)
            check(not errors, f"zero console errors without a model {errors}")
    except CheckFailed as failure:
        print(f"FAIL {failure}")
        sys.exit(1)
    finally:
        d.quit()
    print("all serve browser checks passed")


if __name__ == "__main__":
    main()
