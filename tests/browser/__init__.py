"""Browser tests: real JupyterLab in Debian's chromium (a package, so its conftest.py has a name of its own)."""
