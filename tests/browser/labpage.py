"""One notebook open in real JupyterLab, in Debian's chromium, driven by playwright.

`NotebookPage` does what a student does (open a notebook, Run All, type into a widget, press
Validate) and reads what the student would see: the outputs, the widgets, the charts, the
browser console and every request the page makes. JupyterLab is started with
`expose_app_in_browser`, so the page's own `window.jupyterapp` tells us when the kernel is idle,
when Run All has finished and which output belongs to which cell.

playwright is imported by the fixtures (conftest.py), never here, so this module imports
anywhere.
"""

import hashlib
import itertools
import json
import re
import time
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
# Collected during the run, written to ARTIFACTS and summarised at the end (conftest.py).
RESULTS = {"latency": [], "timings": {}, "chromium": None}

KERNEL_TIMEOUT = 120  # s: open a notebook until its kernel is idle (2 cores, maybe busy)
RUN_ALL_TIMEOUT = 240  # s: Run All on one notebook
RENDER_TIMEOUT = 60  # s: after Run All, until every widget and chart has drawn itself
VALIDATE_TIMEOUT = 120  # s: nbgrader's Validate button until its dialog shows the result
UPDATE_TIMEOUT = 5000  # ms: generous bound from a widget input to the updated output
LATENCY_TARGET_MS = 300  # what we aim for; reported, never asserted
LOCAL_HOST = "127.0.0.1"
_TAGS = itertools.count(1)
# Text that means a widget or a chart did not draw (jupyterlab_widgets, altair, vega-embed).
BROKEN_WIDGET = re.compile(
    r"Loading widget|model not found|Error displaying widget|JavaScript Error|Error loading script", re.I
)


# ---------------------------------------------------------------- text helpers


