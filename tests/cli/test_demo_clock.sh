#!/bin/bash
# Demo data never stamps a row after now or after its end date (local time),
# a ticket's title and description name the same problem (and its
# category), ticket histories run forward in time, and a seed gives the
# same rows again.
. "$(dirname "$0")/lib.sh"
export TZ=Asia/Shanghai FIELDBOOK_TODAY=2026-11-20
q() { sqlite3 "$1" "$2"; }

# end date in the past: nothing after 2026-11-20 23:59:59 Beijing time
expect_rc 0 "demo" -- "$FB" --db "$TMP/a.db" demo --logs 3000 --seed 5 --end 2026-11-20
latest=$(q "$TMP/a.db" "SELECT max(t) FROM (SELECT max(at) t FROM ticket_events UNION ALL
	SELECT max(updated_at) FROM logs UNION ALL SELECT max(updated_at) FROM tickets UNION ALL
	SELECT max(updated_at) FROM contacts)")
[[ "$latest" < "2026-11-20T16:00:00Z" ]] && pass || fail "a row stamped $latest, after the end date"
[ "$(q "$TMP/a.db" "SELECT count(*) FROM ticket_events")" -gt 100 ] && pass || fail "few events"

# the end date is today and it is 09:30 in the morning: nothing after now
export FIELDBOOK_NOW=2026-11-20T01:30:00Z
expect_rc 0 "demo, morning" -- "$FB" --db "$TMP/b.db" demo --logs 3000 --seed 5 --end 2026-11-20
latest=$(q "$TMP/b.db" "SELECT max(t) FROM (SELECT max(at) t FROM ticket_events UNION ALL
	SELECT max(updated_at) FROM logs UNION ALL SELECT max(updated_at) FROM tickets)")
[[ ! "$latest" > "$FIELDBOOK_NOW" ]] && pass || fail "a row stamped $latest, after now"
# ... and the same logs as without the clock (only times differ)
same() { q "$1" "SELECT group_concat(uuid || content || findings, '|') FROM logs"; }
[ "$(same "$TMP/a.db")" = "$(same "$TMP/b.db")" ] && pass || fail "the clock changed the logs"
unset FIELDBOOK_NOW

# every ticket registered, its history forward in time (in recorded order)
[ "$(q "$TMP/a.db" "SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM
	ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'register')")" = 0 ] && pass ||
	fail "a ticket without its register step"
[ "$(q "$TMP/a.db" "SELECT count(*) FROM ticket_events a JOIN ticket_events b ON
	b.ticket_id = a.ticket_id AND b.rev > a.rev WHERE b.at < a.at")" = 0 ] && pass ||
	fail "a history goes back in time"

# title and description: one problem (the title is the unit and the problem)
bad=$(q "$TMP/a.db" "SELECT p FROM (SELECT substr(title, length(unit) + 1) p, description,
	category FROM tickets) GROUP BY p HAVING count(DISTINCT description) > 1 OR
	count(DISTINCT category) > 1")
[ -z "$bad" ] && pass || fail "titles with more than one kind of description: $bad"
for pair in "拖欠职工工资|拖欠工资" "社会保险|社会保险" "劳动合同|劳动合同" "加班|加班" \
	"帮扶|帮扶" "技能培训|技能培训" "工会组织|工会组织"; do
	t=${pair%|*} d=${pair#*|}
	n=$(q "$TMP/a.db" "SELECT count(*) FROM tickets WHERE title LIKE '%$t%' AND
		description NOT LIKE '%$d%'")
	[ "$n" = 0 ] && pass || fail "$n tickets titled …$t… describe something else"
done

# the same seed, the same rows (times and ticket histories included)
expect_rc 0 "demo again" -- "$FB" --db "$TMP/c.db" demo --logs 3000 --seed 5 --end 2026-11-20
rows() { q "$1" "SELECT uuid, at, body, rev FROM ticket_events ORDER BY id;
	SELECT uuid, title, description, updated_at FROM tickets ORDER BY id;
	SELECT uuid, updated_at FROM logs ORDER BY id" | md5sum; }
[ "$(rows "$TMP/a.db")" = "$(rows "$TMP/c.db")" ] && pass || fail "same seed, other rows"
finish
