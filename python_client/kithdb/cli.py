"""The ``kithdb`` command line: an embedded PostgreSQL, migrations, the demo and psql."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict

from kithdb import demo, export, migrate
from kithdb.embedded import Cluster, EmbeddedError


class BadDatabaseURL(ValueError):
    """``--database`` is not a connection string libpq can read."""


# A part of libpq's message quoted from the connection string: "Pa%ss-S3cret", "word".
_QUOTED = re.compile(r'"([^"]*)"')


def without_password(message: str, conninfo: str) -> str:
    """``message`` (libpq's, about ``conninfo``) with no part of the password in it.

    Where libpq reads the string, its password is known and hidden. Where it cannot, which part
    is the password is unknown, and libpq's message may quote any part (a bad percent-encoding
    in the password, the word after a space in it, the whole URL): every part it quotes from the
    string is hidden, but a lone "=" and the like, and everything after the first quote when the
    string holds a quote itself (the quoted parts cannot be told apart then).
    """
    try:
        password = conninfo_to_dict(conninfo).get("password")
    except psycopg.ProgrammingError:
        if '"' in conninfo:
            head, quote, _ = message.partition('"')
            return head + ('"…"' if quote else "")
        return _QUOTED.sub(
            lambda m: m[0] if len(m[1]) <= 1 or m[1] not in conninfo else '"…"', message)
    return message.replace(str(password), "…") if password else message


def _database_url(args: argparse.Namespace) -> str:
    """``--database`` when given, else the embedded cluster (started if needed)."""
    url: str | None = getattr(args, "database", None)
    if not url:
        return Cluster.default().start()
    try:
        conninfo_to_dict(url)
    except psycopg.ProgrammingError as err:
        raise BadDatabaseURL(
            f"--database is not a connection string libpq can read: {str(err).strip()}") from None
    return url


def cmd_db(args: argparse.Namespace) -> int:
    """``kithdb db start [--replicas N]|stop|status|url``."""
    cluster = Cluster.default()
    if args.action == "start":
        print(f"embedded PostgreSQL running: {cluster.start()}")
        for n, url in enumerate(cluster.start_replicas(args.replicas), start=1):
            print(f"hot standby replica-{n} running: {url}")
    elif args.action == "stop":
        cluster.stop()
        print("embedded PostgreSQL stopped")
    elif args.action == "status":
        running = cluster.running()
        print(f"{'running' if running else 'stopped'} ({cluster.datadir})")
        for replica in cluster.replicas():
            if not replica.running():
                print(f"{replica.home.name}: stopped")
            elif not running:
                print(f"{replica.home.name}: running, its primary stopped")
            else:
                behind, seconds = cluster.replay_lag(replica)
                lag = "" if seconds is None else f", {seconds:.3f} s"
                print(f"{replica.home.name}: running at {replica.url()}, replay lag "
                      f"{behind} bytes{lag}")
        return 0 if running else 3
    elif args.action == "url":
        print(cluster.url())
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """``kithdb migrate``: apply every pending migration."""
    applied = migrate.apply(_database_url(args), break_lock=args.break_lock)
    print(f"applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else ""))
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    """``kithdb rollback [--all]``."""
    undone = migrate.rollback(_database_url(args), everything=args.all,
                              break_lock=args.break_lock)
    print(f"rolled back {len(undone)} migration(s)" + (": " + ", ".join(undone) if undone else ""))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """``kithdb demo``: migrate, then tell the story; non-zero when a step misbehaves."""
    url = _database_url(args)
    migrate.apply(url)
    return 0 if demo.run(url) else 1


def cmd_export(args: argparse.Namespace) -> int:
    """``kithdb export sqitch|supabase|types DIR``: the migrations for another deployment tool,
    or the schema's types for supabase-js."""
    target = Path(args.dir)
    writers = {"sqitch": export.export_sqitch, "supabase": export.export_supabase,
               "types": export.export_types}
    try:
        files = writers[args.tool](target)
    except export.GeneratorMissing as missing:
        print(missing, file=sys.stderr)
        return 1
    except export.UnsafeTarget as unsafe:
        print(f"kithdb: {unsafe}", file=sys.stderr)
        return 1
    print(f"wrote {len(files)} files under {target}")
    return 0


