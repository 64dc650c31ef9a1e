alter function kithdb.my_friend_ids() security invoker;
comment on function kithdb.my_friend_ids() is
  'The caller''s accepted friends (two index scans), for set-based policies. Invoker: the caller reads their own friendships anyway.';
