"""setuptools hook (the project's metadata is in pyproject.toml): a wheel carries exactly the SQL
the source tree holds when it is built."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPy(build_py):
    """Empty ``kithdb/_data`` in the build directory before the package data is copied.

    setuptools reuses ``build/lib`` from one build to the next and only adds to it, so a migration
    deleted from ``migrations/`` would still ship, and yoyo would apply it.
    """

    def run(self) -> None:
        """Build the modules and package data into a ``kithdb/_data`` emptied first."""
        shutil.rmtree(Path(self.build_lib, "kithdb", "_data"), ignore_errors=True)
        super().run()


setup(cmdclass={"build_py": BuildPy})
