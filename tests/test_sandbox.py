"""The grading sandbox, proved by attack: a probe notebook graded by plain `nbgrader autograde`.

The probe is a student's submission whose first cell tries what a hostile student would: read the
gradebook, the solutions and a classmate's work, list the course folder, write beside the data and
the kit, reach the network, leave a process behind. It prints what each attempt got, and the test
reads the autograded notebook and the machine afterwards. The course lives outside /tmp (the
sandbox has its own /tmp, which would hide a course there for a reason that proves nothing).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

import nbformat
import pytest

from helpers import REPO, course_config, make_course, run_nbgrader
from jtbd_kit import sandbox
from jtbd_kit.sandbox import MountPlan, Sandbox, Spec, bwrap_command

A = "01_job_action_statements"
MARK = "jtbd-probe-result:"

needs_bwrap = pytest.mark.skipif(bool(Sandbox().problem()), reason=f"no sandbox here: {Sandbox().problem()}")


# ---------------------------------------------------------------- the mount plan, without running anything


def test_folders_bwrap_creates_are_made_readable_and_the_root_read_only():
    plan = MountPlan()
    plan.ro("/usr", "/usr")
    plan.ro("/opt/py/lib", "/root/.pyenv/versions/3.11/lib")
    plan.tmpfs("/tmp", 1 << 20, mode="1777")
    args = plan.args()
    chmods = {args[i + 2]: args[i + 1] for i, a in enumerate(args) if a == "--chmod"}
    assert chmods["/root"] == chmods["/root/.pyenv"] == chmods["/root/.pyenv/versions/3.11"] == "0755"
    assert chmods["/tmp"] == "1777" and "/usr" not in chmods
    assert args[-4:] == ["--remount-ro", "/", "--remount-ro", "/dev"]
    assert args[args.index("--size") + 1] == str(1 << 20)


def test_a_student_kernel_sees_no_course_folder_and_no_network(tmp_path):
    workdir = tmp_path / "course" / "autograded" / "ada" / A
    data = {"datasets/repair_job.yaml": REPO / "datasets" / "repair_job.yaml"}
    args, inner = bwrap_command(Sandbox(), Spec("student", student_data=data), str(workdir), ["python", "-m", "k"])
    for flag in ("--unshare-net", "--unshare-pid", "--die-with-parent", "--clearenv"):
        assert flag in args
    sources = [args[i + 1] for i, a in enumerate(args) if a in ("--ro-bind", "--bind")]
    assert str(workdir) in sources, "the submission itself is bound (read-only, copied into a scratch folder)"
    assert not any(s == str(tmp_path / "course") or s.endswith("gradebook.db") for s in sources)
    assert str(REPO / "datasets") not in sources, "only the declared files, not the whole datasets/ folder"
    assert str(REPO / "datasets" / "repair_job.yaml") in sources
    assert "--bind" not in args, "nothing of the machine is bound writable"
    assert inner[-3:] == ["python", "-m", "k"] and "prlimit" in inner


def test_without_bubblewrap_grading_refuses_unless_the_instructor_opts_out():
    assert "not installed" in Sandbox(bwrap="/nonexistent/bwrap").problem()
    assert "UNSAFE" in Sandbox.allow_unsandboxed.help


# ---------------------------------------------------------------- the probe, through nbgrader autograde

PROBE = r'''
import json, os, pathlib, socket, subprocess, sys
_course, _repo, _port, _tag = pathlib.Path(%(course)r), pathlib.Path(%(repo)r), %(port)d, %(tag)r
_found = {}
def _try(name, act):
    try:
        _found[name] = "allowed: " + repr(act())[:80]
    except BaseException as error:
        _found[name] = "denied: " + type(error).__name__
_try("read gradebook.db", lambda: (_course / "gradebook.db").read_bytes()[:15])
_try("list the course folder", lambda: os.listdir(_course))
_found["seen of the course"] = sorted(str(p.relative_to(_course)) for p in _course.rglob("*")) if _course.exists() else []
_try("read the solutions", lambda: (_course / "solutions" / %(a)r / (%(a)r + ".ipynb")).read_text()[:20])
_try("read a classmate's submission", lambda: (_course / "submitted" / "other" / %(a)r / (%(a)r + ".ipynb")).read_text()[:20])
_try("read a classmate's graded copy", lambda: os.listdir(_course / "autograded" / "other"))
_try("read data the assignment does not declare", lambda: (_repo / "datasets" / "support" / "support_log.csv").read_text()[:20])
_try("write beside the data", lambda: (_repo / "datasets" / "probe.txt").write_text("x"))
_try("write into the kit", lambda: (_repo / "jtbd_kit" / "probe.py").write_text("x"))
_try("write into the course", lambda: (_course / "probe.txt").write_text("x"))
_try("write into the instructor's home", lambda: (pathlib.Path(%(home)r) / ("probe-" + _tag)).write_text("x"))
_try("connect to the grader's machine", lambda: socket.create_connection(("127.0.0.1", _port), timeout=2))
_try("run as root", lambda: os.getuid() == 0 or (_ for _ in ()).throw(PermissionError("not root")))
_found["read declared data"] = "allowed" if (_repo / "datasets" / "repair_job.yaml").exists() else "denied"
_found["write in its own folder"] = str(pathlib.Path("scratch.txt").write_text("mine"))
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", _tag], start_new_session=True,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(%(mark)r + json.dumps(_found))
'''


def run_probe(sandboxed=True):
    """A course in /var/tmp; 'other' graded first, then the probe; what the probe printed."""
    base = Path(tempfile.mkdtemp(prefix="jtbd-sandbox-", dir="/var/tmp" if os.access("/var/tmp", os.W_OK) else None))
    course = make_course(base / "course")
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.5)
    accepted = []

    def serve():
        while listener.fileno() != -1:
            try:
                accepted.append(listener.accept())
            except OSError:
                if listener.fileno() == -1:
                    return

    threading.Thread(target=serve, daemon=True).start()
    tag = f"jtbd-probe-survivor-{uuid.uuid4().hex[:8]}"
    repo = REPO
    opt_out = []
    if not sandboxed:  # a stand-in repo, so the unsandboxed probe writes nothing into the real one
        repo = base / "repo"
        for rel in ("datasets/repair_job.yaml", "datasets/support/support_log.csv"):
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, repo / rel)
        (repo / "jtbd_kit").mkdir()
        opt_out = ["--Sandbox.bwrap=/nonexistent", "--Sandbox.allow_unsandboxed=True"]
    try:
        run_nbgrader(course, "generate_assignment", "--force", A)
        release = course / "exercises" / A / f"{A}.ipynb"
        for student, nb in (("other", nbformat.read(course / "solutions" / A / f"{A}.ipynb", as_version=4)),
                            ("probe", nbformat.read(release, as_version=4))):
            folder = course / "submitted" / student / A
            shutil.copytree(course / "exercises" / A, folder)
            if student == "probe":
                code = PROBE % {"course": str(course), "repo": str(repo), "port": listener.getsockname()[1],
                                "tag": tag, "a": A, "mark": MARK, "home": str(Path.home())}
                nb.cells.insert(1, nbformat.v4.new_code_cell(code))
            nbformat.write(nb, folder / f"{A}.ipynb")
        run_nbgrader(course, "autograde", "--force", "--student=other", *opt_out, A)
        before = {p: p.read_bytes() for p in (course / "autograded" / "other").rglob("*") if p.is_file()}
        log = run_nbgrader(course, "autograde", "--force", "--student=probe", *opt_out, A)
        graded = nbformat.read(course / "autograded" / "probe" / A / f"{A}.ipynb", as_version=4)
        text = "".join(o.get("text", "") for o in graded.cells[1].get("outputs", []))
        found = json.loads(text.split(MARK, 1)[1].splitlines()[0]) if MARK in text else {}
        survivors = subprocess.run(["pgrep", "-f", tag], capture_output=True, text=True).stdout.split()
        yield {"repo": repo, "course": course, "found": found, "text": text, "log": log.stdout + log.stderr,
               "accepted": list(accepted), "survivors": survivors, "before": before, "tag": tag}
    finally:
        listener.close()
        subprocess.run(["pkill", "-f", tag], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def probed():
    yield from run_probe(sandboxed=True)


@pytest.fixture(scope="module")
def unsandboxed():
    yield from run_probe(sandboxed=False)


DENIED = ["read gradebook.db", "read the solutions", "read a classmate's submission",
          "read a classmate's graded copy", "read data the assignment does not declare", "write beside the data",
          "write into the kit", "write into the course", "write into the instructor's home",
          "connect to the grader's machine", "run as root"]


@needs_bwrap
@pytest.mark.nbgrader
@pytest.mark.parametrize("attempt", DENIED)
def test_the_probe_is_denied(probed, attempt):
    assert probed["found"], f"the probe printed nothing:\n{probed['text']}\n{probed['log'][-3000:]}"
    assert probed["found"][attempt].startswith("denied"), f"{attempt}: {probed['found'][attempt]}"


@needs_bwrap
@pytest.mark.nbgrader
def test_of_the_course_the_probe_sees_only_the_empty_path_to_its_own_folder(probed):
    own = f"autograded/probe/{A}"
    assert probed["found"]["seen of the course"] == ["autograded", "autograded/probe", own] + sorted(
        f"{own}/{p.name}" for p in (probed["course"] / "submitted" / "probe" / A).iterdir())


@needs_bwrap
@pytest.mark.nbgrader
def test_the_probe_can_still_do_its_work(probed):
    assert probed["found"]["read declared data"] == "allowed"
    assert probed["found"]["write in its own folder"] == "4"
    assert not (probed["course"] / "autograded" / "probe" / A / "scratch.txt").exists(), \
        "what the kernel writes stays in its scratch copy"


@needs_bwrap
@pytest.mark.nbgrader
def test_nothing_reached_the_network_or_outlived_grading_or_touched_the_classmate(probed):
    assert probed["accepted"] == [], "a connection from the sandbox reached the grader's machine"
    assert probed["survivors"] == [], f"processes outlived grading: {probed['survivors']}"
    after = {p: p.read_bytes() for p in (probed["course"] / "autograded" / "other").rglob("*") if p.is_file()}
    assert after == probed["before"]
    for path in (REPO / "datasets" / "probe.txt", REPO / "jtbd_kit" / "probe.py", probed["course"] / "probe.txt",
                 Path.home() / f"probe-{probed['tag']}"):
        assert not path.exists(), path
    from nbgrader.api import Gradebook

    course_id = course_config(probed["course"]).CourseDirectory.course_id
    with Gradebook(f"sqlite:///{probed['course'] / 'gradebook.db'}", course_id) as gradebook:
        other = [g for nb in gradebook.find_submission(A, "other").notebooks for g in nb.grades if g.auto_score is not None]
        assert other and all(g.auto_score == g.max_score for g in other), "the classmate keeps every autograded point"
        assert gradebook.find_submission(A, "probe").score == 0, "the probe answered nothing"


@pytest.mark.nbgrader
def test_the_probe_is_a_real_attack_it_succeeds_without_the_sandbox(unsandboxed):
    """The same probe, graded with the opt-out: what the sandbox denies, a plain kernel allows."""
    found = unsandboxed["found"]
    assert found, unsandboxed["log"][-3000:]
    allowed = [a for a in DENIED if found[a].startswith("allowed")]
    for attempt in ("read gradebook.db", "read the solutions", "read a classmate's submission",
                    "read data the assignment does not declare", "write beside the data", "write into the course",
                    "connect to the grader's machine"):
        assert attempt in allowed, f"{attempt}: {found[attempt]}"
    assert unsandboxed["survivors"], "without the sandbox the probe's process outlives grading"


# ---------------------------------------------------------------- the other way bwrap runs


UNPRIVILEGED = "/usr/bin/python3"


@needs_bwrap
@pytest.mark.skipif(os.geteuid() != 0 or not os.path.exists(UNPRIVILEGED), reason="run as root with Debian's python3")
def test_an_unprivileged_instructor_gets_the_same_sandbox(monkeypatch):
    """As root the kernel runs under its own user id; an ordinary user's bwrap (user namespace) must hold too.

    Run bwrap as uid 1000 with the arguments the grader builds for a non-root instructor, around
    Debian's own python3 (the venv's is under /root, which that user cannot read).
    """
    blocked = [str(p) for p in sandbox.kit_root().parents if not os.stat(p).st_mode & 0o001]
    if blocked:
        pytest.skip(f"user 1000 cannot reach the kit here ({blocked[0]} is closed to others)")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.setattr(sandbox, "_python_dirs", lambda: [])
    monkeypatch.setattr(sandbox, "_user_tasks", lambda uid: 0)
    base = Path(tempfile.mkdtemp(dir="/var/tmp"))
    course = base / "course"
    (course / "sub").mkdir(parents=True)
    (course / "gradebook.db").write_text("secret")
    (course / "sub" / "answer.txt").write_text("mine")
    os.chmod(base, 0o755)
    for p in [course, course / "sub"]:
        os.chmod(p, 0o777)
    probe = ("import os, pathlib, socket, json\n"
             "out = {'workdir': sorted(os.listdir('.')), 'uid': os.getuid()}\n"
             "try:\n    out['gradebook'] = pathlib.Path(%r).read_text()\nexcept OSError as e:\n    out['gradebook'] = type(e).__name__\n"
             "try:\n    socket.create_connection(('1.1.1.1', 53), timeout=2); out['net'] = 'yes'\nexcept OSError:\n    out['net'] = 'no'\n"
             "print(json.dumps(out))\n") % str(course / "gradebook.db")
    args, inner = bwrap_command(Sandbox(), Spec("student"), str(course / "sub"), [UNPRIVILEGED, "-c", probe])
    done = subprocess.run(["setpriv", "--reuid=1000", "--regid=1000", "--clear-groups", *args, *inner],
                          capture_output=True, text=True, timeout=60)
    shutil.rmtree(base)
    if "Operation not permitted" in done.stderr and "namespace" in done.stderr:
        pytest.skip(f"unprivileged user namespaces are off here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["workdir"] == ["answer.txt"] and out["uid"] == 1000
    assert out["gradebook"] in ("FileNotFoundError", "PermissionError") and out["net"] == "no"


# ---------------------------------------------------------------- without a sandbox


@pytest.mark.nbgrader
def test_without_a_sandbox_autograde_refuses_and_the_opt_out_still_guards_the_gradebook(tmp_path):
    sys.path.insert(0, str(REPO / "tools"))
    import grade_demo

    course = make_course(tmp_path / "course")
    run_nbgrader(course, "generate_assignment", "--force", A)
    for student in ("cheat", "honest"):
        folder = course / "submitted" / student / A
        shutil.copytree(course / "exercises" / A, folder)
    nb = nbformat.read(course / "submitted" / "cheat" / A / f"{A}.ipynb", as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell(grade_demo.GRADEBOOK_WRITE))
    nbformat.write(nb, course / "submitted" / "cheat" / A / f"{A}.ipynb")

    refused = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", "--force", "--Sandbox.bwrap=/nonexistent",
                              A], cwd=course, capture_output=True, text=True, timeout=300,
                             env={**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]})
    assert "SandboxUnavailable" in refused.stdout + refused.stderr or "bubblewrap" in refused.stdout + refused.stderr
    assert "allow_unsandboxed" in refused.stdout + refused.stderr, "the refusal names the opt-out"
    assert not list((course / "autograded").rglob("*.ipynb")), "nothing was graded without a sandbox"

    done = run_nbgrader(course, "autograde", "--force", "--Sandbox.bwrap=/nonexistent",
                        "--Sandbox.allow_unsandboxed=True", A)
    assert "GRADING WITHOUT A SANDBOX" in done.stdout + done.stderr, "the opt-out is loud"
    assert "GRADEBOOK CHANGED" in done.stdout + done.stderr
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_config(course).CourseDirectory.course_id) as gb:
        for student in ("cheat", "honest"):
            sub = gb.find_submission(A, student)
            assert sub.score == 0, f"{student} scored {sub.score}: the gradebook write survived"
            for nb in sub.notebooks:
                for grade in nb.grades:
                    assert grade.manual_score is None and grade.extra_credit in (None, 0), (student, grade.name)
                for comment in nb.comments:
                    assert comment.manual_comment in (None, ""), (student, comment.name)
