"""pytest-postgresql's ``pg_ctl`` (see ``tests/pg_ctl``): PostgreSQL's own, made to work as root.

PostgreSQL's server programs refuse to run as root. As root, the data directory's parent is
handed to the ``postgres`` OS user and pg_ctl runs as that user, as ``kithdb db start`` does;
otherwise this is plain pg_ctl.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kithdb.embedded import as_server_user, find_bindir, hand_to_server_user


def main(args: list[str]) -> None:
    for flag in ("-D", "--pgdata"):
        if flag in args and args.index(flag) + 1 < len(args):
            hand_to_server_user(Path(args[args.index(flag) + 1]).parent)
    argv = as_server_user([str(find_bindir() / "pg_ctl"), *args])
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
