"""A sandbox for the kernels that grade a submission: bubblewrap (``bwrap``) around each kernel.

When nbgrader grades a student's notebook, its code runs in a kernel started by
:class:`SandboxedKernelManager`. That kernel sees:

- the system (``/usr``, ``/etc``, ...), Python and the course's virtual environment, read-only;
- ``jtbd_kit``'s own folder, read-only (it holds no answers);
- read-only copies of exactly the data files the assignment declares, where the kit looks for them;
- its working folder: a private scratch copy (in memory, size-capped) of that one submission;
- small size-capped scratch folders for ``/tmp`` and ``/dev/shm``;

and nothing else: not the gradebook, ``solutions/``, ``submitted/``, other students' folders,
feedback, the exchange, or the instructor's home. It has no network (a new network namespace holds
only an unused loopback), its own process namespace (every process it starts dies with it), and
limits on memory, processes, file size and CPU time. As root it runs as an unprivileged user id
of its own; otherwise as the instructor's user id inside a user namespace.

The kernel talks to nbgrader over Unix sockets (jupyter's ``ipc`` transport) in a small folder of
the sandbox, which the grader reaches through ``/proc/<pid>/root``: no TCP port is opened.

>>> plan = MountPlan()
>>> plan.ro("/usr", "/usr"); plan.tmpfs("/tmp", 1 << 20, mode="1777")
>>> plan.args()[:3], "--remount-ro" in plan.args()
(['--ro-bind', '/usr', '/usr'], True)

Where bubblewrap cannot run (a Mac, a container without user namespaces), grading refuses to
start unless the instructor opts out explicitly with ``--Sandbox.allow_unsandboxed=True``: see
docs/authoring.md and the README's instructor section for what is then lost.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Dict, Integer, List, Unicode
from traitlets.config import Configurable

__all__ = ["MountPlan", "Sandbox", "SandboxUnavailable", "SandboxedKernelManager", "bwrap_problem",
           "kit_root"]

RUN = "/run/jtbd"  # inside the sandbox: the kernel's sockets and connection file
SUBMISSION = "/run/jtbd-submission"  # inside the sandbox: the submission, read-only, copied to the workdir
JUDGE_HOME = "/run/jtbd-judge"  # the test kernel's empty working folder
COURSE_DATA = "/run/jtbd-course-data"  # the fixed, read-only place of the course data for hidden tests
SOCKETS = f"{RUN}/kernel"  # the ipc path prefix: sockets are kernel-1, kernel-2, ...
CONNECTION = f"{RUN}/kernel.json"
MB = 1 << 20


class SandboxUnavailable(RuntimeError):
    """Grading was asked for without a sandbox, and the instructor did not opt out."""


def kit_root() -> Path:
    """The folder that holds ``jtbd_kit/`` and ``datasets/`` (the course repository)."""
    return Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- the mount plan


@dataclass
class MountPlan:
    """bubblewrap's filesystem arguments, in order, with the folders bwrap creates made readable.

    bwrap creates a missing parent folder of a mount point with mode 0700, so an unprivileged
    kernel could not reach ``/root/.pyenv/...``; every created parent is set to 0755 here. The
    sandbox's root is made read-only at the end, so only the tmpfs folders can be written.
    """

    items: list[list[str]] = field(default_factory=list)
    mounts: list[str] = field(default_factory=list)
    modes: dict[str, str] = field(default_factory=dict)

    def ro(self, source, dest) -> None:
        self.items.append(["--ro-bind", str(source), str(dest)])
        self.mounts.append(str(dest))

    def tmpfs(self, dest, size: int, mode: str = "0777") -> None:
        self.items.append(["--size", str(int(size)), "--tmpfs", str(dest)])
        self.mounts.append(str(dest))
        self.modes[str(dest)] = mode

    def symlink(self, target, dest) -> None:
        self.items.append(["--symlink", str(target), str(dest)])
        self.mounts.append(str(dest))

    def special(self, flag: str, dest: str) -> None:  # --dev /dev, --proc /proc
        self.items.append([flag, dest])
        self.mounts.append(dest)

    def _created_parents(self) -> list[str]:
        mounted = set(self.mounts)
        bound = mounted - set(self.modes)  # binds and special mounts; the tmpfs folders are in self.modes
        parents = set()
        for dest in self.mounts:
            for parent in PurePosixPath(dest).parents:
                text = str(parent)
                if text == "/" or text in mounted:
                    break
                if any(text.startswith(m.rstrip("/") + "/") for m in bound):
                    break  # inside a bound folder: not a folder bwrap makes (inside a tmpfs, it is)
                parents.add(text)
        return sorted(parents, key=lambda p: p.count("/"))

    def args(self) -> list[str]:
        out = [arg for item in self.items for arg in item]
        for parent in self._created_parents():
            out += ["--chmod", "0755", parent]
        for dest, mode in self.modes.items():
            out += ["--chmod", mode, dest]
        return out + ["--remount-ro", "/", "--remount-ro", "/dev"]


def _system(plan: MountPlan) -> None:
    for path in ("/usr", "/etc"):
        plan.ro(path, path)
    for path in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(path):
            plan.symlink(os.readlink(path), path)
        elif os.path.isdir(path):
            plan.ro(path, path)
    plan.special("--dev", "/dev")
    plan.special("--proc", "/proc")


def _python_dirs() -> list[str]:
    """Python itself and the environment the grader runs in (both read-only in the sandbox)."""
    dirs = []
    for prefix in dict.fromkeys([sys.base_prefix, sys.prefix, os.path.dirname(os.path.realpath(sys.executable))]):
        real = os.path.realpath(prefix)
        if real.startswith("/usr/") or real == "/usr":
            continue  # already there
        if not any(real == d or real.startswith(d + "/") for d in dirs):
            dirs.append(real)
    return dirs


# ---------------------------------------------------------------- can we sandbox here?


@functools.lru_cache(maxsize=None)
def bwrap_problem(bwrap: str = "bwrap") -> str:
    """Why bubblewrap cannot sandbox a kernel on this machine, or "" when it can.

    The answer comes from really starting a sandbox with the namespaces the grader uses.
    """
    path = shutil.which(bwrap)
    if path is None:
        return (f"bubblewrap ({bwrap}) is not installed. On Debian or Ubuntu: sudo apt-get install bubblewrap "
                "(`make grading-deps` does it when run as root).")
    plan = MountPlan()
    _system(plan)
    command = [path, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--die-with-parent", *plan.args(), "true"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"bubblewrap did not start a sandbox: {error}"
    if done.returncode != 0:
        return f"bubblewrap is installed but cannot make a sandbox here: {done.stderr.strip() or done.returncode}"
    return ""


# ---------------------------------------------------------------- settings


class Sandbox(Configurable):
    """How grading kernels are sandboxed. Set these in nbgrader_config.py as ``c.Sandbox.<name>``."""

    allow_unsandboxed = Bool(False, help=(
        "UNSAFE. Grade without a sandbox where bubblewrap cannot run. A submission can then read the "
        "gradebook, the solutions and other students' work, write files anywhere the instructor can, and "
        "leave processes running. Only for notebooks you trust.")).tag(config=True)
    bwrap = Unicode("bwrap", help="The bubblewrap command.").tag(config=True)
    memory_mb = Integer(3072, help="Address space of a grading kernel, in MB (RLIMIT_AS).").tag(config=True)
    processes = Integer(256, help="Processes and threads a grading kernel may have (RLIMIT_NPROC).").tag(config=True)
    file_mb = Integer(64, help="Largest file a grading kernel may write, in MB.").tag(config=True)
    scratch_mb = Integer(256, help="Size of the working folder, of /tmp and of /dev/shm, each, in MB.").tag(config=True)
    cpu_seconds = Integer(1800, help="CPU seconds a grading kernel may use in all.").tag(config=True)
    nice = Integer(10, help="Scheduling priority of grading kernels (the grader itself keeps its own).").tag(config=True)
    student_uid = Integer(64990, help="When grading as root: the user id the student's kernel runs as.").tag(config=True)
    judge_uid = Integer(64991, help="When grading as root: the user id the test kernel runs as.").tag(config=True)
    extra_ro = List(Unicode(), help="More folders a grading kernel may read (e.g. a shared font folder).").tag(config=True)
    env = Dict(help="More environment variables for grading kernels.").tag(config=True)

    def problem(self) -> str:
        """Why grading cannot be sandboxed here ("" when it can)."""
        if sys.platform != "linux":
            return f"the grading sandbox needs Linux (bubblewrap); this machine runs {sys.platform}"
        return bwrap_problem(self.bwrap)


def _user_tasks(uid: int) -> int:
    """Processes and threads that user ``uid`` runs now (what RLIMIT_NPROC counts)."""
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:
                continue
    return count


@dataclass
class Spec:
    """What one grading kernel sees: the role decides the user id and the working folder."""

    role: str  # "student" (runs the submission) or "judge" (runs the tests on the answers)
    student_data: dict[str, Path] = field(default_factory=dict)  # relative path -> file, at the kit's place
    grader_data: dict[str, Path] = field(default_factory=dict)  # relative path -> file, at COURSE_DATA (judge)
    env: dict[str, str] = field(default_factory=dict)


def bwrap_command(settings: Sandbox, spec: Spec, workdir: str | None, kernel: list[str]) -> tuple[list[str], list[str]]:
    """bwrap with its options and mounts, and the command it runs: the limits, then the kernel."""
    root = os.geteuid() == 0
    plan = MountPlan()
    _system(plan)
    # The scratch folders first: a course, a kit or a venv that lives under /tmp is bound on top of
    # the sandbox's own /tmp, not hidden by it.
    scratch = settings.scratch_mb * MB
    plan.tmpfs("/tmp", scratch, "1777")
    plan.tmpfs("/dev/shm", scratch, "1777")
    for folder in _python_dirs() + [str(Path(p).resolve()) for p in settings.extra_ro]:
        plan.ro(folder, folder)
    kit = kit_root()
    plan.ro(kit / "jtbd_kit", kit / "jtbd_kit")
    for relative, source in sorted(spec.student_data.items()):
        plan.ro(source, kit / relative)
    if spec.role == "judge":
        for relative, source in sorted({**spec.student_data, **spec.grader_data}.items()):
            plan.ro(source, f"{COURSE_DATA}/{relative}")
    plan.tmpfs(RUN, MB, "0777")
    if spec.role == "student" and workdir:
        plan.ro(workdir, SUBMISSION)
        plan.tmpfs(workdir, scratch, "0777")
        home = workdir
    else:
        plan.tmpfs(JUDGE_HOME, scratch, "0777")
        home = JUDGE_HOME
    env = {
        "PATH": f"{os.path.dirname(sys.executable)}:/usr/local/bin:/usr/bin:/bin",
        "HOME": "/tmp", "LANG": os.environ.get("LANG", "C.UTF-8"), "TMPDIR": "/tmp",
        "JPY_PARENT_PID": "1",  # the kernel's parent is the sandbox's init: do not watch the grader's pid
        "PYTHONDONTWRITEBYTECODE": "1", "MPLCONFIGDIR": "/tmp/matplotlib",
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "JOBLIB_MULTIPROCESSING": "0",
        **{k: v for k, v in os.environ.items() if k.startswith(("NBGRADER_", "PYDEVD_"))},
        **settings.env, **spec.env,
    }
    args = [shutil.which(settings.bwrap) or settings.bwrap, "--unshare-pid", "--unshare-net", "--unshare-ipc",
            "--unshare-uts", "--die-with-parent", "--clearenv"]
    for key, value in sorted(env.items()):
        args += ["--setenv", key, value]
    args += plan.args()
    args += ["--chdir", home]
    inner = []
    if spec.role == "student" and workdir:
        # The private copy of the submission, made before any student code runs (as root: whoever owns the files).
        inner += ["sh", "-c", f'cp -R {SUBMISSION}/. . 2>/dev/null; chmod -R a+rwX . 2>/dev/null; exec "$@"', "sandbox"]
    if root:
        uid = settings.student_uid if spec.role == "student" else settings.judge_uid
        args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_DAC_READ_SEARCH"]
        inner += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
                  "--no-new-privs", "--"]
        processes = settings.processes
    else:
        processes = _user_tasks(os.getuid()) + settings.processes
    inner += ["prlimit", f"--as={settings.memory_mb * MB}", f"--nproc={processes}", f"--fsize={settings.file_mb * MB}",
              f"--cpu={settings.cpu_seconds}", "--core=0", "--nofile=1024", "--",
              "nice", "-n", str(settings.nice), "--"]
    return args, inner + kernel


# ---------------------------------------------------------------- the kernel manager


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel runs inside bubblewrap (see the module's docstring).

    The grader sets ``spec`` (what the kernel may see) before starting it; the kernel's working
    folder is the ``cwd`` nbgrader passes (the submission's autograded folder), of which the
    kernel gets a private copy.
    """

    def __init__(self, *args, spec: Spec | None = None, settings: Sandbox | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec or Spec("student")
        self.settings = settings or Sandbox(parent=self)
        self.transport = "ipc"
        self._rundir = None
        self._info = None

    async def _async_pre_start_kernel(self, **kw):
        # Interrupt by message: a signal to bwrap's process group would end the sandbox, not the cell.
        self.kernel_spec.interrupt_mode = "message"
        self._rundir = tempfile.mkdtemp(prefix="jtbd-kernel-")
        self.connection_file = os.path.join(self._rundir, "kernel.json")
        self.ip = SOCKETS  # the kernel's own view; the grader's is set once the sandbox is running
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        os.chmod(self.connection_file, 0o644)  # the kernel's user id must read it; the folder is the grader's (0700)
        kernel_cmd = [CONNECTION if arg == os.path.realpath(self.connection_file) else arg for arg in kernel_cmd]
        bwrap, inner = bwrap_command(self.settings, self.spec, kw.get("cwd"), kernel_cmd)
        read, write = os.pipe()
        self._info = read
        command = [*bwrap, "--ro-bind", self.connection_file, CONNECTION, "--info-fd", str(write), "--", *inner]
        kw["pass_fds"] = (write,)
        kw.pop("cwd", None)  # bwrap --chdir sets it inside the sandbox
        self._info_write = write
        return command, kw

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        try:
            await super()._async_launch_kernel(kernel_cmd, **kw)
        finally:
            os.close(self._info_write)
        loop = asyncio.get_running_loop()
        try:
            raw = await asyncio.wait_for(loop.run_in_executor(None, _read_all, self._info), timeout=30)
        finally:
            os.close(self._info)
        try:
            pid = int(json.loads(raw)["child-pid"])
        except (ValueError, KeyError, TypeError):
            raise RuntimeError("The grading sandbox did not start (bubblewrap gave no process id)") from None
        self.ip = f"/proc/{pid}/root{SOCKETS}"  # the sockets, as the grader outside the sandbox reaches them
        self.sandbox_pid = pid

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        try:
            await super()._async_cleanup_resources(restart=restart)
        except OSError:
            pass
        if self._rundir and not restart:
            shutil.rmtree(self._rundir, ignore_errors=True)

    def cleanup_ipc_files(self) -> None:
        """The sockets live inside the sandbox and vanish with it."""


def _read_all(fd: int) -> bytes:
    data = b""
    while True:
        chunk = os.read(fd, 4096)
        if not chunk:
            return data
        data += chunk
        if data.rstrip().endswith(b"}"):
            return data
