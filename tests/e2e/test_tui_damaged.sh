#!/bin/bash
# A damaged database is never taken for a new one: the first-run screen
# (which would set up a second group in it) does not start; the front end
# says the database is damaged, exits 1 and leaves the file as it was.
. "$(dirname "$0")/lib.sh"

e2e_group_db
sqlite3 "$FIELDBOOK_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
page=$(sqlite3 "$FIELDBOOK_DB" "PRAGMA page_size")
root=$(sqlite3 "$FIELDBOOK_DB" "SELECT rootpage FROM sqlite_schema WHERE name = 'work_groups'")
# the work groups' table page overwritten: the rest of the file still opens
head -c "$page" /dev/zero | tr '\0' '\377' |
	dd of="$FIELDBOOK_DB" bs="$page" seek=$((root - 1)) conv=notrunc status=none
before=$(md5sum <"$FIELDBOOK_DB")
e2e_start
e2e_exited 1
grep -q "已损坏" "$E2E_DIR/stderr" || e2e_fail "no word that the database is damaged"
grep -q "$FIELDBOOK_DB" "$E2E_DIR/stderr" || e2e_fail "the message does not name the file"
[ "$(md5sum <"$FIELDBOOK_DB")" = "$before" ] || e2e_fail "the damaged database was written to"
echo ok
