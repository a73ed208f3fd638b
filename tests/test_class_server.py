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
import os
import pwd
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import REPO

sys.path[:0] = [str(REPO / "tools"), str(REPO / "benchmarks")]
requests = pytest.importorskip("requests")
import classroom_bench  # noqa: E402
import grade_demo  # noqa: E402
import hub_client  # noqa: E402

pytestmark = [pytest.mark.classroom]

TOOL = hub_client.TOOL
A = next(p.name for p in sorted((REPO / "solutions").iterdir()) if p.name.startswith("01"))


def as_user(name: str, cmd: list, **kwargs) -> subprocess.CompletedProcess:
    """Run ``cmd`` as the Unix user ``name``, with that user's groups."""
    entry = pwd.getpwnam(name)
    return subprocess.run([str(c) for c in cmd], user=entry.pw_uid, group=entry.pw_gid,
                          extra_groups=os.getgrouplist(name, entry.pw_gid), capture_output=True, text=True, **kwargs)


ROOM = [f"l{n}" for n in range(1, 6)]  # students who arrive all at once in test_a_room_arrives_at_once


@pytest.fixture(scope="module")
def classroom():
    reason = hub_client.why_not()
    if reason:
        pytest.skip(reason)
    with hub_client.class_run(names=["a", "b", "c", *ROOM]) as started:
        yield started


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


