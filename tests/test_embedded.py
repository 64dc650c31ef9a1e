"""The embedded cluster's home, as root hands it to the server's OS user."""

from __future__ import annotations

import os
import pwd
import stat
from pathlib import Path

import pytest

from kithdb.embedded import SERVER_OS_USER, Cluster, EmbeddedError, hand_to_server_user

AS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="only root hands files to another user")


def owner_and_mode(path: Path) -> tuple[str, str]:
    st = path.stat()
    return pwd.getpwuid(st.st_uid).pw_name, oct(stat.S_IMODE(st.st_mode))


@AS_ROOT
def test_root_gives_the_server_user_nothing_a_symlink_in_the_home_points_at(
        tmp_path: Path) -> None:
    """DEP-15: whoever acts as the server's OS user may plant symlinks in the home; a root run
    hands the home to that user and nothing outside it: neither a linked file nor a linked
    directory (nor what it holds) changes owner or mode."""
    outside = tmp_path / "outside"
    outside.mkdir(mode=0o700)
    secret = outside / "secret"
    secret.write_text("root's own\n")
    secret.chmod(0o600)
    home = tmp_path / "home"
    hand_to_server_user(home)
    (home / "pgdata").mkdir()
    (home / "pgdata" / "linked_file").symlink_to(secret)
    (home / "linked_dir").symlink_to(outside)
    before = {p: owner_and_mode(p) for p in (secret, outside)}

    hand_to_server_user(home)

    assert {p: owner_and_mode(p) for p in (secret, outside)} == before
    assert before[secret] == ("root", "0o600")
    assert owner_and_mode(home / "pgdata")[0] == SERVER_OS_USER


@AS_ROOT
def test_root_refuses_a_home_that_is_a_symlink(tmp_path: Path) -> None:
    """DEP-15: a home that is itself a symlink (a replica's directory planted in the primary's
    home, say) is refused, and what it points at keeps its owner."""
    outside = tmp_path / "outside"
    outside.mkdir(mode=0o700)
    (outside / "secret").write_text("root's own\n")
    home = tmp_path / "home"
    hand_to_server_user(home)
    (home / "replica-1").symlink_to(outside)

    with pytest.raises(EmbeddedError, match="is a symbolic link"):
        hand_to_server_user(home / "replica-1")

    assert owner_and_mode(outside)[0] == "root"
    assert owner_and_mode(outside / "secret")[0] == "root"


@AS_ROOT
def test_root_writes_no_file_through_a_symlink_in_the_home(tmp_path: Path) -> None:
    """DEP-15: a root start writes the port file and sets the data directory's mode in the home
    itself, never through a symlink planted there: the file a planted ``port`` points at keeps
    its content, and the directory a planted ``pgdata`` points at keeps its mode."""
    outside = tmp_path / "outside"
    outside.mkdir(mode=0o755)
    outside.chmod(0o755)
    secret = outside / "secret"
    secret.write_text("root's own\n")

    linked = Cluster(tmp_path / "linked data")
    hand_to_server_user(linked.home)
    linked.datadir.symlink_to(outside)
    with pytest.raises(EmbeddedError, match="symbolic link"):
        linked.init()
    assert owner_and_mode(outside) == ("root", "0o755")

    cluster = Cluster(tmp_path / "home")
    cluster.init()
    (cluster.home / "port").symlink_to(secret)
    try:
        cluster.start()
    finally:
        cluster.stop()
    assert secret.read_text() == "root's own\n"
    assert cluster.port is not None


@AS_ROOT
def test_a_failed_start_reads_no_file_through_a_symlink_in_the_home(tmp_path: Path) -> None:
    """DEP-15: when the server does not start, root reports its log from the home itself: a
    ``postgres.log`` planted there as a symlink to a root-only file does not carry that file
    into the error."""
    secret = tmp_path / "secret"
    secret.write_text("root's own secret\n")
    secret.chmod(0o600)
    cluster = Cluster(tmp_path / "home")
    cluster.init()
    cluster.logfile.unlink(missing_ok=True)
    cluster.logfile.symlink_to(secret)
    try:
        with pytest.raises(EmbeddedError) as failed:
            cluster.start()
    finally:
        cluster.stop()
    assert "secret" not in str(failed.value)
    assert secret.read_text() == "root's own secret\n"
