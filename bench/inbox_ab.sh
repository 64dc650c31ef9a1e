#!/bin/bash
# What the inbox costs the writes: on a database bench/run.py generated (bench_s or bench_m, its
# cluster bench/out/pg started again), the inbox triggers switched off (the writes without their
# notifications) and on, alternately, three times per workload, 8 clients. inbox_before.py
# compares with the schema before the inbox. Usage: bench/inbox_ab.sh bench_m 100000
HERE=$(cd "$(dirname "$0")" && pwd)
P=$(cat "$HERE/out/pg/port"); DB=${1:-bench_m}; USERS=${2:-100000}
A="postgresql://postgres@127.0.0.1:$P/$DB"; U="postgresql://authenticator@127.0.0.1:$P/$DB"
TALK=$(psql -X -At $A -c "select count(*) from bench.talk")
T="friendships friendships_notify
circle_members circle_members_notify
circle_members circle_members_unnotify
event_author_invitations event_author_invitations_notify
event_authors event_authors_unnotify
like_groups like_groups_notify
like_groups like_groups_notify_decision
like_group_members like_group_members_notify
reports reports_notify
blocks blocks_unnotify
notifications notifications_announce
chat_messages chat_messages_announce"
toggle() { echo "$T" | while read t g; do echo "alter table public.$t $1 trigger $g;"; done | psql -X -q $A; }
run() { $(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)/pgbench -n -M prepared -c 8 -j 2 -T ${SECS:-8} -D users=$USERS -D talkers=$TALK -D chatters=1 -f $HERE/workloads/$1.sql "$U" 2>&1 | grep -E "^tps" | awk '{print $3}'; }
for i in 1 2 3; do
  for w in ${WORKLOADS:-send_message approve_like_group create_like_group}; do
    toggle disable; off=$(run $w); toggle enable; on=$(run $w)
    echo "$w off $off on $on"
  done
done
toggle enable
