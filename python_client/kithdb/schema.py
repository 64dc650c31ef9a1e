"""The schema of a database as one normalised text: what ``sql/schema.sql`` holds.

A DBA can compare a deployed database with the schema kithdb ships: the same migrations give the
same text on any machine with the same PostgreSQL major version.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence

from kithdb.embedded import find_bindir

# Lines that differ between runs or machines and say nothing about the schema: pg_dump's random
# \restrict key and the version banners.
_UNSTABLE_PREFIXES = ("\\restrict", "\\unrestrict", "-- Dumped from", "-- Dumped by")


def normalise(dump: str) -> str:
    """Drop the lines of a ``pg_dump`` that change from run to run or machine to machine."""
    lines = [line for line in dump.splitlines() if not line.startswith(_UNSTABLE_PREFIXES)]
    return "\n".join(lines).strip("\n") + "\n"


def dump(
    url: str, *, exclude: Sequence[str] = (), tables: Sequence[str] = (), grants: bool = True
) -> str:
    """The normalised schema-only dump of the database at ``url``, without yoyo's bookkeeping
    (schema ``yoyo``) or the schemas named in ``exclude``; only the ``tables`` named, if any.

    Owners are left out (they name whoever ran the migrations); grants stay unless ``grants`` is
    false, since who may call what is part of the schema.
    """
    out = subprocess.run(
        [
            str(find_bindir() / "pg_dump"),
            "--schema-only",
            "--no-owner",
            "--exclude-schema=yoyo",
            *(f"--exclude-schema={name}" for name in exclude),
            *(f"--table={name}" for name in tables),
            *([] if grants else ["--no-acl"]),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    return normalise(out)
