"""Project set-up: pins, derived files, .gitignore, nbgrader configuration, kernel."""

import importlib.util
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from helpers import REPO, assignments, course_config, notebooks_in, report


def read_requirements(path):
    """{canonical name: Requirement} of a requirements file, following `-r` includes."""
    found = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            found.update(read_requirements(path.parent / line[3:].strip()))
            continue
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name not in found, f"{path.name}: {req.name} is listed twice"
        found[name] = req
    return found


def pinned_version(req):
    """The version of an exact `name==X` pin, else None."""
    specs = list(req.specifier)
    if len(specs) == 1 and specs[0].operator == "==" and "*" not in specs[0].version:
        return specs[0].version
    return None


def load_make_environment():
    spec = importlib.util.spec_from_file_location("make_environment", REPO / "tools" / "make_environment.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- pins and derived files


def test_environment_yml_is_generated_from_requirements():
    wanted = load_make_environment().render(REPO / "requirements.txt")
    committed = (REPO / "environment.yml").read_text(encoding="utf-8")
    assert committed == wanted, (
        "environment.yml is out of date with requirements.txt (or was edited by hand). "
        "Run `make environment.yml` and commit the result."
    )


def test_environment_yml_installs_the_kit_and_python_311():
    text = load_make_environment().render(REPO / "requirements.txt")
    assert "  - python=3.11\n" in text
    assert "      - -e .\n" in text
    for name, req in read_requirements(REPO / "requirements.txt").items():
        assert f"      - {req}\n" in text, f"{req} is missing from environment.yml"


@pytest.mark.parametrize("filename", ["requirements.txt", "requirements-test.txt"])
def test_requirements_are_exact_pins(filename):
    reqs = read_requirements(REPO / filename)
    assert reqs, f"{filename} pins nothing"
    loose = [str(r) for r in reqs.values() if pinned_version(r) is None]
    assert not loose, f"{filename}: pin these with ==: {loose}"


def test_test_requirements_build_on_the_course_pins():
    first = next(
        line.strip()
        for line in (REPO / "requirements-test.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    assert first == "-r requirements.txt", "requirements-test.txt must start with -r requirements.txt"
    course = read_requirements(REPO / "requirements.txt")
    assert {"pytest", "hypothesis"} <= set(read_requirements(REPO / "requirements-test.txt")) - set(course)


def test_pyproject_dependencies_are_pinned_in_requirements():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = read_requirements(REPO / "requirements.txt")
    problems = []
    for line in project.get("dependencies", []):
        dep = Requirement(line)
        pin = pins.get(canonicalize_name(dep.name))
        if pin is None or pinned_version(pin) is None:
            problems.append(f"{dep.name} is a dependency in pyproject.toml but not pinned (==) in requirements.txt")
        elif not dep.specifier.contains(pinned_version(pin), prereleases=True):
            problems.append(f"requirements.txt pins {pin}, outside pyproject.toml's range {dep}")
    report(problems)


def test_this_environment_has_the_pinned_versions():
    wrong = []
    for name, req in read_requirements(REPO / "requirements-test.txt").items():
        if pinned_version(req) is None:
            continue  # test_requirements_are_exact_pins reports it
        try:
            installed = version(name)
        except PackageNotFoundError:
            wrong.append(f"{req.name} is not installed")
            continue
        if Version(installed) != Version(pinned_version(req)):
            wrong.append(f"{req.name} {installed} is installed, requirements pin {pinned_version(req)}")
    assert not wrong, "\n".join(wrong) + "\nRun `make install` (it re-installs when the pins change)."


# ---------------------------------------------------------------- .gitignore

IGNORED = [
    "gradebook.db",
    ".nbgrader.log",
    "notebooks/.ipynb_checkpoints/01_x-checkpoint.ipynb",
    "submitted/student/01_x/01_x.ipynb",
    "autograded/student/01_x/01_x.ipynb",
    "feedback/student/01_x/01_x.html",
    ".exchange/jtbd-hands-on/outbound/01_x/01_x.ipynb",
    ".venv/bin/python",
    "jtbd_kit/__pycache__/rules.cpython-311.pyc",
    "jtbd_kit.egg-info/PKG-INFO",
    ".pytest_cache/v/cache/nodeids",
    ".hypothesis/examples/0a1b",
]
KEPT = [
    "notebooks/01_x.ipynb",
    "solutions/01_x/01_x.ipynb",
    "exercises/01_x/01_x.ipynb",
    "environment.yml",
    "nbgrader_config.py",
    "datasets/survey.csv",
    "jtbd_kit/rules.py",
]


def git_ignored(paths):
    """{path: is it ignored by .gitignore} as git itself decides (tracked or not)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    done = subprocess.run(
        ["git", "check-ignore", "--no-index", "--verbose", "--non-matching", *paths],
        cwd=REPO, capture_output=True, text=True,
    )
    if done.returncode not in (0, 1):
        pytest.skip(f"git check-ignore failed here: {done.stderr.strip()}")
    result = {}
    for line in done.stdout.splitlines():
        source, path = line.split("\t", 1)
        pattern = source.split(":", 2)[2]
        result[path] = bool(pattern) and not pattern.startswith("!")
    return result


def test_gitignore_covers_generated_and_grading_files():
    ignored = git_ignored(IGNORED + KEPT)
    missing = [p for p in IGNORED if not ignored[p]]
    too_broad = [p for p in KEPT if ignored[p]]
    report(
        [f".gitignore should cover {p}" for p in missing]
        + [f".gitignore hides {p}, which belongs in the repo" for p in too_broad]
    )


# ---------------------------------------------------------------- nbgrader configuration


def test_nbgrader_config_sets_course_folders_and_timeout():
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import Execute

    config = course_config()
    coursedir = CourseDirectory(config=config, root=str(REPO))
    assert coursedir.course_id == "jtbd-hands-on"
    assert coursedir.source_directory == "solutions"
    assert coursedir.release_directory == "exercises"
    assert 10 <= Execute(config=config).timeout <= 300, "set a per-cell timeout for autograding"
    for assignment, _ in assignments():
        source = Path(coursedir.format_path(coursedir.source_directory, ".", assignment))
        assert source.is_dir(), f"nbgrader would look for {assignment} in {source}"


def test_nbgrader_exchange_is_a_writable_ignored_folder_in_the_repo():
    root = Path(course_config().Exchange.root)
    assert root.is_dir(), "nbgrader_config.py should create the exchange folder"
    relative = root.resolve().relative_to(REPO).as_posix()
    probe = f"{relative}/jtbd-hands-on/inbound/x.ipynb"
    assert git_ignored([probe])[probe], f"{relative}/ must be in .gitignore"


def test_assignment_layout():
    found = assignments()
    assert found, "no solutions/<assignment>/<assignment>.ipynb found: nothing for nbgrader to test"
    for folder in sorted(p for p in (REPO / "solutions").iterdir() if p.is_dir()):
        if folder.name.startswith("."):
            continue
        expected = folder / f"{folder.name}.ipynb"
        assert expected.exists(), f"solutions/{folder.name}/ should hold {folder.name}.ipynb"
    names = [a for a, _ in found]
    assert len(names) == len(set(names)), f"one notebook per assignment folder please: {names}"
    lessons = {p.stem for p in notebooks_in("notebooks", "*.ipynb")}
    orphans = [a for a in names if a not in lessons]
    assert not orphans, f"these assignments have no lesson notebooks/<name>.ipynb: {orphans}"


# ---------------------------------------------------------------- kernel


def test_python3_kernel_runs_this_environment():
    from jupyter_client.kernelspec import KernelSpecManager

    argv0 = KernelSpecManager().get_kernel_spec("python3").argv[0]
    major, minor = sys.version_info[:2]
    generic = {"python", f"python{major}", f"python{major}.{minor}"}  # jupyter_client maps these to sys.executable
    assert argv0 in generic or Path(argv0).resolve() == Path(sys.executable).resolve(), (
        f"the 'python3' kernel would start {argv0}, not {sys.executable}: notebooks would run in "
        "another environment. Remove the stray kernel (`jupyter kernelspec list`)."
    )
