#!/bin/bash
# On a disk that is not encrypted (fake /proc and /sys trees through
# FIELDBOOK_DISK_ROOT) the home screen says once what a lost laptop would
# give away: on the first home, not at the next start. On an encrypted disk
# it says nothing. Then kill -9 while $EDITOR has the text: the editor's
# file is 0600 in the database's private folder (not in /tmp), and the next
# start removes it.
. "$(dirname "$0")/lib.sh"

e2e_group_db
dev=$(stat -c '%Hd:%Ld' "$FIELDBOOK_DB")
fake_root() { # NAME DM-UUID ("" for a plain partition)
	local r=$E2E_DIR/$1
	mkdir -p "$r/proc/self" "$r/sys/dev/block/$dev"
	printf '27 1 %s / / rw - ext4 /dev/x rw\n' "$dev" >"$r/proc/self/mountinfo"
	if [ -n "$2" ]; then mkdir -p "$r/sys/dev/block/$dev/dm"; echo "$2" >"$r/sys/dev/block/$dev/dm/uuid"; fi
	echo "$r"
}
plain=$(fake_root plain "")
luks=$(fake_root luks CRYPT-LUKS2-0123-luks-0123)
notice="此电脑的硬盘没有加密"
# start_home ENV WAIT: start with ENV, sign in, wait for WAIT on the home
start_home() {
	E2E_ENV=$1 e2e_start
	e2e_wait "谁在使用"
	e2e_keys Enter
	e2e_sign_in
	e2e_wait "$2"
}

# encrypted: no notice
start_home "FIELDBOOK_DISK_ROOT=$luks" "今天"
e2e_screen | grep -q "$notice" && e2e_fail "the notice on an encrypted disk"
e2e_keys q y
e2e_exited 0

# plain: the notice on the first home, in plain words
start_home "FIELDBOOK_DISK_ROOT=$plain" "$notice"
e2e_wait "日志正文、单位名称"
e2e_keys q y
e2e_exited 0

# the next start: not again
start_home "FIELDBOOK_DISK_ROOT=$plain" "今天"
e2e_screen | grep -q "$notice" && e2e_fail "the notice again at the second start"
e2e_keys q y
e2e_exited 0

# kill -9 while the editor has the text (a stand-in editor that waits; its
# pid and the file it got are written down)
mkdir -p "$E2E_DIR/bin"
ln -s /bin/sh "$E2E_DIR/bin/sh"
ln -s "$(command -v sleep)" "$E2E_DIR/bin/sleep"
printf '#!/bin/sh\necho $$ > %s/editor.pid\necho "$1" > %s/edited\nexec sleep 600\n' \
	"$E2E_DIR" "$E2E_DIR" >"$E2E_DIR/bin/nano"
chmod +x "$E2E_DIR/bin/nano"
start_home "EDITOR= VISUAL= PATH=$E2E_DIR/bin" "首页"
e2e_keys n
e2e_wait "新建工作日志"
e2e_type "红星机械厂"
e2e_keys Tab Tab Tab Tab Tab Tab
e2e_type "走访车间，王师傅反映加班费。"
e2e_keys C-x
e2e_wait "保存并返回"
e2e_keys y
e2e_until 10 "the editor did not start" test -s "$E2E_DIR/edited"
file=$(cat "$E2E_DIR/edited")
case $file in "$FIELDBOOK_DB.tmp/"*) ;; *) e2e_fail "the editor's file is $file, not in $FIELDBOOK_DB.tmp" ;; esac
[ "$(stat -c %a "$file")" = 600 ] || e2e_fail "the editor's file is mode $(stat -c %a "$file")"
[ "$(stat -c %a "$FIELDBOOK_DB.tmp")" = 700 ] || e2e_fail "the private folder is mode $(stat -c %a "$FIELDBOOK_DB.tmp")"
grep -q "王师傅" "$file" || e2e_fail "the editor's file does not hold the text"
kill -9 "$(e2e_pid)"
kill "$(cat "$E2E_DIR/editor.pid")" 2>/dev/null || true
e2e_stop
[ -e "$file" ] || e2e_fail "the kill left no file: the test proves nothing"
# the next start, through the command line, removes it
"$FB" log list >/dev/null 2>&1 || true
[ -e "$file" ] && e2e_fail "the next start left the editor's file $file"
# and through the front end
mkdir -p "$FIELDBOOK_DB.tmp"
echo "王师傅" >"$FIELDBOOK_DB.tmp/edit-AbCdEf.txt"
chmod 600 "$FIELDBOOK_DB.tmp/edit-AbCdEf.txt"
e2e_start
e2e_wait "谁在使用"
[ -e "$FIELDBOOK_DB.tmp/edit-AbCdEf.txt" ] && e2e_fail "the front end's start left the editor's file"
e2e_keys q
e2e_stop
echo ok
