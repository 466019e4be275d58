#!/bin/bash
# test_coverage_groups.sh - coverage --groups: every group's line, the same
# figures as coverage --group for each, a period, deleted groups left out,
# mistakes refused in one line.
. "$(dirname "$0")/lib.sh"
DB=$TMP/d.db
expect_rc 0 "demo" -- "$FB" --db "$DB" demo --logs 900 --groups 3 --seed 9
expect_rc 0 "every group" -- "$FB" --db "$DB" coverage --groups --format csv
[ "$(wc -l <"$TMP/out")" = 4 ] && pass || fail "not a header and 3 groups: $(cat "$TMP/out")"
cp "$TMP/out" "$TMP/all.csv"
for g in 1 2 3; do
	expect_rc 0 "group $g alone" -- "$FB" --db "$DB" coverage --group "$g" --format json
	want=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(",".join(str(d[k]) for k in ("units","enterprises","workers","households","contact_days","sheets","logs")))' "$TMP/out")
	got=$(tr -d '\r' <"$TMP/all.csv" | awk -F, -v g="$g" '$2 == g {print $3","$4","$6","$8","$9","$10","$11}')
	[ -n "$want" ] && [ "$got" = "$want" ] && pass || fail "group $g: --groups says $got, --group says $want"
done
# a period: October only, fewer logs than the whole stay
expect_rc 0 "a period" -- "$FB" --db "$DB" coverage --groups --from 2026-10-01 --to 2026-10-31 --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d) == 3 and all(r["logs"] >= 0 for r in d)' "$TMP/out" && pass || fail "period json: $(head -c 300 "$TMP/out")"
oct=$(sqlite3 "$DB" "SELECT count(*) FROM logs WHERE deleted = 0 AND date BETWEEN '2026-10-01' AND '2026-10-31'")
sum=$(python3 -c 'import json,sys; print(sum(r["logs"] for r in json.load(open(sys.argv[1]))))' "$TMP/out")
[ "$sum" = "$oct" ] && pass || fail "October logs: $sum, the database has $oct"
# stats --ledger: the same figures in HQ's overview (JSON "ledger", CSV columns)
expect_rc 0 "stats --ledger" -- "$FB" --db "$DB" stats --ledger --from 2026-10-01 --to 2026-10-31 --format json
cp "$TMP/out" "$TMP/stats.json"
expect_rc 0 "coverage October" -- "$FB" --db "$DB" coverage --groups --from 2026-10-01 --to 2026-10-31 --format json
python3 - "$TMP/stats.json" "$TMP/out" <<'PY' && pass || fail "stats --ledger differs from coverage --groups"
import json, sys
st = json.load(open(sys.argv[1]))
groups = st["groups"] if isinstance(st, dict) else st
cov = {r["id"]: r for r in json.load(open(sys.argv[2]))}
assert len(groups) == 3, groups
for g in groups:
    c, l = cov[g["id"]], g["ledger"]
    assert (l["units_met"], l["workers_met"], l["contact_days"], l["sheets"]) == \
        (c["units"], c["workers"], c["contact_days"], c["sheets"]), (g["id"], l, c)
PY
expect_rc 0 "stats --ledger csv" -- "$FB" --db "$DB" stats --ledger --format csv
head -1 "$TMP/out" | grep -q "units_met,workers_met,contact_days,sheets" && pass || fail "no ledger columns in the CSV"
expect_rc 0 "stats without --ledger" -- "$FB" --db "$DB" stats --format csv
head -1 "$TMP/out" | grep -q "units_met" && fail "ledger columns without --ledger" || pass
# the table in Chinese
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 expect_rc 0 "table (zh)" -- "$FB" --db "$DB" coverage --groups
expect_grep "$TMP/out" "工作组" "Chinese header"
# a deleted group is left out
sqlite3 "$DB" "UPDATE work_groups SET deleted = 1 WHERE id = 2"
expect_rc 0 "without group 2" -- "$FB" --db "$DB" coverage --groups --format csv
[ "$(wc -l <"$TMP/out")" = 3 ] && ! awk -F, '$2 == 2' "$TMP/out" | grep -q . && pass || fail "deleted group listed: $(cat "$TMP/out")"
# mistakes
expect_rc 2 "--groups with --group" -- "$FB" --db "$DB" coverage --groups --group 1
expect_rc 2 "--groups --format text" -- "$FB" --db "$DB" coverage --groups --format text
expect_rc 1 "bad --from" -- "$FB" --db "$DB" coverage --groups --from 2026-13-01
expect_grep "$TMP/err" "from" "names --from"
one_line "$TMP/err" "bad --from"
finish
