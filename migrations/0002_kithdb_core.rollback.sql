drop function kithdb.touch_updated_at();
drop function kithdb.is_api_role();
drop function kithdb.require_uid();
drop schema kithdb;
