"""Drive the class server (tools/class_server.py) as its people do, over HTTP: log in on the hub's
page, start a server, fetch and submit through nbgrader's Assignments API, use Formgrader's API.

Used by the classroom tests (tests/test_class_server.py) and the load figures in ``make bench``
(benchmarks/classroom_bench.py). Needs root on Linux to start a class (it makes Unix accounts), and
``requests`` (in requirements.txt).

    with class_run(students=3) as (base, people, printed):
        people["instructor"].login(); people["instructor"].start_server()
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
TOOL = REPO / "tools" / "class_server.py"
COURSE = "jtbd-hands-on"

__all__ = ["HubUser", "class_run", "why_not", "free_port"]


def why_not() -> str:
    """Why a class server cannot be started here ("" when it can)."""
    if sys.platform != "linux" or os.geteuid() != 0:
        return "the class server creates Unix accounts: it runs as root on Linux only"
    if not shutil.which("bwrap"):
        return "bubblewrap is missing (`make grading-deps`): the class server grades in the sandbox"
    return ""


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HubUser:
    """One person on the hub, with their own HTTP session (cookies), as one browser would have."""

    def __init__(self, hub: str, uid: str, password: str):
        self.hub, self.id, self.password = hub, uid, password
        self.http = requests.Session()
        self.requested: list[str] = []  # every URL this person's session asked for
        self.http.hooks["response"].append(lambda r, *a, **k: self.requested.extend(
            [h.url for h in r.history] + [r.url]))

    def url(self, path: str, owner: str | None = None) -> str:
        return f"{self.hub}/user/{owner or self.id}/{path}"

    def login(self) -> None:
        """Log in on the hub's login page (PAM checks the Unix password)."""
        page = self.http.get(f"{self.hub}/hub/login", timeout=60)
        if "/hub/login" not in page.url:
            return  # logged in already: the hub sent this session on
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
        r = self.http.post(f"{self.hub}/hub/login?next=", timeout=180, allow_redirects=False,
                           data={"username": self.id, "password": self.password, "_xsrf": xsrf})
        if r.status_code != 302:
            raise AssertionError(f"{self.id} could not log in: {r.status_code} {r.text[:300]}")

    def start_server(self, seconds: float = 300) -> None:
        """Start this person's server and wait until it answers, logged in to it (OAuth through the hub)."""
        self.http.get(f"{self.hub}/hub/spawn/{self.id}", timeout=seconds)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.http.get(self.url("lab"), timeout=60).url.startswith(self.url("lab")) and \
                    self.http.get(self.url("api/status"), timeout=30).status_code == 200:
                return
            time.sleep(0.5)
        raise AssertionError(f"{self.id}'s server did not start in {seconds:.0f} s")

    def _xsrf(self) -> dict:
        token = self.http.cookies.get("_xsrf", path=f"/user/{self.id}/") or self.http.cookies.get("_xsrf")
        return {"X-XSRFToken": token or ""}

    def call(self, method: str, path: str, owner: str | None = None, **kwargs):
        """A request to this person's server (or ``owner``'s), with the XSRF header a browser sends."""
        return self.http.request(method, self.url(path, owner), headers=self._xsrf(), timeout=600, **kwargs)

    def assignments(self, action: str, assignment: str) -> dict:
        """nbgrader's Assignments list API: ``fetch``, ``submit`` or ``fetch_feedback``."""
        return self.call("POST", f"assignments/{action}", data={"course_id": COURSE, "assignment_id": assignment}).json()

    def save_notebook(self, path: str, nb: dict) -> None:
        r = self.call("PUT", f"api/contents/{path}", json={"type": "notebook", "format": "json", "content": nb})
        if r.status_code not in (200, 201):
            raise AssertionError(f"{self.id} could not save {path}: {r.status_code} {r.text[:300]}")


def _tool(*args, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True, timeout=timeout)


@contextlib.contextmanager
def class_run(students: int = 3, names: list[str] | None = None):
    """A class server on 127.0.0.1 with an instructor and ``students`` students, each a new Unix account,
    removed afterwards with their homes. Yields ``(base, people, printed)``: ``people`` maps
    "instructor" and each student's key (``names``, default s1, s2, ...) to a :class:`HubUser`."""
    reason = why_not()
    if reason:
        raise RuntimeError(reason)
    tag = "jt" + secrets.token_hex(2)
    base = Path(f"/var/tmp/{tag}-class")  # every user must be able to reach the venv: not under /tmp/pytest-of-root
    keys = names or [f"s{n}" for n in range(1, students + 1)]
    ids = {"instructor": f"{tag}i", **{k: f"{tag}{k}" for k in keys}}
    roster = base.with_suffix(".csv")
    roster.write_text("id,name,role\n" + f"{ids['instructor']},Ines Instructor,instructor\n"
                      + "".join(f"{ids[k]},Student {k.upper()},student\n" for k in keys))
    port = free_port()
    try:
        out = _tool("--dir", base, "start", "--roster", roster, "--ip", "127.0.0.1", "--port", port)
        if out.returncode != 0:
            raise RuntimeError(f"the class server did not start:\n{out.stdout}{out.stderr}")
        passwords = dict(re.findall(r"^(\S+)\s+(?:student|instructor)\s+(\S+)", out.stdout, re.M))
        hub = f"http://127.0.0.1:{port}"
        yield base, {k: HubUser(hub, uid, passwords[uid]) for k, uid in ids.items()}, out.stdout
    finally:
        _tool("--dir", base, "stop", timeout=120)
        for uid in ids.values():
            subprocess.run(["pkill", "-KILL", "-u", uid], capture_output=True)
            subprocess.run(["userdel", "-r", uid], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
        roster.unlink(missing_ok=True)
