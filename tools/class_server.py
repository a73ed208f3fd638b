"""A class server on one Linux machine: JupyterHub + nbgrader for the course, in one command.

    sudo make class-server ROSTER=roster.csv          # start (or restart) it; prints URL and passwords
    sudo make class-server-stop                       # stop it; every student's work stays
    sudo python3 tools/class_server.py reset-password ID

What it sets up, all under one folder (``--dir``, default /srv/jtbd-class), from the pinned packages
in requirements-class.txt:

- ``venv/``: Python 3.11 from the system (students' processes must be able to run it), the course
  stack, JupyterHub and its proxy, and the course kit (``kit/``, on the venv's path). The kit's
  graded truth files are readable by the instructor's group only.
- ``exchange/``: nbgrader's exchange, which students write to and cannot list.
- ``state/``: the hub's database, cookie secret, generated config, pid file and log.
- A Unix account for each roster line (home 0700), with a generated password printed once; the
  course's lessons copied into each home. The instructor also gets the nbgrader course folder
  (``~/jtbd-hands-on``: solutions, exercises, datasets, nbgrader_config.py) and Formgrader; students do not.
- JupyterHub groups ``nbgrader-<course>`` (students) and ``formgrade-<course>`` (instructors), which
  nbgrader's JupyterHub plugin reads. Login is PAM against those accounts; docs/deploy.md says how
  to switch to OAuth or LDAP (``state/jupyterhub_config_local.py`` is loaded last).

Roster: a CSV file with the columns ``id,name`` and optionally ``role`` (``student`` or
``instructor``). An id is a Unix user name: lower case letters, digits, ``-`` and ``_``.
"""

from __future__ import annotations

import argparse
import csv
import grp
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COURSE = "jtbd-hands-on"
STUDENTS_GROUP = f"nbgrader-{COURSE}"
GRADERS_GROUP = f"formgrade-{COURSE}"
HOME_COURSE = COURSE  # the folder in each home
FIRST_LESSON = "notebooks/01_job_action_statements.ipynb"
ID = re.compile(r"^[a-z_][a-z0-9_-]{0,30}$")
WORDS = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: passwords are read off a screen
KIT_FILES = ["jtbd_kit", "datasets", "pyproject.toml", "README.md", ".jupyter/data"]  # the last: MathJax offline
# nbgrader's parts that only the instructor gets (off at the venv's level, on in the instructor's ~/.jupyter).
INSTRUCTOR_SERVER_EXTENSIONS = ["nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list"]
INSTRUCTOR_LAB_PLUGINS = ["@jupyter/nbgrader:course-list", "@jupyter/nbgrader:create-assignment"]
TRUTH = ["datasets/survey_exercise/*_truth.*", "datasets/support_exercise/*_truth.*"]


class ClassServerError(Exception):
    """Something the instructor has to fix; the message says what."""


@dataclass
class Person:
    id: str
    name: str
    role: str  # "student" or "instructor"


# ---------------------------------------------------------------- the roster


def read_roster(path: Path, instructor: str | None = None) -> list[Person]:
    """The people in a roster CSV (``id,name[,role]``), checked; ``instructor`` adds one if given."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ClassServerError(f"Cannot read the roster {path}: {error.strerror}.") from None
    rows = list(csv.DictReader(text.splitlines()))
    if not rows or "id" not in rows[0]:
        raise ClassServerError(f"The roster {path} needs a header line 'id,name' (and optionally ',role').")
    people, seen = [], set()
    for number, row in enumerate(rows, start=2):
        pid = (row.get("id") or "").strip()
        role = (row.get("role") or "student").strip().lower() or "student"
        if not ID.match(pid):
            raise ClassServerError(f"Roster line {number}: '{pid}' cannot be a user name (lower case letters, "
                                   "digits, '-' and '_', starting with a letter, at most 31).")
        if role not in ("student", "instructor"):
            raise ClassServerError(f"Roster line {number}: role must be 'student' or 'instructor', not '{role}'.")
        if pid in seen:
            raise ClassServerError(f"Roster line {number}: '{pid}' is listed twice.")
        seen.add(pid)
        people.append(Person(pid, (row.get("name") or pid).strip(), role))
    if instructor and instructor not in seen:
        if not ID.match(instructor):
            raise ClassServerError(f"'{instructor}' cannot be a user name.")
        people.append(Person(instructor, "Instructor", "instructor"))
    if not any(p.role == "instructor" for p in people):
        raise ClassServerError("The roster has no instructor: add a line with role 'instructor' or use --instructor.")
    return people


def new_password() -> str:
    return "-".join("".join(secrets.choice(WORDS) for _ in range(4)) for _ in range(3))


# ---------------------------------------------------------------- system steps


def run(*cmd, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def system_python() -> str:
    """A Python 3.11 that every user can run (the instructor's own may live in /root)."""
    for candidate in (os.environ.get("CLASS_PYTHON"), "/usr/bin/python3.11", "/usr/local/bin/python3.11"):
        if candidate and os.access(candidate, os.X_OK):
            real = Path(candidate).resolve()
            if all(os.stat(p).st_mode & 0o001 for p in [*real.parents]):
                return candidate
    if shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "python3.11", "python3.11-venv", env=env)
        return "/usr/bin/python3.11"
    raise ClassServerError("No Python 3.11 that students can run (set CLASS_PYTHON=/path/to/python3.11).")


