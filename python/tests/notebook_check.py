"""Runs python/notebooks/demo.ipynb in a real Jupyter kernel (nbclient), exports it to HTML
with nbconvert and opens the export in headless chromium: the explorer renders inside its
output cell, its weights equal the notebook's input within the 8-bit step, switching head
works, the heatmap PNG has the size asked for, zero console errors, no network requests.

    python python/tests/notebook_check.py [--input numpy|hf|tl] [--out DIR] [--screenshot PNG]

Needs ATTNVIZ_BIN (or a findable binary); --input hf/tl need torch, transformers and
ATTNVIZ_TINY_MODEL. Exits 3 with "missing tool: ..." when a tool is missing, 1 on a failed
check. Prints one line per check.
"""
import argparse
import base64
import json
import os
import struct
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "Tests" / "Browser"))
from browser_support import CheckFailed, check, console_errors, driver, require_modules, wait_drawn  # noqa: E402

require_modules("numpy", "nbclient", "nbconvert", "nbformat", "ipykernel", "safetensors")

import nbformat  # noqa: E402
import numpy as np  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbconvert import HTMLExporter  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

NOTEBOOK = REPO / "python" / "notebooks" / "demo.ipynb"


def execute(source, out):
    """Executes the notebook with ATTNVIZ_NOTEBOOK_INPUT=source; returns it and the input the
    notebook saved for comparison."""
    expected_path = out / "expected.npy"
    os.environ["ATTNVIZ_NOTEBOOK_INPUT"] = source
    os.environ["ATTNVIZ_NOTEBOOK_EXPECTED"] = str(expected_path)
    pythonpath = [str(REPO / "python")] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join(pythonpath)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    started = time.time()
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(out)}}).execute()
    print(f"ok   notebook ran in a {notebook.metadata.get('kernelspec', {}).get('name')} kernel ({time.time() - started:.1f} s)")
    nbformat.write(notebook, out / "executed.ipynb")
    return notebook, np.load(expected_path)


def export(notebook, out):
    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(HERE / "templates")])
    body, _ = exporter.from_notebook_node(notebook)
    path = out / "notebook.html"
    path.write_text(body, encoding="utf-8")
    print(f"ok   nbconvert wrote {path} ({len(body) / 1e6:.2f} MB)")
    return path


def png_size(data):
    check(data[:8] == b"\x89PNG\r\n\x1a\n", "the heatmap output is a PNG")
    return struct.unpack(">II", data[16:24])


def network_requests(d):
    urls = []
    for entry in d.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return [u for u in urls if not u.startswith(("file:", "data:", "blob:", "about:"))]


def wait_for(d, script, expected, timeout=10):
    """Polls `script` until it returns `expected` (or the timeout passes); returns its last value."""
    deadline = time.time() + timeout
    value = d.execute_script(script)
    while value != expected and time.time() < deadline:
        time.sleep(0.05)
        value = d.execute_script(script)
    return value


