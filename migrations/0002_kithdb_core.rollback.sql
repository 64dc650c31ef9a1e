drop function kithdb.touch_updated_at();
drop function kithdb.require_uid();
drop schema kithdb;
