"""The class server (tools/class_server.py) end to end, as root: a real JupyterHub with PAM logins,
real Unix accounts, each person's own single-user server and nbgrader through the hub's URLs.

An instructor and three students: the instructor generates and releases exercise 01 (Formgrader's API);
two students fetch it, answer (one fully, one partly) and submit from their own servers; the third
never submits; the instructor collects, autogrades (through the sandbox), grades the written answer,
generates and releases feedback and exports the grades; the students fetch their feedback. Then
what one person must not reach: another student's files and submission, Formgrader, the gradebook.

Skipped with the reason where it cannot run (not root, not Linux, no bubblewrap).
"""

import csv
import io
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import REPO

sys.path.insert(0, str(REPO / "tools"))
import grade_demo  # noqa: E402
from browser.conftest import _free_port  # noqa: E402

pytestmark = [pytest.mark.classroom]
requests = pytest.importorskip("requests")

TOOL = REPO / "tools" / "class_server.py"
A = next(p.name for p in sorted((REPO / "solutions").iterdir()) if p.name.startswith("01"))


def _why_not() -> str:
    if sys.platform != "linux" or os.geteuid() != 0:
        return "the class server creates Unix accounts: it runs as root on Linux only"
    if not shutil.which("bwrap"):
        return "bubblewrap is missing (`make grading-deps`): the class server grades in the sandbox"
    return ""


def as_user(name: str, cmd: list, **kwargs) -> subprocess.CompletedProcess:
    """Run ``cmd`` as the Unix user ``name``, with that user's groups."""
    entry = pwd.getpwnam(name)
    return subprocess.run([str(c) for c in cmd], user=entry.pw_uid, group=entry.pw_gid,
                          extra_groups=os.getgrouplist(name, entry.pw_gid), capture_output=True, text=True, **kwargs)


class Person:
    def __init__(self, hub: str, uid: str, password: str):
        self.hub, self.id, self.password = hub, uid, password
        self.http = requests.Session()
        self.requested = []  # every URL this person's session asked for
        self.http.hooks["response"].append(lambda r, *a, **k: self.requested.extend(
            [h.url for h in r.history] + [r.url]))

    def login(self) -> None:
        page = self.http.get(f"{self.hub}/hub/login", timeout=30)
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
        r = self.http.post(f"{self.hub}/hub/login?next=", timeout=180,
                           data={"username": self.id, "password": self.password, "_xsrf": xsrf})
        assert r.status_code == 200, r.text[:500]
        # Start the server and wait for it (the spawn page redirects when it is up).
        self.http.get(f"{self.hub}/hub/spawn/{self.id}", timeout=180)
        for _ in range(120):
            # Opening the server's page logs in to it (OAuth through the hub), as a browser does.
            if self.http.get(self.url("lab"), timeout=60).url.startswith(self.url("lab")) and \
                    self.http.get(self.url("api/status"), timeout=30).status_code == 200:
                return
            time.sleep(1)
        raise AssertionError(f"{self.id}'s server did not start")

    def url(self, path: str, owner: str | None = None) -> str:
        return f"{self.hub}/user/{owner or self.id}/{path}"

    def _xsrf(self) -> dict:
        token = self.http.cookies.get("_xsrf", path=f"/user/{self.id}/") or self.http.cookies.get("_xsrf")
        return {"X-XSRFToken": token or ""}

    def call(self, method: str, path: str, owner: str | None = None, **kwargs):
        return self.http.request(method, self.url(path, owner), headers=self._xsrf(), timeout=600, **kwargs)


