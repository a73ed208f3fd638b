# Jobs to be Done, hands-on -- common tasks. Run `make help` from the repo root.
#
# Everything runs in a project venv, .venv (Python 3.11), made by `make install`.
# Versions are pinned in requirements.txt (course) and requirements-test.txt (+ test tools).

ifndef PYTHON
PYTHON := $(shell command -v python3.11 || command -v python3)
endif
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LESSON ?= notebooks/01_job_action_statements.ipynb
LAB_ARGS ?=
PYTEST_ARGS ?=

# nbgrader runs the `alembic` command it installs, so the venv's bin/ must come first on PATH.
export PATH := $(abspath $(BIN)):$(PATH)

# The course's nbconvert templates come first: Formgrader's and nbconvert's pages load MathJax from the
# Jupyter server, not a CDN (.jupyter/data/nbconvert/templates/base/mathjax.html.j2).
export JUPYTER_PATH := $(CURDIR)/.jupyter/data$(if $(JUPYTER_PATH),:$(JUPYTER_PATH))

# JupyterLab refuses to run as root unless told it may.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.DEFAULT_GOAL := help
.PHONY: help install browser-deps grading-deps lab test fuzz autograde grade-demo class-server class-server-stop bench exercises student-edition environment.yml docs survey support-log clean

help:  ## list the targets
	@echo "Targets (run from the repo root):"
	@grep -E '^[a-zA-Z_.-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "} {printf "  make %-16s %s\n", $$1, $$2}'

install: $(STAMP)  ## create .venv (Python 3.11) with the pinned stack and jtbd_kit (-e)

