#!/usr/bin/env python3
"""Checks, in headless chromium, what an explorer page of `attnviz run --generate --explore`
marks: generated tokens (labels and text-view tokens in tab:blue, a boundary line in the
matrix), query heads labelled by their key/value group, and the raw bytes of partial tokens in
the tooltip; with zero console errors.

    generated_check.py PAGE.html TOKENIZER.json PROMPT HEADS KV_HEADS

The prompt's length and which of its tokens hold part of a character come from the `tokenizers`
library (and GPT-2's byte alphabet), not from the page.
"""
import sys
import time

from selenium.webdriver.common.actions.action_builder import ActionBuilder

from browser_support import check, driver, wait_drawn, run_checks, check_console_clean

BLUE = (31, 119, 180)



def byte_alphabet():
    """GPT-2's bytes_to_unicode, inverted: printable stand-in character -> byte."""
    printable = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[chr(b)] = b
        else:
            table[chr(256 + extra)] = b
            extra += 1
    return table


def partial_tokens(tokenizer_path, prompt):
    from tokenizers import Tokenizer
    alphabet = byte_alphabet()
    encoding = Tokenizer.from_file(tokenizer_path).encode(prompt)
    partial = []
    for i, token in enumerate(encoding.tokens):
        try:
            bytes(alphabet[c] for c in token).decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            partial.append(i)
    return len(encoding.ids), partial


def main(page, tokenizer_path, prompt, heads, kv_heads):
    heads, group = int(heads), int(heads) // int(kv_heads)
    g, partial = partial_tokens(tokenizer_path, prompt)
    check(partial, f"the prompt has partial tokens ({partial})")
    d = driver(1400, 900)
    try:
        d.get(f"file://{page}#v=matrix&l=0&h=0")
        wait_drawn(d)
        n = d.execute_script("return window.attnviz.shape()")[2]
        check(n > g, f"{n - g} tokens generated after the {g}-token prompt")
        options = d.execute_script("return Array.from(document.getElementById('head').options).map(o => o.textContent)")
        check(options == [f"head {h} · kv {h // group}" for h in range(heads)], f"head menu names each head's kv group: {options}")
        groups = d.execute_script("return Array.from(document.querySelectorAll('.kv-group')).map(s => s.textContent)")
        check(groups == [f"kv {i}" for i in range(heads // group)], f"head chips are grouped by kv head: {groups}")
        # The matrix: a boundary line drawn in tab:blue (no colormap colour is near it).
        blue = d.execute_script("""
            const c = document.querySelector('#matrix-host canvas');
            const img = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < img.length; i += 4) {
              if (Math.abs(img[i] - 31) + Math.abs(img[i + 1] - 119) + Math.abs(img[i + 2] - 180) < 30) n++;
            }
            return n;""")
        check(blue > 200, f"matrix draws the prompt/generated boundary and blue labels ({blue} px)")
        # The tooltip over a generated query and a partial key token.
        q, k = n - 1, partial[0]
        point = d.execute_script("return window.attnviz.cellCenter(arguments[0], arguments[1])", q, k)
        builder = ActionBuilder(d)
        builder.pointer_action.move_to_location(int(round(point["x"])), int(round(point["y"])))
        builder.perform()
        time.sleep(0.2)
        tip = d.execute_script("return document.getElementById('tooltip').textContent")
        lines = tip.split("\n")
        check(len(lines) >= 2 and "(generated)" in lines[0], f"tooltip says the query was generated: {lines[0]!r}")
        check("bytes " in lines[1], f"tooltip gives a partial token's raw bytes: {lines[1]!r}")
        # The text view: generated query tokens in blue, the prompt's in the page colour.
        d.get(f"file://{page}#v=text&l=0&h=0")
        wait_drawn(d)
        spans = d.execute_script("""
            return Array.from(document.querySelectorAll('#text-queries span')).map(s =>
              [s.classList.contains('generated'), getComputedStyle(s).color])""")
        check(len(spans) == n, f"text view lists all {n} query tokens")
        check([m for m, _ in spans] == [i >= g for i in range(n)], "exactly the generated tokens are marked")
        check(all(c == "rgb(31, 119, 180)" for m, c in spans if m), "generated tokens are tab:blue")
        check(all(c != "rgb(31, 119, 180)" for m, c in spans if not m), "prompt tokens are not")
        check_console_clean(d)
    finally:
        d.quit()


if __name__ == "__main__":
    run_checks(main, sys.argv[1:6])