@pytest.fixture(scope="module")
def chromium():
    from browser.conftest import CHROMIUM, CHROMIUM_ARGS
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (`make browser-deps`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()


def _text(source) -> str:
    """A cell's source as one string (nbformat files may hold it as a list of lines)."""
    return "".join(source) if isinstance(source, list) else source


class Screen:
    """One person's browser window, logged in through the hub's login page; screenshots per step."""

    def __init__(self, browser, person, requested: list):
        self.person = person
        self.page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        self.page.set_default_timeout(120_000)
        self.page.on("request", lambda r: requested.append(r.url))
        self.page.goto(f"{person.hub}/hub/login")
        self.page.fill("input[name=username]", person.id)
        self.page.fill("input[name=password]", person.password)
        self.page.click("input[type=submit], button[type=submit]")
        self.page.wait_for_url(re.compile(rf".*/user/{person.id}/.*"), timeout=180_000)

    def shot(self, step: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{step}.png"))

    def go(self, path: str) -> None:
        self.page.goto(self.person.url(path))

    # Formgrader (the instructor)
    def formgrader_action(self, row: str, action: str, step: str, timeout: float = 120_000) -> None:
        """Click ``action``'s icon (a column of Formgrader's table) in the row naming ``row``; wait for
        Formgrader's result box, which must say it worked, and close it."""
        self.page.locator(f"tr:has-text('{row}') td.{action} a").click()
        result = self.page.locator("#success-modal, #error-modal")
        result.wait_for(state="visible", timeout=timeout)
        self.shot(step)
        assert self.page.locator("#success-modal").count() == 1, result.inner_text()[-3000:]
        result.locator(".modal-footer button").click()
        result.wait_for(state="detached")

    # A notebook in JupyterLab (a student)
    def answer(self, path: str, before: dict, after: dict) -> None:
        """Open ``path`` in JupyterLab and type, into each cell that differs between the released
        notebook ``before`` and the answered ``after``, the answer's text; then save with Ctrl+S."""
        self.go(f"lab/tree/{path}")
        cells = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")
        cells.nth(len(after["cells"]) - 1).wait_for()
        assert cells.count() == len(after["cells"])
        for i, (old, new) in enumerate(zip(before["cells"], after["cells"])):
            text = _text(new["source"])
            if text == _text(old["source"]):
                continue
            cell = cells.nth(i)
            cell.scroll_into_view_if_needed()
            if new["cell_type"] == "markdown":
                cell.dblclick()  # a rendered markdown cell opens its editor on a double click
            cell.locator(".cm-content").click()
            self.page.keyboard.press("Control+a")
            self.page.keyboard.insert_text(text)  # as typed, without the editor's bracket closing
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("Control+s")
        self.page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").wait_for(state="detached")  # saved

    # The Assignments list (a student)
    def assignment_list(self) -> None:
        self.go("lab")
        self.page.get_by_text("Nbgrader", exact=True).click()
        self.page.get_by_text("Assignment List").click()
        self.page.locator("#released_assignments_list").wait_for()

    def press(self, section: str, button: str, then: str, step: str) -> None:
        """Press ``button`` in a section of the Assignments list, then wait for ``then`` to appear there."""
        self.page.locator(f"#{section}_assignments_list button", has_text=button).first.click()
        self.page.locator(f"text={then} >> visible=true").first.wait_for()
        self.shot(step)


SHOTS = REPO / "test-artifacts" / "classroom"


def test_a_class_in_the_browser(classroom, chromium):
    """The whole class, each person clicking in chromium: the instructor releases 01 in Formgrader,
    A and B fetch it from the Assignments list and submit (A answered fully, B only Q1), C only fetches;
    the instructor collects, autogrades, grades the written answers, generates and releases feedback;
    A and B fetch their feedback and open it. Then the exported grades, and what no student can reach."""
    base, people, _ = classroom
    teacher, a, b, c = (people[k] for k in ("instructor", "a", "b", "c"))
    requested = []
    shutil.rmtree(SHOTS, ignore_errors=True)
    screens = {p.id: Screen(chromium, p, requested) for p in (teacher, a, b, c)}
    for person in (teacher, a, b, c):  # each person's own HTTP session too, for checks the screen cannot make
        person.login()
        person.start_server()
    desk = screens[teacher.id]

    # The instructor generates the student version and releases it.
    desk.go("formgrader")
    desk.page.locator(f"tr:has-text('{A}')").wait_for()
    desk.formgrader_action(A, "assign", "01-instructor-generated")
    desk.formgrader_action(A, "release", "02-instructor-released")

    # The students fetch it from their Assignments list; C also has the lessons in their files.
    for key, s in (("a", a), ("b", b), ("c", c)):
        screen = screens[s.id]
        screen.assignment_list()
        screen.press("released", "Fetch", "Submit", f"03-{key}-fetched")
    screens[c.id].go("lab/tree/jtbd-hands-on/notebooks")
    screens[c.id].page.locator(".jp-DirListing-content").get_by_text("01_job_action_statements").first.wait_for()
    screens[c.id].shot("03-c-lessons")

    # A answers everything, B only the first question (and the written one), typing into the notebook
    # in JupyterLab; what their servers saved is what they typed. They submit from the Assignments list.
    work = grade_demo.load_assignment(REPO, A)
    answers = {a: work.questions, b: work.questions[:1]}
    for s, questions in answers.items():
        typed = grade_demo.answered(work, questions)
        screen = screens[s.id]
        screen.answer(f"{A}/{A}.ipynb", work.release, typed)
        saved = s.call("GET", f"api/contents/{A}/{A}.ipynb").json()["content"]["cells"]
        assert [c["source"] for c in saved] == [_text(c["source"]) for c in typed["cells"]]
        screen.shot(f"04-{'a' if s is a else 'b'}-answered")
        screen.assignment_list()
        screen.press("fetched", "Submit", "Fetch Feedback", f"04-{'a' if s is a else 'b'}-submitted")
        screen.page.locator("#submitted_assignments_list").get_by_text(A).first.wait_for()

    # The instructor collects and autogrades each submission (in the sandbox).
    desk.go("formgrader")
    desk.formgrader_action(A, "collect", "05-instructor-collected")
    desk.go(f"formgrader/manage_submissions/{A}")
    for s in (a, b):
        desk.formgrader_action(s.id, "autograde", f"06-instructor-autograded-{s.id[-1]}", timeout=600_000)

    # The written answers get full marks in Formgrader's grading view, reached by its links.
    expected = {s.id: sum(work.tests[t] for t in work.tests_of(work.working(q))) for s, q in answers.items()}
    written = {}
    for s in (a, b):
        desk.go(f"formgrader/manage_submissions/{A}")
        desk.page.locator(f"tr:has-text('{s.id}') td.student-name a").click()
        desk.page.locator(f"td a:has-text('{A}')").first.click()
        # Ready to grade: the grades are loaded, and MathJax (served by the instructor's own server) ran.
        desk.page.wait_for_function("window.formgrader && formgrader.grades && formgrader.grades.loaded"
                                    " && window.MathJax && MathJax.loaded === true")
        for grade_id in work.written:  # the hand-graded cells only: the autograded ones keep their scores
            button = desk.page.locator(f'.panel-heading:has([id="{grade_id}"]) .full-credit')
            with desk.page.expect_response(lambda r: "/formgrader/api/grade/" in r.url and r.request.method == "PUT"):
                button.click()
        desk.shot(f"07-instructor-graded-{s.id[-1]}")
        nbs = teacher.call("GET", f"formgrader/api/submitted_notebooks/{A}/{A}").json()
        nb_id = next(n["id"] for n in nbs if n["student"] == s.id)
        grades = teacher.call("GET", "formgrader/api/grades", params={"submission_id": nb_id}).json()
        manual = [g for g in grades if g["name"] in work.written]
        assert manual and all(g["manual_score"] == g["max_score"] for g in manual), manual
        written[s.id] = sum(g["max_score"] for g in manual)

    # Feedback: generated and released by the instructor, fetched and opened by each student.
    desk.go("formgrader")
    desk.formgrader_action(A, "generate-feedback", "08-instructor-feedback-generated", timeout=600_000)
    desk.formgrader_action(A, "release-feedback", "09-instructor-feedback-released")
    for s in (a, b):
        screen = screens[s.id]
        screen.assignment_list()
        screen.press("submitted", "Fetch Feedback", "(view feedback)", f"10-{'a' if s is a else 'b'}-feedback-fetched")
        screen.page.get_by_text("(view feedback)").first.click()
        screen.page.locator(".jp-DirListing-content").get_by_text(f"{A}.html").first.dblclick()
        screen.page.frame_locator(".jp-HTMLViewer iframe, iframe").first.get_by_text("Score").first.wait_for()
        screen.shot(f"11-{'a' if s is a else 'b'}-feedback-open")

    # The grades, exported by the instructor: A has every autograded point, B only the first question's.
    home = pwd.getpwnam(teacher.id).pw_dir
    export = as_user(teacher.id, [f"{base}/venv/bin/nbgrader", "export", "--to", f"{home}/grades.csv"],
                     cwd=f"{home}/jtbd-hands-on", env={"PATH": f"{base}/venv/bin:/usr/bin:/bin",
                                                      "HOME": home, "JTBD_EXCHANGE": f"{base}/exchange"})
    assert export.returncode == 0, export.stderr[-2000:]
    rows = {r["student_id"]: r for r in csv.DictReader(io.StringIO(Path(home, "grades.csv").read_text()))
            if r["assignment"] == A}
    for s in (a, b):
        assert float(rows[s.id]["raw_score"]) == pytest.approx(expected[s.id] + written[s.id]), rows[s.id]
    assert expected[a.id] > expected[b.id] > 0
    assert c.id not in rows or float(rows[c.id]["raw_score"] or 0) == 0

    # What a student must not reach: another's files and submission, the exchange's inbox, the
    # gradebook, the solutions, Formgrader (as files, over HTTP and in the browser).
    course = hub_client.COURSE
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
    screen = screens[a.id]
    for path in (teacher.url("formgrader"), a.url("formgrader")):
        screen.page.goto(path)
        assert screen.page.locator("#success-modal, td.assign").count() == 0
    screen.shot("12-a-no-formgrader")

    # Nothing asked for a host but the hub's (the browsers and the HTTP sessions).
    for person in (teacher, a, b, c):
        requested.extend(person.requested)
    urls = [urlsplit(u.removeprefix("blob:")) for u in requested]  # data: URLs go nowhere
    hosts = {u.hostname for u in urls if u.scheme in ("http", "https", "ws", "wss")}
    assert hosts == {"127.0.0.1"}, [u for u in requested if "127.0.0.1" not in u]
    assert {u.scheme for u in urls} <= {"http", "ws", "data"}, {u.scheme for u in urls}
    for screen in screens.values():
        screen.page.context.close()


def test_a_room_arrives_at_once(classroom):
    """The load figure's code path (benchmarks/classroom_bench.py), on five students: all log in at the
    same moment, start their servers, fetch, save and submit; the instructor collects every one."""
    _, people, _ = classroom
    room = [people[k] for k in ROOM]
    result = classroom_bench.run_class(people["instructor"], room)
    assert {s.id for s in room} <= set(result["collected"]) and not result["missing"]
    rows = classroom_bench.summary(result, len(room))
    assert all(ok for *_, ok in rows), rows
    assert all(len(result["times"][step]) == len(room) for step in classroom_bench.STEPS)


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
