"""What the class-server tool reads and what the Kubernetes route ships (docs/deploy.md), without root.

The chart's own schema is not on the registries this project installs from, so the values are checked
against what docs/deploy.md says they do; `helm lint` with the chart is the instructor's last step.
"""

import re
import sys

import pytest
import yaml
from traitlets.config import Config

from helpers import REPO

sys.path.insert(0, str(REPO / "tools"))
import class_server  # noqa: E402

VALUES = REPO / "deploy" / "values.yaml"
DOC = (REPO / "docs" / "deploy.md").read_text()


def _get(tree: dict, dotted: str):
    for part in dotted.split("."):
        assert isinstance(tree, dict) and part in tree, f"{dotted} is not in deploy/values.yaml"
        tree = tree[part]
    return tree


def test_every_key_the_doc_names_is_in_the_values():
    values = yaml.safe_load(VALUES.read_text())
    named = set(re.findall(r"`((?:singleuser|cull|hub)\.[A-Za-z.]+)`", DOC))
    assert {"singleuser.memory.limit", "cull.timeout", "singleuser.storage.extraVolumes"} <= named
    for key in named:
        _get(values, key)
    assert _get(values, "cull.enabled") is True and _get(values, "cull.timeout") > 0
    mounts = _get(values, "singleuser.storage.extraVolumeMounts")
    assert [m["mountPath"] for m in mounts] == [_get(values, "singleuser.extraEnv.JTBD_EXCHANGE")]
    claim = yaml.safe_load((REPO / "deploy" / "exchange-pvc.yaml").read_text())
    assert _get(values, "singleuser.storage.extraVolumes")[0]["persistentVolumeClaim"]["claimName"] == \
        claim["metadata"]["name"] and claim["spec"]["accessModes"] == ["ReadWriteMany"]


def test_the_hub_config_runs_and_names_the_course_groups():
    values = yaml.safe_load(VALUES.read_text())
    c = Config()
    exec(compile(_get(values, "hub.extraConfig.nbgrader"), "extraConfig.nbgrader", "exec"), {"c": c})
    course = re.search(r'course_id = "([^"]+)"', (REPO / "nbgrader_config.py").read_text()).group(1)
    assert set(c.JupyterHub.load_groups) == {f"nbgrader-{course}", f"formgrade-{course}"}
    assert {"name": "server", "scopes": ["inherit"]} in c.JupyterHub.load_roles
    assert class_server.COURSE == course


def test_the_class_server_config_is_python_the_hub_can_load(tmp_path):
    people = [class_server.Person("lee", "Dr Lee", "instructor"), class_server.Person("ana", "Ana", "student")]
    text = class_server.hub_config(tmp_path, tmp_path / "venv", people, "127.0.0.1", 8123)
    c = Config()
    exec(compile(text, "jupyterhub_config.py", "exec"),
         {"get_config": lambda: c, "load_subconfig": None, "__file__": str(tmp_path / "x.py")})
    assert c.JupyterHub.port == 8123 and c.Authenticator.admin_users == {"lee"}
    assert c.JupyterHub.load_groups["nbgrader-jtbd-hands-on"]["users"] == ["ana"]
    assert c.Spawner.environment["JTBD_EXCHANGE"] == f"{tmp_path}/exchange"


@pytest.mark.parametrize("text, says", [
    ("name\nx\n", "header line 'id,name'"),
    ("id,name\nAna Alves,Ana\nlee,Lee\n", "cannot be a user name"),
    ("id,name\nana,Ana\nana,Ana again\n", "listed twice"),
    ("id,name,role\nana,Ana,teacher\n", "role must be"),
    ("id,name\nana,Ana\n", "no instructor"),
    ("", "header line"),
])
def test_a_bad_roster_is_refused_in_words(tmp_path, text, says):
    path = tmp_path / "roster.csv"
    path.write_text(text)
    with pytest.raises(class_server.ClassServerError, match=re.escape(says)):
        class_server.read_roster(path)


def test_a_good_roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("\ufeffid,name,role\nlee,Dr Lee,instructor\nana,Ana Alves,\nben,\"Okafor, Ben\",student\n",
                    encoding="utf-8")
    people = class_server.read_roster(path)
    assert [(p.id, p.role) for p in people] == [("lee", "instructor"), ("ana", "student"), ("ben", "student")]
    assert people[2].name == "Okafor, Ben"
    assert [p.id for p in class_server.read_roster(path, instructor="tess")][-1] == "tess"
    with pytest.raises(class_server.ClassServerError, match="Cannot read"):
        class_server.read_roster(tmp_path / "missing.csv")


def test_passwords_are_readable_and_different():
    words = {class_server.new_password() for _ in range(200)}
    assert len(words) == 200
    assert all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", w) and not set(w) & set("01lio") for w in words)
