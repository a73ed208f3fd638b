"""Fixtures for the browser tests: real JupyterLab, Debian's chromium, playwright.

- `chromium`: Debian's /usr/bin/chromium launched by playwright (never a downloaded browser).
  Missing? The tests SKIP with the reason on a machine that cannot install it; where it could
  be installed (root with apt-get, or CI) they FAIL and say "run `make browser-deps`".
- `lab_server`: `jupyter lab` from this environment on 127.0.0.1, a free port, a token, its own
  HOME, serving a temporary build of the STUDENT EDITION (`make student-edition`: lessons,
  exercises, its own jtbd_kit and data; kernels import that kit through PYTHONPATH) plus a copy
  of solutions/ for the instructor-view tests. Running cells and pressing Validate (which saves)
  never touch the committed files. The server and its kernels
  are stopped when the module's tests are done, whatever happened (module scope: nothing
  keeps running while the rest of the suite does), and on Linux the server also dies with
  pytest if pytest is killed before it can clean up.
- Evidence goes to test-artifacts/browser/: a screenshot and a console log per notebook, the
  server log, widget_latency.json (read by the benchmark runner) and notebook_timings.json.

The host resolver of the browser knows only 127.0.0.1, so the page is offline for real; every
request it makes is still recorded, and the tests fail on any request to another host.
"""

import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest

from helpers import REPO, SKIP_PARTS

sys.path.insert(0, str(REPO / "tools"))
from hub_client import free_port  # noqa: E402  (one free-port finder for the browser and classroom tests)
from .labpage import ARTIFACTS, LATENCY_TARGET_MS, RESULTS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
    # Offline for real: every host name but 127.0.0.1 fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
SERVED = ("solutions",)  # copied into the server's folder beside the student edition (instructor-view tests)
SERVER_START_TIMEOUT = 120  # s (2 cores, other test runs may share them)


# ---------------------------------------------------------------- the browser


def _missing_browser_parts():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (it is pinned in requirements-test.txt): run `make install`"
    if not CHROMIUM.exists():
        return (f"Debian's chromium is not installed at {CHROMIUM}: `make browser-deps` installs it "
                "(apt-get, as root). The tests never download a browser.")
    return None


def _could_install_chromium():
    return (os.environ.get("CI", "").lower() in ("1", "true", "yes")
            or (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get") is not None))


@pytest.fixture(scope="module")
def chromium():
    """Debian's chromium, headless, under playwright; skips (or fails where it could run)."""
    missing = _missing_browser_parts()
    if missing:
        if _could_install_chromium():
            pytest.fail(f"{missing}\nThis machine can install it (root with apt-get, or CI), so the "
                        "browser tests must run here: use `make test`, which runs `make browser-deps`.",
                        pytrace=False)
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000)
        RESULTS["chromium"] = browser.version
        try:
            yield browser
        finally:
            browser.close()


# ---------------------------------------------------------------- the JupyterLab server


@dataclass
class LabServer:
    url: str
    token: str
    work: Path  # the folder the server serves (a copy of the course files)
    log: Path
    process: subprocess.Popen

    def api(self, method, path, timeout=10):
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None


def _copy_course(work):
    """The student edition, as students get it (`make student-edition`), plus solutions/ for the
    tests that validate the instructor's notebooks. Kernels import the edition's own jtbd_kit and
    read its data (PYTHONPATH, set by lab_server), so what runs is what a student has."""
    sys.path.insert(0, str(REPO / "tools"))
    import student_edition

    student_edition.build(work, "example-org/jtbd-class")
    ignore = shutil.ignore_patterns(*SKIP_PARTS)
    for name in SERVED:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, work / name, ignore=ignore)
    return work


def _make_home(home):
    """A fresh HOME as Binder makes it: the repository's .jupyter/ (the course's JupyterLab settings:
    no news pop-up over the notebook) and nothing else (no old workspaces, no user config)."""
    shutil.copytree(REPO / ".jupyter", home / ".jupyter")
    return home


