drop procedure kithdb.unschedule_job(text);
drop procedure kithdb.schedule_job(text, text, text);
drop function kithdb.limit_api_insert();
drop function kithdb.refuse_row_move();
drop function kithdb.touch_updated_at();
drop function kithdb.is_blank(text);
drop function kithdb.is_api_role();
drop function kithdb.require_uid();
drop function kithdb.uid();
drop schema kithdb;
-- yoyo's tables keep RLS on (safer for them); only the policies we added go.
do $$
declare
  v_table regclass;
begin
  for v_table in
    select p.polrelid::regclass from pg_catalog.pg_policy p where p.polname = 'kithdb_hide_from_api'
  loop
    execute format('drop policy kithdb_hide_from_api on %s', v_table);
  end loop;
end
$$;
