"""python -m tests.cluster up|down|status|build.

`up` prints the admin kubeconfig's absolute path as its last line (kubectl of the same version is
beside it, named kubectl); `down` leaves no process, state or network change of ours behind.
"""

from __future__ import annotations

import sys

from tests.cluster import build, cluster
from tests.cluster.build import BuildError
from tests.cluster.layout import ADMIN_KUBECONFIG


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "up"
    try:
        if command == "build":
            return build.main()
        if command == "up":
            for phase, seconds in cluster.up().items():
                print(f"cluster {phase}: {seconds:.1f} s", file=sys.stderr)
            print(ADMIN_KUBECONFIG)
            return 0
        if command == "down":
            cluster.down()
            return 0
        if command == "status":
            for name, pid in cluster.status().items():
                print(f"{name:24} {'running, pid ' + str(pid) if pid else 'stopped'}")
            return 0 if cluster.is_up() else 1
    except (BuildError, cluster.ClusterError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"usage: python -m tests.cluster up|down|status|build (got {command!r})", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
