#!/bin/bash
# A database that cannot be written - the file read-only, or the file
# writable in a folder that is not (a copy on a read-only stick) - opens in
# the TUI as it is: the status line says why nothing can be saved, the
# lists show the data, a save says "nothing was saved" naming the reason,
# and the file is unchanged. Root ignores file modes: the program then
# runs as nobody (setpriv), as tests/reliability/errors.sh does.
. "$(dirname "$0")/lib.sh"

e2e_group_db
fb_as 王芳 log add --author 王芳 --unit 宏达机械 --activity research --content 只读之前写下 >/dev/null
sqlite3 "$FIELDBOOK_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
real=$FB
if [ "$(id -u)" = 0 ]; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups true ||
		{ echo "FAIL: root cannot drop to nobody (setpriv)" >&2; exit 1; }
	chmod o+rx "$E2E_DIR"
	printf '#!/bin/sh\nexec setpriv --reuid=nobody --regid=nogroup --clear-groups %s "$@"\n' \
		"$real" >"$E2E_DIR/as-nobody"
	chmod 755 "$E2E_DIR/as-nobody"
	FB=$E2E_DIR/as-nobody
fi
sum=$(sha256sum <"$FIELDBOOK_DB")

# try_save WHY: open, pick 王芳 and sign in (she set her password above),
# see the log, try to write one
try_save() {
	e2e_start
	e2e_wait "谁在使用"
	e2e_wait "$1"
	e2e_keys 2
	# the password is still checked (a wrong one refused), and signing in
	# writes nothing
	e2e_wait "密码"
	e2e_type "not-her-password"
	e2e_keys Enter
	e2e_wait "姓名或密码不对"
	e2e_sign_in
	e2e_wait "王芳 · 城关镇蹲点组"
	e2e_keys l
	e2e_wait "宏达机械"
	e2e_keys q
	e2e_wait "工作日志 1 篇"
	e2e_keys n
	e2e_wait "新建工作日志"
	e2e_type "红星机械厂"
	e2e_keys Tab Tab Tab Tab Tab Tab
	e2e_type "只读时写入"
	e2e_keys C-s
	e2e_wait "未保存任何内容"
	e2e_stop
	[ "$(sha256sum <"$FIELDBOOK_DB")" = "$sum" ] || e2e_fail "the database changed"
}

# the file read-only, in a read-only folder
chmod 0444 "$FIELDBOOK_DB"
chmod 0555 "$E2E_DIR"
try_save "在此处不能写入：只能查看"
# the file writable, its folder not
chmod 0755 "$E2E_DIR"
chmod 0666 "$FIELDBOOK_DB"
chmod 0555 "$E2E_DIR"
try_save "所在的文件夹不能写入"
chmod 0755 "$E2E_DIR"
echo ok
