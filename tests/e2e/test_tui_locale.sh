#!/bin/bash
# English under en_US.UTF-8; demo data from the welcome screen with a
# progress bar; TERM=linux, screen-256color and a terminal without colours
# work; a non-UTF-8
# locale gets a clear message and exit 1 without touching the terminal.
. "$(dirname "$0")/lib.sh"

E2E_LANG=en_US.UTF-8 E2E_TERM=linux E2E_ENV="FIELDBOOK_DEMO_LOGS=300" e2e_start
e2e_wait "This database is empty"
e2e_keys Down Down Down Enter
e2e_wait "Who is working?" 60
e2e_keys Enter
e2e_sign_in Password
e2e_wait "Home"
e2e_wait "This week (2026-W47, 2026-11-16 to 2026-11-22)"
e2e_keys l
e2e_wait "Date       Author   Activity"
e2e_keys '?'
e2e_wait "Keys: Daily logs"
e2e_wait "first/last row"
e2e_keys x
e2e_wait "Date       Author   Activity"
e2e_keys q q
e2e_wait "Quit fieldbook?"
e2e_keys y
e2e_exited 0
[ "$(sqlite3 "$FIELDBOOK_DB" 'SELECT count(*) FROM logs')" = 300 ] || e2e_fail "demo data not created"
e2e_stop

# screen-256color, as inside screen or tmux
E2E_LANG=en_US.UTF-8 E2E_TERM=screen-256color e2e_start
e2e_wait "Who is working?"
e2e_keys Enter
e2e_sign_in Password
e2e_wait "Home"
e2e_keys t
e2e_wait "Opened     Due"
e2e_keys q q y
e2e_exited 0
e2e_stop

# no colours at all: attributes only
E2E_LANG=en_US.UTF-8 E2E_TERM=vt100 e2e_start
e2e_wait "Who is working?"
e2e_keys Enter
e2e_sign_in Password
e2e_wait "Home"
e2e_keys q y
e2e_exited 0
e2e_stop

# not UTF-8: a clear message, exit 1
E2E_LANG=C e2e_start
e2e_exited 1
grep -q "not UTF-8" "$E2E_DIR/stderr" || e2e_fail "no message for a non-UTF-8 locale"
echo ok
