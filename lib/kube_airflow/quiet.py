"""jsii's Node.js runtime prints a large banner about the Node version to every user's terminal;
it says nothing about Airflow, so it is silenced unless the user chose otherwise.

The runtime reads these variables once, when the first jsii module (cdk8s) is imported. Importing
kube_airflow sets them, and an installed kube-airflow also sets them at interpreter start (a
`.pth` file written by setup.py from `JSII_QUIET`), so the order of a user's imports does not
matter. This module imports nothing else: setup.py reads it without the package's dependencies.
"""

import os

JSII_QUIET = {
    "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "18,20",
    "JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION": "1",
    "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
}


def quiet_jsii() -> None:
    for name, value in JSII_QUIET.items():
        os.environ.setdefault(name, value)
