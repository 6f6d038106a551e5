"""Build hook: ship the top-level templates, static files and translations inside the package.

The users fixed the repository's layout (``templates/``, ``static/`` and
``translations/`` at the top level); an installed copy must not look outside
``site-packages``, so the build copies them into ``service/`` where
``service.asset_folders`` finds them. Everything else is in ``pyproject.toml``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
FOLDERS = ("templates", "static", "translations")


class BuildWithResources(build_py):
    """``build_py``, then the resource folders copied into the built package."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout
        for name in FOLDERS:
            shutil.copytree(HERE / name, Path(self.build_lib) / "service" / name, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources})
