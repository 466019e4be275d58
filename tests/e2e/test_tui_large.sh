#!/bin/bash
# A large demo database opens and scrolls: line, page, End (the oldest log,
# the last row) and Home again, each without a visible delay; start-up does
# not count rows. CI uses 100,000 logs (FB_E2E_LARGE_LOGS); the 1,000,000
# case is the same test run by hand or by the benchmark:
#   FB_E2E_LARGE_LOGS=1000000 bash tests/e2e/test_tui_large.sh build/fieldbook
. "$(dirname "$0")/lib.sh"

N=${FB_E2E_LARGE_LOGS:-100000}
LIMIT_MS=${FB_E2E_LARGE_LIMIT_MS:-3000} # generous: CI runs under ASan on 2 shared cores
"$FB" demo --logs "$N" --seed 7 >/dev/null
first=$(sqlite3 "$FIELDBOOK_DB" "SELECT date || ' ' || unit FROM logs WHERE deleted = 0
                                 ORDER BY date DESC, id DESC LIMIT 1")
last=$(sqlite3 "$FIELDBOOK_DB" "SELECT date || ' ' || unit FROM logs WHERE deleted = 0
                                ORDER BY date, id LIMIT 1")
first_date=${first%% *}; first_unit=${first#* }
last_date=${last%% *}; last_unit=${last#* }

# the benchmark's hook: exit 0 right after the first complete screen
t0=$(e2e_ms)
E2E_ENV="FIELDBOOK_EXIT_AFTER_FIRST_DRAW=1" e2e_start
e2e_exited 0
echo "start to first screen and exit (ASan build, tmux, polled): $(($(e2e_ms) - t0)) ms"
e2e_stop

e2e_start
e2e_wait "谁在使用"
e2e_keys Enter
e2e_sign_in
e2e_wait "首页"
e2e_keys l
e2e_wait "$first_date"
e2e_wait "${first_unit:0:6}"
t0=$(e2e_ms)
e2e_keys End
e2e_wait "$last_date" 30
t1=$(e2e_ms)
e2e_screen | grep -F "$last_date" | grep -qF "${last_unit:0:6}" || e2e_fail "last row is not the oldest log"
end_ms=$((t1 - t0))
[ "$end_ms" -le "$LIMIT_MS" ] || e2e_fail "End took $end_ms ms"
# scroll up across page boundaries and page down again
for _ in 1 2 3 4 5 6 7 8; do e2e_keys PPage; done
e2e_gone "$last_date" 10
for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do e2e_keys NPage; done
e2e_wait "$last_date" 10
e2e_keys k k k j
t0=$(e2e_ms)
e2e_keys Home
e2e_wait "$first_date" 30
t1=$(e2e_ms)
[ $((t1 - t0)) -le "$LIMIT_MS" ] || e2e_fail "Home took $((t1 - t0)) ms"
echo "on $N logs: End $end_ms ms, Home $((t1 - t0)) ms (screen polled every 100 ms)"
e2e_keys q q y
e2e_exited 0
echo ok
