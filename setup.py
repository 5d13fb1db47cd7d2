"""The metadata is in pyproject.toml; this lists the packages and adds `kube_airflow_quiet.pth`.

- The CRD bindings that `cdk8s import` generates into imports/ are installed as the package
  `kube_airflow_imports`: a cdk8s app has an `imports/` of its own, which would shadow ours.
- `kube_airflow_quiet.pth` silences jsii's Node.js banner at interpreter start (see
  lib/kube_airflow/quiet.py)."""

import runpy
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

BINDINGS = "kube_airflow_imports"

PTH = "kube_airflow_quiet.pth"


def pth_line() -> str:
    names = runpy.run_path(str(Path(__file__).parent / "lib" / "kube_airflow" / "quiet.py"))
    # A .pth line that starts with `import` is executed by the site module at start-up.
    return f"import os; [os.environ.setdefault(k, v) for k, v in {names['JSII_QUIET']!r}.items()]\n"


class BuildPyWithPth(build_py):
    def run(self) -> None:
        super().run()
        # An editable install builds its wheel from the install directory, not from build_lib.
        target = (
            self.get_finalized_command("install").install_lib
            if self.editable_mode
            else self.build_lib
        )
        Path(target, PTH).write_text(pth_line())

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), str(Path(self.build_lib, PTH))]


def bindings() -> list[str]:
    found = find_packages(".", include=["imports", "imports.*"])
    return [BINDINGS + name.removeprefix("imports") for name in found]


setup(
    packages=[*find_packages("lib"), *bindings()],
    py_modules=["kube_airflow_boot"],  # the command's first step, outside the package on purpose
    package_dir={"": "lib", BINDINGS: "imports"},
    package_data={
        "kube_airflow": ["py.typed", "data/*.json"],
        BINDINGS: ["**/py.typed", "**/*.jsii.tgz"],
    },
    cmdclass={"build_py": BuildPyWithPth},
)