def check_notebook_outputs(notebook, expected):
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    errors = [o for o in outputs if o.output_type == "error"]
    check(not errors, "no cell raised" + (f" ({errors[0].ename}: {errors[0].evalue})" if errors else ""))
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream" and o.name == "stdout").strip()
    print(f"ok   the notebook's input: {printed}")
    html = [o.data["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    check(any('sandbox="allow-scripts' in h and "srcdoc=" in h for h in html),
          "explore() displays as a sandboxed iframe with srcdoc")
    pngs = [base64.b64decode(o.data["image/png"]) for o in outputs if "image/png" in o.get("data", {})]
    check(len(pngs) == 1, "heatmap() displays as one PNG")
    check(png_size(pngs[0]) == (500, 400), f"the heatmap PNG is 5x4 in at 100 dpi = 500x400 pixels ({png_size(pngs[0])})")


def check_browser(html_path, expected, source, screenshot):
    d = driver(1400, 900)
    try:
        d.get(html_path.as_uri())
        frames = d.find_elements("css selector", ".jp-OutputArea-output iframe")
        check(len(frames) == 2, f"two iframes inside output cells (explorer, text heat): {len(frames)}")
        explorer = frames[0]
        check(explorer.get_attribute("sandbox") == "allow-scripts allow-downloads", "the explorer's frame is sandboxed (scripts, no same origin)")
        cell = d.execute_script("return arguments[0].closest('.jp-OutputArea-output').getBoundingClientRect()", explorer)
        box = d.execute_script("return arguments[0].getBoundingClientRect()", explorer)
        check(box["left"] >= cell["left"] - 0.5 and box["right"] <= cell["right"] + 0.5 and box["height"] >= 600,
              f"the explorer fits its output cell ({box['width']:.0f}x{box['height']:.0f} in {cell['width']:.0f} wide)")
        spill = d.execute_script("const o = arguments[0].closest('.jp-OutputArea-output'); return o.scrollWidth - o.clientWidth", explorer)
        check(spill <= 0, f"the explorer's frame adds no horizontal scrollbar to its output cell (spill {spill} px)")
        d.execute_script("arguments[0].scrollIntoView()", explorer)
        d.switch_to.frame(explorer)
        wait_drawn(d)
        check(d.execute_script("try { return !!window.parent.document.body; } catch (e) { return false; }") is False,
              "the explorer's script cannot reach the notebook (opaque origin)")
        shape = d.execute_script("return window.attnviz.shape()")
        check(shape == list(expected.shape), f"the page's shape {shape} is the input's {list(expected.shape)}")
        values = np.array(d.execute_script("""
            const [L, H, Q, K] = window.attnviz.shape(), out = [];
            for (let l = 0; l < L; l++) for (let h = 0; h < H; h++) for (let q = 0; q < Q; q++)
              for (let k = 0; k < K; k++) out.push(window.attnviz.weight(l, h, q, k));
            return out;""")).reshape(expected.shape)
        heads = expected.reshape(shape[0], shape[1], -1)
        step = (np.maximum(heads.max(axis=2), 0) - np.minimum(heads.min(axis=2), 0)) / 255
        tolerance = (step / 2 * 1.001 + 1e-7)[:, :, None, None]
        worst = float(np.max(np.abs(values - expected) - tolerance))
        check(worst <= 0, f"every weight in the page is the input's within half an 8-bit step ({expected.size} values)")
        tokens = d.execute_script("return JSON.parse(document.getElementById('attnviz-data').textContent).queryTokens")
        if source == "numpy":
            check(tokens == ["The", "cat", "sat", "on", "the", "mat", "."], f"tokens as given: {tokens}")
        else:
            check("".join(tokens) == "The quick brown fox jumps over the lazy dog." and not any("Ġ" in t for t in tokens),
                  f"tokens decoded readably (no Ġ, they join to the text): {tokens}")
        # Switch head with the page's own controls, as a user does: the head menu, then the arrow key.
        drawn = d.execute_script("return document.getElementById('head-canvas').toDataURL()")
        Select(d.find_element("id", "head")).select_by_value("1")
        check(wait_for(d, "return window.attnviz.state().head", 1) == 1, "choosing head 1 in the Head menu shows head 1")
        redrawn = d.execute_script("return document.getElementById('head-canvas').toDataURL()")
        check(redrawn != drawn, "the view is drawn again for head 1")
        d.execute_script("document.activeElement.blur(); window.focus();")
        ActionChains(d).send_keys(Keys.ARROW_RIGHT).perform()
        check(wait_for(d, "return window.attnviz.state().head", 2) == 2, "the right arrow key moves to head 2")
        if screenshot:
            # The cell as a reader sees it after switching heads (before Copy link's message).
            d.switch_to.default_content()
            d.execute_script("arguments[0].closest('.jp-Cell').scrollIntoView({block: 'start'})", explorer)
            time.sleep(0.3)
            d.save_screenshot(str(screenshot))
            cell = d.execute_script("return arguments[0].closest('.jp-Cell')", explorer)
            cell.screenshot(str(screenshot.with_name(screenshot.stem + "-cell.png")))
            print(f"ok   screenshot {screenshot}")
            d.switch_to.frame(explorer)
        d.find_element("id", "link").click()
        status = d.execute_script("return document.getElementById('status').textContent")
        check("save the page" in status, f"Copy link inside the notebook says to save the page ({status!r})")
        overflow = d.execute_script("const e = document.documentElement; return [e.scrollWidth - e.clientWidth, e.scrollHeight - e.clientHeight]")
        check(overflow[0] <= 0 and overflow[1] <= 0, f"the explorer needs no scrolling inside its frame (overflow {overflow})")
        d.switch_to.default_content()
        errors = console_errors(d)
        check(not errors, f"zero console errors ({errors[:3]})")
        requests = network_requests(d)
        check(not requests, f"no network requests ({requests[:3]})")
    finally:
        d.quit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", choices=["numpy", "hf", "tl"], default="numpy")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="attnviz-notebook-") as scratch:
        out = args.out or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        try:
            notebook, expected = execute(args.input, out)
            check_notebook_outputs(notebook, expected)
            check_browser(export(notebook, out), expected, args.input, args.screenshot)
        except CheckFailed as failure:
            print(f"FAIL {failure}", file=sys.stderr)
            return 1
    print(f"notebook check passed ({args.input})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