class _TextOf(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def squash(text):
    """Whitespace collapsed to single spaces, ends stripped.

    >>> squash("  a\\n  b ")
    'a b'
    """
    return " ".join((text or "").split())


def visible_text(html):
    """The text a browser shows for an HTML snippet (its textContent), whitespace squashed.

    >>> visible_text("<div>Looks <b>good</b>&#10004;</div><ul><li>x</li></ul>")
    'Looks good✔x'
    """
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return squash("".join(parser.parts))


def is_local(url):
    """True for URLs that stay on this machine: 127.0.0.1, data:, blob:, about:.

    >>> is_local("http://127.0.0.1:8888/lab"), is_local("ws://127.0.0.1:1/api"), is_local("data:image/png;base64,AA")
    (True, True, True)
    >>> is_local("https://cdn.jsdelivr.net/npm/vega@5"), is_local("http://localhost:8888/")
    (False, False)
    """
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return parts.hostname == LOCAL_HOST


# ---------------------------------------------------------------- what the page reports


@dataclass
class Latency:
    """One measured update: from the input event to the changed output, in the page's clock."""

    notebook: str
    widget: str
    action: str
    output: str
    ms: float

    def as_dict(self):
        return asdict(self)


# Added to every page before JupyterLab loads: find the notebook panel showing `path`.
_FIND_PANEL = """
window.findPanel = (path) => {
  const app = window.jupyterapp;
  if (!app) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.content.model) return w;
  }
  return null;
};
"""

_OUTPUT_PROBLEMS = """
(path) => {
  const panel = findPanel(path);
  if (!panel) return {pending: ['the notebook is not open'], problems: [], counts: {}};
  const broken = new RegExp(%s, 'i');
  const pending = [], problems = [];
  const counts = {cells_run: 0, outputs: 0, widgets: 0, charts: 0};
  panel.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    const id = cell.model.id;
    cell.node.setAttribute('data-test-cell-id', id);
    const where = `cell ${index} (id '${id}')`;
    if (cell.model.executionCount) counts.cells_run += 1;
    const outputs = cell.model.outputs.toJSON();
    const nodes = [...cell.outputArea.node.children].filter(n => n.classList.contains('jp-OutputArea-child'));
    outputs.forEach((output, j) => {
      counts.outputs += 1;
      const node = nodes[j];
      if (output.output_type === 'error') {
        problems.push(`${where} shows an error: ${output.ename}: ${output.evalue}`);
        return;
      }
      if (output.output_type === 'stream') {
        if (output.name === 'stderr') problems.push(`${where} writes to stderr: ${String(output.text).slice(0, 400)}`);
        return;
      }
      const data = output.data || {};
      const mimes = Object.keys(data);
      if (!node) { pending.push(`${where}: output ${j} (${mimes}) is not on the page`); return; }
      const text = node.textContent || '';
      if (broken.test(text)) pending.push(`${where}: output ${j} shows "${text.match(broken)[0]}"`);
      if (mimes.some(m => m.startsWith('application/vnd.vega'))) {
        if (!node.querySelector('svg, canvas')) problems.push(`${where}: a Vega/Vega-Lite output was not drawn (${mimes})`);
      }
      if ('application/vnd.jupyter.widget-view+json' in data) {
        counts.widgets += 1;
        if (!node.querySelector('.jupyter-widgets, [class*="widget-"], .vega-embed')) {
          pending.push(`${where}: widget output ${j} is empty (${String(data['text/plain'] || '').slice(0, 60)})`);
        }
      }
      for (const chart of node.querySelectorAll('.vega-embed')) {
        counts.charts += 1;
        if (!chart.querySelector('svg.marks, canvas.marks')) pending.push(`${where}: chart in output ${j} has no SVG or canvas`);
      }
    });
  });
  const all = panel.content.node.textContent || '';
  if (/Loading widget/.test(all)) pending.push('the notebook still shows "Loading widget..."');
  return {pending, problems, counts};
}
""" % json.dumps(BROKEN_WIDGET.pattern)

# Resolves with {name: ms} once every watched element has changed after the trigger event.
_MEASURE = """
([triggerSel, eventName, key, watch, timeoutMs]) => {
  const signature = (el) => {
    if (el.classList.contains('vega-embed') || el.querySelector('.vega-embed')) {
      // A chart counts as updated once it is drawn again: an SVG with marks in it (vega adds
      // the empty <svg> first), or a canvas.
      const svg = el.querySelector('svg.marks');
      if (svg) return svg.querySelector('.role-mark') ? svg.outerHTML : null;
      const canvas = el.querySelector('canvas.marks');
      return canvas ? canvas.toDataURL() : null;
    }
    return el.textContent;
  };
  const trigger = document.querySelector(triggerSel);
  if (!trigger) return Promise.reject(new Error('no element ' + triggerSel));
  window.__jtbdMeasure = new Promise((resolve, reject) => {
    let t0 = null;
    const result = {};
    const observers = [];
    const start = (e) => { if (t0 === null && (!key || e.key === key)) t0 = performance.now(); };
    const stop = () => {
      observers.forEach(o => o.disconnect());
      trigger.removeEventListener(eventName, start, {capture: true});
    };
    const finish = () => { stop(); resolve(result); };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no update within ${timeoutMs} ms; changed so far: ${JSON.stringify(result)}` +
                       (t0 === null ? ` (the ${eventName} event never fired)` : '')));
    }, timeoutMs);
    trigger.addEventListener(eventName, start, {capture: true});
    for (const [name, sel] of Object.entries(watch)) {
      const el = document.querySelector(sel);
      if (!el) { clearTimeout(timer); stop(); reject(new Error('no element ' + sel)); return; }
      const before = signature(el);
      const check = () => {
        if (t0 === null || name in result) return;
        const now = signature(el);
        if (now !== null && now !== before) {
          result[name] = performance.now() - t0;
          if (Object.keys(result).length === Object.keys(watch).length) { clearTimeout(timer); finish(); }
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(el, {subtree: true, childList: true, characterData: true, attributes: true});
      observers.push(observer);
    }
  });
  return true;
}
"""


class NotebookPage:
    """A fresh browser context with JupyterLab open on one notebook (its own workspace)."""

    def __init__(self, browser, server, path, viewport=(1280, 900)):
        self.server, self.path = server, path
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.context.set_default_timeout(60_000)  # clicks, typing, waits: generous on a busy machine
        self.context.add_init_script(_FIND_PANEL)
        self.page = self.context.new_page()
        self.viewport = viewport
        self.requests, self.console, self.timings = [], [], {}
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page.on("websocket", lambda socket: self.requests.append(socket.url))
        self.page.on("console", lambda message: self.console.append((message.type, message.text)))
        self.page.on("pageerror", lambda error: self.console.append(("pageerror", str(error))))

    # -------------------------------------------------------------- opening and running

    def open(self):
        """Open the notebook and wait for its kernel to be idle."""
        start = time.perf_counter()
        workspace = "test-" + hashlib.sha1(self.path.encode()).hexdigest()[:12]  # fresh: restores no tabs
        url = f"{self.server.url}/lab/workspaces/{workspace}/tree/{quote(self.path)}?token={self.server.token}"
        self.page.goto(url, wait_until="domcontentloaded", timeout=KERNEL_TIMEOUT * 1000)
        self.page.wait_for_function(
            """(path) => {
              const panel = findPanel(path);
              const kernel = panel && panel.context.isReady && panel.sessionContext.session
                             && panel.sessionContext.session.kernel;
              return !!kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
            }""",
            arg=self.path, timeout=KERNEL_TIMEOUT * 1000, polling=100,
        )
        self.timings["open_to_idle_kernel_s"] = round(time.perf_counter() - start, 2)
        panel_id = self.page.evaluate("(path) => findPanel(path).id", self.path)
        self.panel = self.page.locator(f"[id='{panel_id}']")
        return self

    def run_all(self):
        """Run All (the Run menu's command); True when every cell ran without an error."""
        start = time.perf_counter()
        ok = self.page.evaluate(
            """async ([path, timeoutMs]) => {
              const app = window.jupyterapp;
              app.shell.activateById(findPanel(path).id);
              const timeout = new Promise((_, reject) =>
                setTimeout(() => reject(new Error(`Run All took more than ${timeoutMs} ms`)), timeoutMs));
              return await Promise.race([app.commands.execute('notebook:run-all-cells'), timeout]);
            }""",
            [self.path, RUN_ALL_TIMEOUT * 1000],
        )
        self.wait_idle()
        self.timings["run_all_s"] = round(time.perf_counter() - start, 2)
        return bool(ok)

    def wait_idle(self):
        self.page.wait_for_function(
            """(path) => {
              const kernel = findPanel(path).sessionContext.session.kernel;
              return kernel.status === 'idle';
            }""",
            arg=self.path, timeout=RUN_ALL_TIMEOUT * 1000, polling=100,
        )

    def output_report(self):
        """{pending, problems, counts}: what is wrong with the outputs right now."""
        return self.page.evaluate(_OUTPUT_PROBLEMS, self.path)

    def rendered_outputs(self):
        """Wait until every widget and chart has drawn; return (problems, counts)."""
        start = time.perf_counter()
        deadline = start + RENDER_TIMEOUT
        report = self.output_report()
        while report["pending"] and time.perf_counter() < deadline:
            time.sleep(0.25)
            report = self.output_report()
        self.timings["render_s"] = round(time.perf_counter() - start, 2)
        return report["problems"] + report["pending"], report["counts"]

    def set_cell_sources(self, sources):
        """Replace the source of the cells whose nbgrader grade_id is a key of `sources`
        (as if the student had typed it); return the grade_ids that were found."""
        return self.page.evaluate(
            """([path, sources]) => {
              const found = [];
              for (const cell of findPanel(path).content.model.cells) {
                const id = ((cell.getMetadata('nbgrader') || {}).grade_id);
                if (id in sources) { cell.sharedModel.setSource(sources[id]); found.push(id); }
              }
              return found;
            }""",
            [self.path, sources],
        )

    # -------------------------------------------------------------- finding things

    def output_of(self, cell_id):
        """The output area of the code cell with this id (after output_report tagged the cells)."""
        return self.panel.locator(f'[data-test-cell-id="{cell_id}"] .jp-OutputArea').first

    def selector_of(self, locator):
        """A CSS selector for the single element `locator` points at (tags it with a test id)."""
        tag = f"m{next(_TAGS)}"
        locator.evaluate("(el, tag) => el.setAttribute('data-test-el', tag)", tag)
        return f'[data-test-el="{tag}"]'

    # -------------------------------------------------------------- interacting

    def measure(self, notebook, widget, action, trigger, event, watch, act, key=None):
        """Do `act()`, timing from `event` on `trigger` until every `watch` locator has changed.

        `watch` is {output name: locator}. Returns one Latency per output; fails the test if
        some output has not changed UPDATE_TIMEOUT ms after the event.
        """
        from playwright.sync_api import Error

        selectors = {name: self.selector_of(loc) for name, loc in watch.items()}
        self.page.evaluate(_MEASURE, [self.selector_of(trigger), event, key, selectors, UPDATE_TIMEOUT])
        act()
        try:
            result = self.page.evaluate("() => window.__jtbdMeasure")
        except Error as error:
            raise AssertionError(f"{widget}, {action}: {error.message}") from None
        return [Latency(notebook, widget, action, name, round(ms, 1)) for name, ms in result.items()]

    def validate(self):
        """Press nbgrader's Validate button; return (outcome, message) and close the dialog.

        outcome is the class nbgrader gives the message: 'validation-success',
        'validation-failed', 'validation-changed', 'validation-type-changed' or 'error'.
        """
        start = time.perf_counter()
        self.validate_button().click()
        message = self.page.locator("#validation-message")
        message.wait_for(state="visible", timeout=VALIDATE_TIMEOUT * 1000)
        classes = (message.get_attribute("class") or "").split()
        outcome = next((c for c in classes if c.startswith("validation-")), "error")
        text = squash(message.inner_text())
        self.page.locator(".jp-Dialog .jp-mod-accept").click()
        self.page.locator(".jp-Dialog").wait_for(state="detached", timeout=10_000)
        self.timings.setdefault("validate_s", []).append(round(time.perf_counter() - start, 2))
        return outcome, text

    def validate_button(self):
        return self.panel.locator(".jp-NotebookPanel-toolbar .validate-button")

    def has_validate_button(self, timeout=15):
        """True once nbgrader's Validate button shows in the notebook's toolbar."""
        from playwright.sync_api import TimeoutError as Timeout

        try:
            self.validate_button().wait_for(state="visible", timeout=timeout * 1000)
        except Timeout:
            return False
        return True

    # -------------------------------------------------------------- evidence

    def console_errors(self):
        return [f"{kind}: {text}" for kind, text in self.console if kind in ("error", "pageerror")]

    def external_requests(self):
        return sorted({url for url in self.requests if not is_local(url)})

    def screenshot(self, file):
        """Save the whole notebook as one tall image (JupyterLab scrolls inside the page)."""
        height = self.page.evaluate(
            """(path) => {
              const panel = findPanel(path);
              const scroller = panel && (panel.content.node.querySelector('.jp-WindowedPanel-outer') || panel.content.node);
              if (!scroller) return 0;
              scroller.scrollTop = 0;  // Run All leaves the notebook scrolled to its last cell
              return scroller.scrollHeight;
            }""",
            self.path,
        )
        width, normal = self.viewport
        tall = max(normal, min(int(height) + 250, 16000))
        self.page.set_viewport_size({"width": width, "height": tall})
        try:
            self.page.wait_for_timeout(400)  # let JupyterLab lay out the cells that came into view
            self.page.screenshot(path=str(file))
        finally:
            self.page.set_viewport_size({"width": width, "height": normal})

    def save_console(self, file):
        lines = [f"{kind}: {text}" for kind, text in self.console]
        lines += ["", f"{len(self.requests)} requests; outside {LOCAL_HOST}: {self.external_requests() or 'none'}"]
        file.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def close(self):
        """Shut the notebook's kernel down (frees the CPU for the next test) and close the page."""
        try:
            self.page.evaluate(
                """async (path) => {
                  const panel = findPanel(path);
                  if (panel && panel.sessionContext.session) await panel.sessionContext.shutdown();
                }""",
                self.path,
            )
        except Exception:  # the page may already be broken; the server fixture stops kernels too
            pass
        self.context.close()