@pytest.fixture(scope="module")
def classroom():
    reason = _why_not()
    if reason:
        pytest.skip(reason)
    tag = "jt" + secrets.token_hex(2)
    base = Path(f"/var/tmp/{tag}-class")  # every user must be able to reach the venv: not under /tmp/pytest-of-root
    ids = {"instructor": f"{tag}i", "a": f"{tag}a", "b": f"{tag}b", "c": f"{tag}c"}
    roster = base.with_suffix(".csv")
    roster.write_text("id,name,role\n" + f"{ids['instructor']},Ines Instructor,instructor\n"
                      + "".join(f"{ids[k]},Student {k.upper()},student\n" for k in "abc"))
    port = _free_port()
    try:
        out = subprocess.run([sys.executable, TOOL, "--dir", base, "start", "--roster", roster,
                              "--ip", "127.0.0.1", "--port", str(port)],
                             capture_output=True, text=True, timeout=900)
        assert out.returncode == 0, out.stdout + out.stderr
        passwords = dict(re.findall(r"^(\S+)\s+(?:student|instructor)\s+(\S+)", out.stdout, re.M))
        hub = f"http://127.0.0.1:{port}"
        people = {k: Person(hub, uid, passwords[uid]) for k, uid in ids.items()}
        yield base, people, out.stdout
    finally:
        subprocess.run([sys.executable, TOOL, "--dir", base, "stop"], capture_output=True, timeout=120)
        for uid in ids.values():
            subprocess.run(["pkill", "-KILL", "-u", uid], capture_output=True)
            subprocess.run(["userdel", "-r", uid], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
        roster.unlink(missing_ok=True)


def test_start_prints_url_roster_and_stop(classroom):
    base, people, printed = classroom
    assert "http://127.0.0.1:" in printed and "class-server-stop" in printed
    for person in people.values():
        assert person.id in printed and len(person.password) == 14
        assert pwd.getpwnam(person.id).pw_dir  # a real account
        assert os.stat(pwd.getpwnam(person.id).pw_dir).st_mode & 0o077 == 0  # home 0700
    assert (os.stat(base / "exchange").st_mode & 0o7777) == 0o1777


def test_wrong_password_is_refused(classroom):
    _, people, _ = classroom
    s = requests.Session()
    hub = people["a"].hub
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', s.get(f"{hub}/hub/login").text).group(1)
    r = s.post(f"{hub}/hub/login", data={"username": people["a"].id, "password": "wrong", "_xsrf": xsrf})
    assert "Invalid username or password" in r.text


def test_a_class_round_trip(classroom):
    base, people, _ = classroom
    teacher, a, b, c = (people[k] for k in ("instructor", "a", "b", "c"))
    for person in people.values():
        person.login()

    # The instructor makes and releases the assignment.
    assert teacher.call("POST", f"formgrader/api/assignment/{A}/assign").json()["success"]
    assert teacher.call("POST", f"formgrader/api/assignment/{A}/release").json()["success"]

    # Students see it in their Assignments list and fetch it.
    course = "jtbd-hands-on"
    listed = a.call("GET", "assignments", params={"course_id": course}).json()
    assert listed["success"] and [x["assignment_id"] for x in listed["value"]] == [A]
    for s in (a, b, c):
        r = s.call("POST", "assignments/fetch", data={"course_id": course, "assignment_id": A}).json()
        assert r["success"], r

    # A answers everything, B only the first question; C never submits.
    work = grade_demo.load_assignment(REPO, A)
    first = work.questions[:1]
    answers = {a: work.questions, b: first}
    for s, questions in answers.items():
        nb = grade_demo.answered(work, questions)
        r = s.call("PUT", f"api/contents/{A}/{A}.ipynb", json={"type": "notebook", "format": "json", "content": nb})
        assert r.status_code in (200, 201), r.text[:300]
        r = s.call("POST", "assignments/submit", data={"course_id": course, "assignment_id": A}).json()
        assert r["success"], r

    # The instructor collects, autogrades (in the sandbox) and grades the written answer.
    assert teacher.call("POST", f"formgrader/api/assignment/{A}/collect").json()["success"]
    for s in (a, b):
        r = teacher.call("POST", f"formgrader/api/submission/{A}/{s.id}/autograde").json()
        assert r["success"], r.get("log", r)[-2000:] if isinstance(r, dict) else r
    expected = {s.id: sum(work.tests[t] for t in work.tests_of(work.working(q))) for s, q in answers.items()}
    written = {}
    for s in (a, b):
        nbs = teacher.call("GET", f"formgrader/api/submitted_notebooks/{A}/{A}").json()
        nb_id = next(n["id"] for n in nbs if n["student"] == s.id)
        grades = teacher.call("GET", "formgrader/api/grades", params={"submission_id": nb_id}).json()
        for grade in grades:
            if grade["name"] in work.written:
                r = teacher.call("PUT", f"formgrader/api/grade/{grade['id']}",
                                 json={**grade, "manual_score": grade["max_score"]})
                assert r.status_code == 200
                written[s.id] = written.get(s.id, 0) + grade["max_score"]

    # Feedback out; the students fetch it and it is there, in their own folders.
    assert teacher.call("POST", f"formgrader/api/assignment/{A}/generate_feedback").json()["success"]
    assert teacher.call("POST", f"formgrader/api/assignment/{A}/release_feedback").json()["success"]
    for s in (a, b):
        r = s.call("POST", "assignments/fetch_feedback", data={"course_id": course, "assignment_id": A}).json()
        assert r["success"], r
        folder = s.call("GET", f"api/contents/{A}/feedback").json()
        stamp = folder["content"][0]["path"]
        html = s.call("GET", f"files/{stamp}/{A}.html")
        assert html.status_code == 200 and "Score" in html.text

    # The grades, exported by the instructor: A has every autograded point, B only the first question's.
    home = pwd.getpwnam(teacher.id).pw_dir
    export = as_user(teacher.id, [f"{base}/venv/bin/nbgrader", "export", "--to", f"{home}/grades.csv"],
                     cwd=f"{home}/jtbd-hands-on", env={"PATH": f"{base}/venv/bin:/usr/bin:/bin",
                                                                  "HOME": home, "JTBD_EXCHANGE": f"{base}/exchange"})
    assert export.returncode == 0, export.stderr[-2000:]
    rows = {r["student_id"]: r for r in csv.DictReader(io.StringIO(Path(home, "grades.csv").read_text()))
            if r["assignment"] == A}
    for s in (a, b):
        assert float(rows[s.id]["raw_score"]) == pytest.approx(expected[s.id] + written.get(s.id, 0)), rows[s.id]
    assert expected[a.id] > expected[b.id] > 0
    assert c.id not in rows or float(rows[c.id]["raw_score"] or 0) == 0

    # What a student must not reach.
    b_home = pwd.getpwnam(b.id).pw_dir
    for path in (f"{b_home}/{A}/{A}.ipynb", f"{base}/exchange/{course}/inbound", f"{home}/jtbd-hands-on/gradebook.db",
                 f"{home}/jtbd-hands-on/solutions/{A}/{A}.ipynb"):
        probe = as_user(a.id, [f"{base}/venv/bin/python", "-c",
                               f"import os; p={path!r}; os.listdir(p) if os.path.isdir(p) else open(p).read()"])
        assert probe.returncode != 0 and "PermissionError" in probe.stderr, (path, probe.stdout, probe.stderr)
    assert a.call("GET", "api/contents", owner=b.id).status_code in (403, 404)
    assert a.call("GET", "formgrader", owner=teacher.id, allow_redirects=False).status_code in (302, 403, 404)
    assert a.call("GET", "formgrader").status_code == 404
    assert a.call("GET", "formgrader/api/assignments").status_code == 404
    assert teacher.call("GET", "formgrader").status_code == 200

    # Nothing asked for a host but the hub's.
    for person in people.values():
        hosts = {re.match(r"https?://([^/:]+)", u).group(1) for u in person.requested}
        assert hosts == {"127.0.0.1"}, hosts


def test_in_a_real_browser(classroom):
    """Chromium logs in through the hub's page as the instructor and as a student, and each sees what
    is theirs: Formgrader with the released assignment; the lessons and the Assignments list."""
    from browser.conftest import CHROMIUM, CHROMIUM_ARGS
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (`make browser-deps`)")
    from playwright.sync_api import sync_playwright

    _, people, _ = classroom
    shots = REPO / "test-artifacts" / "classroom"
    shots.mkdir(parents=True, exist_ok=True)
    requested = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000)
        try:
            for who, path, expect in [
                ("instructor", "formgrader", A),
                ("c", f"lab/tree/jtbd-hands-on/notebooks", "01_job_action_statements"),
            ]:
                person = people[who]
                page = browser.new_context().new_page()
                page.on("request", lambda r: requested.append(r.url))
                page.goto(f"{person.hub}/hub/login", timeout=60_000)
                page.fill("input[name=username]", person.id)
                page.fill("input[name=password]", person.password)
                page.click("input[type=submit], button[type=submit]")
                page.wait_for_url(re.compile(rf".*/user/{person.id}/.*"), timeout=180_000)
                page.goto(person.url(path), timeout=120_000)
                where = page.locator(".jp-DirListing-content") if who == "c" else page.locator("table")
                where.get_by_text(expect).first.wait_for(timeout=120_000)
                if who == "c":
                    page.get_by_text("Nbgrader", exact=True).click()
                    page.get_by_text("Assignment List").click()
                    page.get_by_text("Downloaded assignments").first.wait_for(timeout=60_000)
                    try:
                        page.locator(f'text="{A}" >> visible=true').first.wait_for(timeout=60_000)
                    finally:
                        page.screenshot(path=str(shots / f"{who}-assignments.png"))
                page.screenshot(path=str(shots / f"{who}.png"))
                page.context.close()
        finally:
            browser.close()
    hosts = {re.match(r"(?:https?|wss?)://([^/:]+)", u).group(1) for u in requested if "://" in u}
    assert hosts == {"127.0.0.1"}, hosts


def test_stop_keeps_student_work(classroom):
    base, people, _ = classroom
    a_home = pwd.getpwnam(people["a"].id).pw_dir
    out = subprocess.run([sys.executable, TOOL, "--dir", base, "stop"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "stopped" in out.stdout
    assert Path(a_home, "jtbd-hands-on", "notebooks").is_dir()
    assert Path(a_home, A, f"{A}.ipynb").is_file()
    assert any((base / "exchange" / "jtbd-hands-on" / "inbound").iterdir())
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{people['a'].hub}/hub/health", timeout=5)
