#!/usr/bin/env python3
"""Screenshot a text-heat page in headless chromium and report, for every token span, its
intensity (from its inline style), its box, and the screenshot pixel just inside its box's
top-left corner (background, clear of the glyph).

Usage: text_heat_pixels.py PAGE.html [--dark]   -> JSON on stdout:
  {"spans": [{"text": "武", "alpha": 0.7268, "rect": [x, y, w, h], "pixel": [r, g, b]}, ...],
   "scripts": 0, "page": [r, g, b], "dark": true}
"page" is the screenshot pixel at (3, 3), in the body's margin, outside every panel; "dark" is
whether the browser reports prefers-color-scheme: dark to the page.
Used by the Swift browser tests (Tests/CLITests/TextCommandTests.swift); needs selenium and
chromium + chromedriver (scripts/setup --test). A missing one exits 3 naming it (see
Tests/Browser/browser_support.py), never 0.
"""
import base64
import json
import os
import re
import shutil
import struct
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Browser"))
import browser_support  # noqa: E402  (first: a missing selenium exits 3, not a traceback)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


def decode_png(data):
    """Minimal PNG decoder for chromium's 8-bit RGB/RGBA screenshots (no Pillow needed)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        length, = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    bpp = 3 if ctype == 2 else 4
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f = raw[i]; i += 1
        line = bytearray(raw[i:i + stride]); i += stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line); prev = line
    return width, height, bpp, rows


def main():
    page = sys.argv[1]
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1000,900",
                 "--force-device-scale-factor=1", "--hide-scrollbars"):
        options.add_argument(flag)
    if "--dark" in sys.argv:
        options.add_argument("--force-dark-mode")
        options.add_argument("--blink-settings=preferredColorScheme=0")
    os.environ.setdefault("SE_AVOID_STATS", "true")
    browser = (os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
               or shutil.which("google-chrome"))
    options.binary_location = browser_support.require_executable(browser, "chromium")
    driver_path = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
    service = Service(executable_path=browser_support.require_executable(driver_path, "chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.get("file://" + page)
        spans = driver.execute_script("""
            return Array.from(document.querySelectorAll('.tokens span')).map(s => {
              const r = s.getClientRects()[0];
              return {text: s.textContent, style: s.getAttribute('style') || '',
                      rect: r ? [r.x, r.y, r.width, r.height] : null};
            });""")
        scripts = driver.execute_script("return document.scripts.length;")
        dark = driver.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches;")
        shot = base64.b64decode(driver.get_screenshot_as_base64())
    finally:
        driver.quit()
    width, height, bpp, rows = decode_png(shot)
    out = []
    for span in spans:
        m = re.search(r"rgba\(\d+,\d+,\d+,([0-9.]+)\)", span["style"])
        pixel = None
        if span["rect"]:
            x, y = int(span["rect"][0]) + 1, int(span["rect"][1]) + 1
            if 0 <= x < width and 0 <= y < height:
                pixel = list(rows[y][x * bpp:x * bpp + 3])
        out.append({"text": span["text"], "alpha": float(m.group(1)) if m else None,
                    "rect": span["rect"], "pixel": pixel})
    page_pixel = list(rows[3][3 * bpp:3 * bpp + 3])
    json.dump({"spans": out, "scripts": scripts, "page": page_pixel, "dark": dark}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
