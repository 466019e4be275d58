#!/bin/bash
# A fresh machine: an empty HOME, no FIELDBOOK_DB, no XDG_DATA_HOME. The
# front end makes ~/.local/share/fieldbook (0700) and its database and shows
# the first-run screen (it used to stop with "cannot create ...: No such
# file or directory").
. "$(dirname "$0")/lib.sh"

E2E_HOME=$E2E_DIR/home
mkdir "$E2E_HOME"
e2e_start
e2e_wait "数据库还是空的"
e2e_wait "设置我的工作组"
db=$E2E_HOME/.local/share/fieldbook/fieldbook.db
[ -f "$db" ] || e2e_fail "no database at $db"
[ "$(stat -c %a "$E2E_HOME/.local/share/fieldbook")" = 700 ] || e2e_fail "the folder is not 0700"
[ "$(stat -c %a "$db")" = 600 ] || e2e_fail "the database is not 0600"
[ ! -e "$FIELDBOOK_DB" ] || e2e_fail "FIELDBOOK_DB was used"
# the last (fifth) choice quits
e2e_keys 5
e2e_exited 0
# the next start finds it again
e2e_start
e2e_wait "设置我的工作组"
e2e_keys Escape
e2e_exited 0
echo ok