def install_kit(base: Path) -> Path:
    """A root-owned copy of the kit and its data; graded truth readable by the graders' group only."""
    kit = base / "kit"
    fresh = base / "kit.new"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".ipynb_checkpoints")
    for name in KIT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, fresh / name, ignore=ignore)
        else:
            shutil.copy2(source, fresh / name)
    run("chmod", "-R", "u=rwX,go=rX", fresh)
    gid = grp.getgrnam(GRADERS_GROUP).gr_gid
    for pattern in TRUTH:
        for path in fresh.glob(pattern):
            os.chown(path, 0, gid)
            path.chmod(0o640)
    if kit.exists():
        shutil.rmtree(kit)
    fresh.rename(kit)
    return kit


def install_venv(base: Path, kit: Path) -> Path:
    venv = base / "venv"
    pins = hashlib.sha256(b"".join((REPO / f).read_bytes() for f in
                                   ("requirements.txt", "requirements-class.txt", "pyproject.toml"))).hexdigest()[:16]
    stamp = venv / f".installed-{pins}"
    if not stamp.exists():
        shutil.rmtree(venv, ignore_errors=True)
        print("Installing the class server's Python environment (about a minute) ...", flush=True)
        run(system_python(), "-m", "venv", venv)
        run(venv / "bin/python", "-m", "pip", "install", "--quiet", "-r", REPO / "requirements-class.txt")
        run(venv / "bin/python", "-m", "pip", "check", stdout=subprocess.DEVNULL)
        stamp.touch()
    # The kit is imported from kit/ (like an editable install), so a restart picks up a new copy.
    site = run(venv / "bin/python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
               capture_output=True, text=True).stdout.strip()
    Path(site, "jtbd_kit_class.pth").write_text(f"{kit}\n")
    write_jupyter_config(venv / "etc/jupyter", base)
    # The course's own JupyterLab settings (no news or update pop-ups), as defaults for everyone.
    settings = REPO / ".jupyter/lab/user-settings"
    overrides = {f"{f.parent.relative_to(settings)}:{f.name.split('.')[0]}": json.loads(f.read_text())
                 for f in settings.rglob("*.jupyterlab-settings")}
    target = venv / "share/jupyter/lab/settings"
    target.mkdir(parents=True, exist_ok=True)
    (target / "overrides.json").write_text(json.dumps(overrides, indent=1))
    return venv


def write_jupyter_config(etc: Path, base: Path) -> None:
    """What every single-user server reads (sys-prefix level): the exchange, the course, no Formgrader."""
    etc.mkdir(parents=True, exist_ok=True)
    (etc / "nbgrader_config.py").write_text(
        "# Written by tools/class_server.py: the class server's exchange and course, for everyone.\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {COURSE!r}\n"
        f"c.Exchange.root = {str(base / 'exchange')!r}\n"
        "c.Authenticator.plugin_class = 'nbgrader.auth.JupyterHubAuthPlugin'\n")
    # Students get no Formgrader, course list or assignment creator; the instructor's own config turns them on.
    write_instructor_tools(etc, "jupyter_server_config.d/zz-jtbd-class.json", on=False)


def write_instructor_tools(folder: Path, server_file: str, on: bool) -> None:
    """Turn the instructor-only parts of nbgrader on or off in a Jupyter config folder."""
    (folder / server_file).parent.mkdir(parents=True, exist_ok=True)
    (folder / "labconfig").mkdir(parents=True, exist_ok=True)
    (folder / server_file).write_text(json.dumps(
        {"ServerApp": {"jpserver_extensions": {name: on for name in INSTRUCTOR_SERVER_EXTENSIONS}}}, indent=1))
    (folder / "labconfig/page_config.json").write_text(json.dumps(
        {"disabledExtensions": {name: not on for name in INSTRUCTOR_LAB_PLUGINS}}, indent=1))


