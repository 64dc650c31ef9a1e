"""plpgsql_check over every PL/pgSQL function and trigger of the package: no error, no warning."""

from __future__ import annotations

from tests.conftest import Db


def test_every_plpgsql_function_is_clean(db: Db) -> None:
    """SEC-04: static analysis of every PL/pgSQL function, each trigger checked on its table
    (with its transition tables)."""
    findings = db.admin.execute(
        """
        select p.oid::regprocedure::text, coalesce(t.tgrelid::regclass::text, ''),
               r.level, r.message, r.lineno
        from pg_proc p
        join pg_language l on l.oid = p.prolang and l.lanname = 'plpgsql'
        left join pg_trigger t on t.tgfoid = p.oid and not t.tgisinternal
        cross join lateral tap.plpgsql_check_function_tb(
          p.oid, coalesce(t.tgrelid, 0),
          oldtable => t.tgoldtable, newtable => t.tgnewtable,
          fatal_errors => false, extra_warnings => true, performance_warnings => false
        ) r
        where p.pronamespace in ('public'::regnamespace, 'kithdb'::regnamespace)
        """
    ).fetchall()
    checked = db.one(
        "select count(*) from pg_proc p join pg_language l on l.oid = p.prolang"
        " where l.lanname = 'plpgsql' and p.pronamespace = 'kithdb'::regnamespace"
    )
    assert checked > 20
    assert findings == []