def _children(pid):
    """Process ids whose parent is `pid` (Linux /proc; empty elsewhere)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _die_with_pytest():
    """Run in the server's process before it starts (Linux): if pytest dies before it can stop
    the server (killed, timed out), the server gets SIGTERM; its kernels follow it."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _wait_until_up(server):
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            server.api("GET", "/api/status", timeout=2)
            return
        except OSError:
            time.sleep(0.25)
    tail = server.log.read_text(encoding="utf-8", errors="replace")[-3000:]
    pytest.fail(f"JupyterLab did not start within {SERVER_START_TIMEOUT} s "
                f"(exit code {server.process.poll()}). End of its log:\n{tail}", pytrace=False)


def _stop(server):
    """Shut the kernels down, stop the server, and kill whatever it started that is left."""
    try:
        for kernel in server.api("GET", "/api/kernels") or []:
            server.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=15)
    except OSError:
        pass
    started = _children(server.process.pid)
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)
    for pid in started:  # kernels run in sessions of their own; end any that outlived the server
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture(scope="module")
def lab_server(chromium, tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving the student edition; stopped at the end of the session."""
    root = tmp_path_factory.mktemp("jupyterlab")
    work = _copy_course(root / "work")
    home = _make_home(root / "home")
    log = root / "jupyter-server.log"
    port, token = free_port(), secrets.token_hex(24)
    bin_dir = Path(sys.executable).parent
    command = [
        str(bin_dir / "jupyter"), "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
        "--LabApp.expose_app_in_browser=True",  # lets the tests ask the page when Run All is done
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    env.update(HOME=str(home), PYDEVD_DISABLE_FILE_VALIDATION="1", PYTHONPATH=str(work),
               PATH=str(bin_dir) + os.pathsep + env.get("PATH", ""))  # nbgrader runs `alembic`
    with open(log, "w", encoding="utf-8") as log_file:
        process = subprocess.Popen(command, cwd=work, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True,
                                   preexec_fn=_die_with_pytest if sys.platform == "linux" else None)
    server = LabServer(f"http://127.0.0.1:{port}", token, work, log, process)
    try:
        _wait_until_up(server)
        yield server
    finally:
        _stop(server)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy2(log, ARTIFACTS / "jupyter-server.log")


# ---------------------------------------------------------------- evidence and the summary


@pytest.fixture(scope="module")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield ARTIFACTS
    _write_json(ARTIFACTS / "notebook_timings.json", {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": _machine(),
        "notebooks": RESULTS["timings"],
    })
    if RESULTS["latency"]:
        _write_json(ARTIFACTS / "widget_latency.json", {
            "what": "milliseconds from a widget input event (keydown Enter, pointerdown, change) to the "
                    "updated output in the DOM (MutationObserver), measured with performance.now() in "
                    "real JupyterLab in chromium",
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "target_ms": LATENCY_TARGET_MS,
            "machine": _machine(),
            "summary": _latency_summary(),
            "measurements": RESULTS["latency"],
        })


def _machine():
    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "chromium": RESULTS["chromium"]}


def _write_json(path, data):
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)  # another test run may be writing the same folder


def _latency_summary():
    groups = {}
    for m in RESULTS["latency"]:
        groups.setdefault(f"{m['widget']} -> {m['output']}", []).append(m["ms"])
    return {
        name: {"n": len(ms), "median_ms": round(statistics.median(ms), 1), "max_ms": max(ms),
               "under_target": sum(1 for x in ms if x < LATENCY_TARGET_MS)}
        for name, ms in groups.items()
    }


def pytest_terminal_summary(terminalreporter):
    if RESULTS["timings"]:
        terminalreporter.section("browser: seconds per notebook")
        for notebook, timing in RESULTS["timings"].items():
            terminalreporter.write_line(f"{notebook}: {json.dumps(timing)}")
    if RESULTS["latency"]:
        terminalreporter.section(f"browser: widget latency, input -> updated output (target < {LATENCY_TARGET_MS} ms)")
        for name, s in _latency_summary().items():
            terminalreporter.write_line(
                f"{name}: median {s['median_ms']} ms, max {s['max_ms']} ms, "
                f"{s['under_target']}/{s['n']} under {LATENCY_TARGET_MS} ms"
            )
        terminalreporter.write_line(f"details: {(ARTIFACTS / 'widget_latency.json').relative_to(REPO)}")