# The venv itself. `python -m venv` fails where ensurepip is missing (Debian without
# python3-venv): then fall back to virtualenv, installed for the user.
$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "No python3.11 or python3 found on PATH."; exit 1; }
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null || \
		{ echo "The course needs Python 3.11, but $(PYTHON) is $$($(PYTHON) -V 2>&1)."; \
		  echo "Install Python 3.11 or run: make install PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { \
		echo "python -m venv failed (no ensurepip?); trying virtualenv instead"; \
		rm -rf $(VENV); \
		$(PYTHON) -m pip install --user virtualenv || \
			$(PYTHON) -m pip install --user --break-system-packages virtualenv; \
		$(PYTHON) -m virtualenv $(VENV); }

# Re-install only when the pins or the package metadata change; the stamp makes a
# second `make install` instant.
$(STAMP): requirements.txt requirements-test.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-test.txt -e .
	$(BIN)/python -m pip check
	@touch $@
	@echo "Installed into $(VENV). Activate with: source $(BIN)/activate"

# Serve the repo root (nbgrader finds nbgrader_config.py there; lessons reach datasets/) and
# make the lesson the start page, so the URL Jupyter prints opens it.
lab: install  ## start JupyterLab on the first lesson (Ctrl-C to stop; more options: LAB_ARGS=...)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url="/lab/tree/$(LESSON)" \
		$(ALLOW_ROOT) $(LAB_ARGS)

# The browser tests (tests/browser/) drive Debian's chromium, never a downloaded browser.
# Install it when it is missing and we may (root with apt-get, as in CI); otherwise those
# tests skip and say why.
browser-deps:  ## install Debian's chromium for the browser tests (root only; else they skip)
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests (apt-get)"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-liberation; \
	else echo "No /usr/bin/chromium and not root: the browser tests will be skipped."; fi

# Grading runs every submission inside bubblewrap (jtbd_kit/sandbox.py). Install it when it is
# missing and we may (root with apt-get, as in CI); without it, grading refuses to run.
grading-deps:  ## install bubblewrap, the sandbox for grading (root only; else: sudo apt-get install bubblewrap)
	@if command -v bwrap >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing bubblewrap, the grading sandbox (apt-get)"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends bubblewrap; \
	else echo "No bwrap and not root: install bubblewrap (sudo apt-get install bubblewrap) to grade."; fi

test: install browser-deps grading-deps  ## run the whole test suite (add options with PYTEST_ARGS='-m "not browser"')
	$(BIN)/python -m pytest $(PYTEST_ARGS)

fuzz: install  ## the hypothesis suite at 10,000 random examples per function (tests/test_fuzz.py; not part of make test)
	HYPOTHESIS_PROFILE=thorough $(BIN)/python -m pytest -p no:cacheprovider tests/test_fuzz.py $(PYTEST_ARGS)

bench: install  ## benchmarks against the floor (not part of make test): a table, exit 1 on a missed target
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

A ?= *
autograde: install grading-deps  ## autograde submitted/ with every core: A=<assignment> (default all), AUTOGRADE_ARGS=--force ...
	$(BIN)/python tools/autograde.py "$(A)" $(AUTOGRADE_ARGS)

grade-demo: install grading-deps  ## grade a simulated class (30+ per assignment, hostile cases too) with real nbgrader
	$(BIN)/python tools/grade_demo.py $(DEMO_ARGS)

# A JupyterHub for a class on this machine (tools/class_server.py): Unix accounts from the roster,
# PAM logins, nbgrader's exchange and Formgrader for the instructor, grading in the sandbox.
# It needs no .venv: it builds its own environment under CLASS_DIR from requirements-class.txt.
ROSTER ?= roster.csv
CLASS_DIR ?= /srv/jtbd-class
CLASS_ARGS ?=
class-server: grading-deps  ## start a class server (root): ROSTER=roster.csv (id,name[,role]); CLASS_ARGS="--port 8000 --instructor ID"
	$(PYTHON) tools/class_server.py --dir "$(CLASS_DIR)" start --roster "$(ROSTER)" $(CLASS_ARGS)

class-server-stop:  ## stop the class server (every student's work stays)
	$(PYTHON) tools/class_server.py --dir "$(CLASS_DIR)" stop

# nbgrader writes notebooks deterministically (cell ids come from solutions/, no outputs,
# checksums depend on the cell text only), so regenerating gives byte-identical files and
# nothing needs stripping. Exercises whose solutions/ folder is gone are removed.
exercises: install  ## record the data digests in solutions/, regenerate exercises/ with nbgrader (commit both)
	$(BIN)/python -m jtbd_kit.coursedata stamp solutions/*/*.ipynb
	@for dir in exercises/*/; do \
		name=$$(basename "$$dir"); \
		if [ -d "$$dir" ] && [ ! -d "solutions/$$name" ]; then echo "removing $$dir"; rm -rf "$$dir"; fi; \
	done
	@for dir in solutions/*/; do \
		[ -d "$$dir" ] || continue; \
		name=$$(basename "$$dir"); \
		echo "nbgrader generate_assignment $$name"; \
		$(BIN)/nbgrader generate_assignment --force --log-level=WARN "$$name" || exit 1; \
	done

# What students clone or open on Binder: no solutions, hidden tests, rubrics, grading tools or
# graded truth. See tools/student_edition.py. REPO=org/name sets where its Binder badge points.
OUT ?= build/student-edition
REPO ?=
student-edition:  ## build the student edition (a git repository) in OUT=build/student-edition; REPO=org/name for Binder
	$(PYTHON) tools/student_edition.py --out "$(OUT)" $(if $(REPO),--repo "$(REPO)")

environment.yml:  ## regenerate environment.yml (Binder) from requirements.txt
	$(PYTHON) tools/make_environment.py

docs: install  ## regenerate docs/rules.md: the rule reference (jtbd_kit/rules.py) and the checkers' agreement (tools/checker_eval.py)
	$(BIN)/python -m jtbd_kit.rules > docs/rules.md.tmp
	echo >> docs/rules.md.tmp
	$(BIN)/python tools/checker_eval.py --doc >> docs/rules.md.tmp
	mv docs/rules.md.tmp docs/rules.md

survey: install  ## regenerate datasets/survey/ (the lesson's copy, default seed) and datasets/survey_exercise/ (exercise 06's)
	$(BIN)/python -m jtbd_kit.survey --out datasets/survey
	$(BIN)/python tools/exercise_data.py survey

support-log: install  ## regenerate datasets/support/ (the lessons' support log, default seed) and datasets/support_exercise/ (exercise 04's)
	$(BIN)/python -m jtbd_kit.support_log --n 600 --seed 2026 --out datasets/support
	$(BIN)/python tools/exercise_data.py support

# Grading data (gradebook.db, submitted/, autograded/, feedback/, .exchange/) is left alone:
# it may hold real student work.
clean:  ## remove .venv and caches (keeps gradebook.db and student work)
	rm -rf $(VENV) .pytest_cache .hypothesis *.egg-info .nbgrader.log
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
	find . -name .ipynb_checkpoints -type d -prune -not -path './.git/*' -exec rm -rf {} +