def ensure_group(name: str) -> None:
    try:
        grp.getgrnam(name)
    except KeyError:
        run("groupadd", name)


def ensure_account(person: Person) -> str | None:
    """The person's Unix account; returns the new password, or None for an account that existed."""
    try:
        pwd.getpwnam(person.id)
        created = False
    except KeyError:
        run("useradd", "--create-home", "--shell", "/bin/bash", "--comment", person.name.replace(":", " "), person.id)
        created = True
    home = Path(pwd.getpwnam(person.id).pw_dir)
    home.chmod(0o700)
    if person.role == "instructor":
        run("usermod", "-a", "-G", GRADERS_GROUP, person.id)
    if not created:
        return None
    password = new_password()
    run("chpasswd", input=f"{person.id}:{password}\n", text=True)
    return password


def copy_as(person: Person, source: Path, dest: Path) -> None:
    """Copy ``source`` to ``dest`` (in the person's home) once, owned by them; never overwrite work."""
    if dest.exists():
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    run("chown", "-R", f"{person.id}:", dest.parent if dest.parent.name == HOME_COURSE else dest)


def set_up_home(person: Person) -> None:
    home = Path(pwd.getpwnam(person.id).pw_dir)
    course = home / HOME_COURSE
    copy_as(person, REPO / "notebooks", course / "notebooks")
    if person.role != "instructor":
        return
    for name in ("solutions", "exercises", "datasets"):  # autograding checks the data against the digests
        copy_as(person, REPO / name, course / name)
    config = course / "nbgrader_config.py"
    if not config.exists():
        shutil.copy2(REPO / "nbgrader_config.py", config)
    jupyter = home / ".jupyter"
    write_instructor_tools(jupyter, "jupyter_server_config.json", on=True)
    (jupyter / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.root = {str(course)!r}  # Formgrader's course folder\n")
    run("chown", "-R", f"{person.id}:", jupyter, course)


def hub_config(base: Path, venv: Path, people: list[Person], ip: str, port: int) -> str:
    students = sorted(p.id for p in people if p.role == "student")
    graders = sorted(p.id for p in people if p.role == "instructor")
    state = base / "state"
    return f'''# Written by tools/class_server.py on every start; put your own settings in jupyterhub_config_local.py.
import os
c = get_config()  # noqa: F821
c.JupyterHub.ip = {ip!r}
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.db_url = "sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{state}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{state}/jupyterhub.pid"
c.ConfigurableHTTPProxy.command = ["{venv}/bin/configurable-http-proxy"]
c.ConfigurableHTTPProxy.pid_file = "{state}/proxy.pid"
# Login: the roster's Unix accounts (PAM). docs/deploy.md shows OAuth and LDAP instead.
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False
c.Authenticator.allowed_users = {set(students + graders)!r}
c.Authenticator.admin_users = {set(graders)!r}
c.JupyterHub.load_groups = {{
    "{STUDENTS_GROUP}": {{"users": {students!r}}},
    "{GRADERS_GROUP}": {{"users": {graders!r}}},
}}
# nbgrader's JupyterHub plugin asks the hub which course groups the server's owner is in.
c.JupyterHub.load_roles = [{{"name": "server", "scopes": ["inherit"]}}]
c.Spawner.cmd = ["{venv}/bin/jupyterhub-singleuser"]
c.Spawner.default_url = "/lab/tree/{HOME_COURSE}/{FIRST_LESSON}"
# JUPYTER_PATH: the course's nbconvert templates, so Formgrader loads MathJax from the server, not a CDN.
c.Spawner.environment = {{"PATH": "{venv}/bin:/usr/local/bin:/usr/bin:/bin", "JTBD_EXCHANGE": "{base}/exchange",
                          "JUPYTER_PATH": "{base}/kit/.jupyter/data"}}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
local = os.path.join(os.path.dirname(__file__), "jupyterhub_config_local.py")
if os.path.exists(local):
    load_subconfig(local)  # noqa: F821
'''


# ---------------------------------------------------------------- start, stop


def hub_pid(base: Path) -> int | None:
    try:
        pid = int((base / "state/jupyterhub.pid").read_text().strip())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def wait_for(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def start(args) -> int:
    base = Path(args.dir).resolve()
    people = read_roster(Path(args.roster), args.instructor)
    if hub_pid(base):
        stop(args, quiet=True)
    for name in (STUDENTS_GROUP, GRADERS_GROUP):
        ensure_group(name)
    base.mkdir(parents=True, exist_ok=True)
    base.chmod(0o755)
    kit = install_kit(base)
    venv = install_venv(base, kit)
    exchange = base / "exchange"
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o1777)  # everyone may create the course folder's parts; nbgrader sets their modes
    state = base / "state"
    state.mkdir(exist_ok=True)
    state.chmod(0o700)
    passwords = {}
    for person in people:
        passwords[person.id] = ensure_account(person)
        set_up_home(person)
    config = state / "jupyterhub_config.py"
    config.write_text(hub_config(base, venv, people, args.ip, args.port))
    log = open(state / "jupyterhub.log", "ab")
    env = {**os.environ, "PATH": f"{venv}/bin:{os.environ.get('PATH', '/usr/bin:/bin')}"}
    process = subprocess.Popen([venv / "bin/jupyterhub", "-f", config], cwd=state, stdout=log, stderr=log,
                               stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    host = "127.0.0.1" if args.ip in ("", "0.0.0.0") else args.ip
    if not wait_for(f"http://{host}:{args.port}/hub/health", 90) or process.poll() is not None:
        raise ClassServerError(f"JupyterHub did not start; its log is {state / 'jupyterhub.log'}.")
    shown = args.ip if args.ip not in ("", "0.0.0.0") else (_address() or "this-machine")
    print(f"\nThe class server is running: http://{shown}:{args.port}/\n")
    print(f"{'id':<16} {'role':<11} {'password':<16} name")
    for person in people:
        password = passwords[person.id] or "(unchanged)"
        print(f"{person.id:<16} {person.role:<11} {password:<16} {person.name}")
    print("\nPasswords are shown once: hand them out now (reset one with "
          "`sudo python3 tools/class_server.py reset-password ID`).")
    print(f"The instructor's Formgrader: http://{shown}:{args.port}/user/<instructor>/formgrader")
    print("Stop it with `sudo make class-server-stop` (every student's work stays).")
    return 0


def _address() -> str:
    try:
        return subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()[0]
    except (OSError, IndexError):
        return ""


def stop(args, quiet: bool = False) -> int:
    base = Path(args.dir).resolve()
    pid = hub_pid(base)
    if pid is None:
        if not quiet:
            print("The class server is not running.")
        return 0
    os.kill(pid, signal.SIGTERM)  # the hub stops the students' servers and its proxy, then exits
    for _ in range(120):
        if hub_pid(base) is None:
            break
        time.sleep(0.25)
    else:
        os.kill(pid, signal.SIGKILL)
    try:
        proxy = int((base / "state/proxy.pid").read_text().strip())
        os.kill(proxy, signal.SIGTERM)
    except (OSError, ValueError):
        pass
    if not quiet:
        print(f"The class server is stopped. Student work is in their home folders; the exchange is {base / 'exchange'}.")
    return 0


def reset_password(args) -> int:
    try:
        pwd.getpwnam(args.id)
    except KeyError:
        raise ClassServerError(f"There is no account '{args.id}'.") from None
    password = new_password()
    run("chpasswd", input=f"{args.id}:{password}\n", text=True)
    print(f"{args.id}: {password}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", default=os.environ.get("CLASS_DIR", "/srv/jtbd-class"))
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("start", help="start (or restart) the class server")
    p.add_argument("--roster", required=True, help="CSV with id,name[,role]")
    p.add_argument("--instructor", default=None, help="add this instructor account if the roster has none")
    p.add_argument("--ip", default="0.0.0.0")
    p.add_argument("--port", type=int, default=8000)
    sub.add_parser("stop", help="stop the class server (keeps all work)")
    p = sub.add_parser("reset-password", help="give an account a new password")
    p.add_argument("id")
    args = parser.parse_args(argv)
    if sys.platform != "linux" or os.geteuid() != 0:
        print("The class server creates Unix accounts: run it as root on Linux (sudo make class-server).",
              file=sys.stderr)
        return 2
    try:
        return {"start": start, "stop": stop, "reset-password": reset_password}[args.command](args)
    except ClassServerError as error:
        print(f"class-server: {error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:
        print(f"class-server: {' '.join(map(str, error.cmd))} failed (exit {error.returncode}).", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