def cmd_psql(args: argparse.Namespace) -> int:
    """``kithdb psql``: replace this process with psql on the database."""
    psql = shutil.which("psql")
    if psql is None:
        print("psql is not installed (apt-get install postgresql-client-15)", file=sys.stderr)
        return 1
    os.execv(psql, [psql, _database_url(args), *args.psql_args])


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``kithdb`` command."""
    parser = argparse.ArgumentParser(
        prog="kithdb",
        description=(
            "kithdb: friends, circles, posts, events, like groups and chats in PostgreSQL.\n"
            "Without --database, commands use an embedded local PostgreSQL in ./.kithdb "
            "(or $KITHDB_HOME), started on first use."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n"
            "  kithdb demo                      embedded database + migrations + the story\n"
            "  kithdb db url                    the URL to give psql, psycopg or PostgREST\n"
            "  kithdb migrate --database postgresql://postgres@db.example:5432/app\n"
            "  kithdb rollback --all            remove every kithdb object (auth.users stays)\n"
            "  kithdb psql -c '\\df public.*'    the RPCs, with their comments\n"
            "\n"
            "Every refusal is an SQL error with a SQLSTATE and a reason code in DETAIL;\n"
            "see docs/ERRORS.md, and docs/INVARIANTS.md for the rules behind them."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    db = sub.add_parser("db", help="start, stop or inspect the embedded PostgreSQL")
    db.add_argument("action", choices=["start", "stop", "status", "url"])
    db.add_argument("--replicas", type=int, default=0, metavar="N",
                    help="with start: also start N hot standbys (streaming replication)")
    db.set_defaults(func=cmd_db)

    def with_database(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--database", metavar="URL",
            help="a libpq URL, e.g. postgresql://postgres@localhost:5432/app "
                 "(default: the embedded database)",
        )
        return p

    def with_break_lock(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--break-lock", action="store_true",
                       help="first free the migrations' lock that a killed run left")
        return p

    m = with_break_lock(with_database(sub.add_parser("migrate",
                                                     help="apply every pending migration")))
    m.set_defaults(func=cmd_migrate)

    r = with_break_lock(with_database(sub.add_parser("rollback",
                                                     help="roll back the newest migration")))
    r.add_argument("--all", action="store_true", help="roll back every migration")
    r.set_defaults(func=cmd_rollback)

    d = with_database(sub.add_parser("demo", help="migrate, then tell the kithdb story"))
    d.set_defaults(func=cmd_demo)

    e = sub.add_parser("export", help="write the migrations for Sqitch or Supabase, or the types")
    e.add_argument("tool", choices=["sqitch", "supabase", "types"])
    e.add_argument("dir", help="target directory (created if missing)")
    e.set_defaults(func=cmd_export)

    p = with_database(sub.add_parser(
        "psql", help="open psql on the database (further arguments go to psql)"
    ))
    p.set_defaults(func=cmd_psql)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kithdb`` command; returns the exit code."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "psql":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.psql_args = extra
    try:
        code: int = args.func(args)
    except (EmbeddedError, psycopg.Error, migrate.MigrationError, BadDatabaseURL) as err:
        message = str(err).strip()
        database: str | None = getattr(args, "database", None)
        print(f"kithdb: {without_password(message, database) if database else message}",
              file=sys.stderr)
        if isinstance(err, migrate.ChangedMigrations) and not getattr(args, "database", None):
            print(f"kithdb: to start the embedded database afresh, losing its data: kithdb db stop,"
                  f" then remove {Cluster.default().home}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
