"""Binder: environment.yml follows repo2docker's rules, and the student edition's badge opens lesson 1.

Students and workshops launch the student edition (`make student-edition`), not this repository,
so the badge and the facilitators' notes are checked in the edition's README, built here.

repo2docker (what mybinder.org runs) picks its build from the files it finds: a `binder/` or
`.binder/` folder hides the files at the root, a Dockerfile replaces everything, and only the
name `environment.yml` is read (and then requirements.txt is ignored). It takes the Python
version from a `python=X.Y` dependency, and copies the whole repository in before installing
when the pip section names a local path such as `-e .`. The pins themselves are checked
against requirements.txt in tests/test_setup.py. These tests are fast and need no browser.
"""

import json
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from helpers import REPO, notebooks_in

sys.path.insert(0, str(REPO / "tools"))
import student_edition  # noqa: E402

# repo2docker's own pattern for the Python version in environment.yml (buildpacks/conda).
PYTHON_DEP = re.compile(r"python\s*=+\s*([\d\.]*)")
BINDER_LINK = re.compile(r"[(<](https://mybinder\.org/v2/[^)>\s]+)[)>]")  # (badge) or <link>


def environment():
    data = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict), "environment.yml must hold a mapping (name, channels, dependencies)"
    return data


def local_path(requirement):
    """The local path a pip requirement line points at ('-e .' -> '.'), else None.

    Follows repo2docker's is_local_pip_requirement: flags are stripped, then a path that starts
    with '.' is local.

    >>> local_path("-e ."), local_path("--editable=./kit"), local_path("altair==6.3.0")
    ('.', './kit', None)
    """
    line = requirement.split("#", 1)[0].strip()
    if line.startswith("--") and "=" in line:
        line = line.split("=", 1)[1]
    elif line.startswith("-"):
        parts = line.split(None, 1)
        line = parts[1] if len(parts) == 2 else ""
    return line if line.startswith(".") else None


def test_repo2docker_reads_the_environment_yml_at_the_root():
    hidden_by = [d for d in ("binder", ".binder") if (REPO / d).is_dir()]
    assert not hidden_by, f"repo2docker would read {hidden_by[0]}/ and ignore environment.yml at the root"
    assert (REPO / "environment.yml").is_file(), "Binder needs environment.yml at the repository root"
    assert not (REPO / "environment.yaml").exists(), "repo2docker only reads the name environment.yml"
    assert not (REPO / "Dockerfile").exists(), "a Dockerfile makes repo2docker ignore environment.yml"


def test_binder_needs_no_extra_build_steps():
    # The widget and nbgrader front-ends (and JupyterLab's own Vega renderer) ship prebuilt in their pip packages (the
    # browser tests prove they load), so nothing needs postBuild. If something truly does, add
    # it, say why in the README, and change this test.
    extra = [name for name in ("postBuild", "start", "runtime.txt", "apt.txt") if (REPO / name).exists()]
    assert not extra, f"unexpected Binder build files: {extra}"


def test_environment_pins_python_the_way_repo2docker_reads_it():
    pythons = [
        match.group(1)
        for dep in environment().get("dependencies", [])
        if isinstance(dep, str) and (match := PYTHON_DEP.match(dep))
    ]
    assert pythons == ["3.11"], f"expected one 'python=3.11' dependency, found {pythons or 'none'}"


def test_environment_pip_section_installs_the_kit_from_the_repo():
    deps = environment().get("dependencies", [])
    assert "pip" in deps, "list pip as a conda dependency, or conda cannot run the pip section"
    sections = [dep["pip"] for dep in deps if isinstance(dep, dict) and "pip" in dep]
    assert len(sections) == 1 and isinstance(sections[0], list), "expected one pip: list in dependencies"
    local = [path for line in sections[0] if (path := local_path(str(line)))]
    assert local == ["."], (
        f"the pip section should install the kit from the repository root ('-e .'); local paths: {local}")
    assert 'name = "jtbd_kit"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("binder") / "edition"
    student_edition.build(out, "example-org/jtbd-class")
    return out


def test_the_instructor_readme_sends_students_to_the_edition_not_to_a_binder_of_its_own():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert not BINDER_LINK.findall(text), "the instructor repository holds the answers: it gets no launch link"
    assert "make student-edition" in text


def test_readme_binder_badge_opens_lesson_1_in_jupyterlab(edition):
    links = BINDER_LINK.findall((edition / "README.md").read_text(encoding="utf-8"))
    assert links, "the edition's README.md has no mybinder.org/v2/ launch link"
    assert all("/v2/gh/example-org/jtbd-class/" in link for link in links), "the badge points at the edition's repo"
    lessons = notebooks_in("notebooks", "*.ipynb")
    assert lessons, "no lessons in notebooks/"
    for link in links:
        parts = urlsplit(link)
        urlpath = parse_qs(parts.query).get("urlpath", [""])[0]
        assert urlpath.startswith("lab/tree/"), f"{link}: urlpath should be lab/tree/<notebook> (opens JupyterLab)"
        target = urlpath.removeprefix("lab/tree/")
        assert (edition / target).is_file(), f"{link}: {target} does not exist in the edition"
        assert REPO / target == lessons[0], f"{link}: opens {target}, not lesson 1 ({lessons[0].name})"
        assert re.match(r"^/v2/gh/[^/]+/[^/]+/[^/?]+$", parts.path), f"{link}: expected /v2/gh/<owner>/<repo>/<ref>"


@pytest.mark.parametrize("needle, why", [
    ("mybinder.org/v2/", "the launch link"),
    ("make lab", "the local install when Binder is slow or full"),
    ("Download", "how students keep their work (Binder deletes it)"),
])
def test_readme_tells_facilitators_what_they_need(needle, why, edition):
    text = (edition / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## For workshop facilitators\n(.*?)(?=^## )", text, re.M | re.S)
    assert section, "README.md needs a '## For workshop facilitators' section"
    assert needle in section.group(1), f"the facilitators' section should give {why} ({needle!r})"


def test_the_course_settings_turn_off_jupyterlab_news_on_binder():
    # repo2docker puts the repository in the user's HOME, so .jupyter/ there is JupyterLab's user
    # config: the news pop-up (which offline would only fail) stays away from a workshop room. The
    # browser suite starts JupyterLab with this same folder as its HOME's .jupyter.
    folder = REPO / ".jupyter" / "lab" / "user-settings"
    files = sorted(folder.rglob("*.jupyterlab-settings"))
    assert files, "expected JupyterLab settings in .jupyter/lab/user-settings/"
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    for path in files:
        plugin = path.relative_to(folder).with_suffix("")
        schema = json.loads((schemas / plugin.parent / f"{plugin.name}.json").read_text(encoding="utf-8"))
        settings = json.loads(path.read_text(encoding="utf-8"))
        unknown = set(settings) - set(schema["properties"])
        assert not unknown, f"{path.name}: JupyterLab has no settings {sorted(unknown)} for {plugin}"
    news = json.loads((folder / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").read_text())
    assert news == {"fetchNews": "false", "checkForUpdates": False}
