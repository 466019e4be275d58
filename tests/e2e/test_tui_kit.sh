#!/bin/bash
# A station started from HQ's kit on the welcome screen (as init --from): the
# kit file, then its one-time passphrase; a wrong one is refused in the form
# with nothing set up, the right one brings the roster and pins HQ's keys;
# then the station's people sign in as usual.
. "$(dirname "$0")/lib.sh"

HQ=$E2E_DIR/hq.db KIT=$E2E_DIR/kit.bundle
"$FB" --db "$HQ" --as 张三 --password-fd 3 init --group 新建工作组 --station 桃源镇 \
	--leader 张三 --member 李四 3<<<"$FB_TEST_SECRET" >/dev/null || e2e_fail "HQ's group not set up"
"$FB" --db "$HQ" --as 张三 --password-fd 3 export --kit --group 新建工作组 --out "$KIT" \
	3<<<"$FB_TEST_SECRET" >"$E2E_DIR/kit.out" || e2e_fail "kit not written"
pass=$(sed -n 's/^  \([0-9-]*\)$/\1/p' "$E2E_DIR/kit.out")
[ -n "$pass" ] || e2e_fail "no passphrase in: $(cat "$E2E_DIR/kit.out")"

e2e_start
e2e_wait "用市总的启动包建立我的站点"
e2e_keys Down Enter
e2e_wait "启动包文件"
# an empty path is refused; a file that does not exist names the reason
e2e_keys C-s
e2e_wait "此项为必填项"
e2e_type "$E2E_DIR/no-such-kit.zip"
e2e_keys C-s
e2e_wait "没有那个文件或目录"
e2e_keys C-u
e2e_type "$KIT"
e2e_keys C-s
e2e_wait "启动包的口令"
e2e_type "11111-22222-33333-44444-55555"
e2e_keys Enter
e2e_wait "口令不对"
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM people")" = 0 ] || e2e_fail "a wrong passphrase set people up"
e2e_keys C-s
e2e_wait "启动包的口令"
e2e_type "$pass"
e2e_keys Enter
e2e_wait "谁在使用"
e2e_wait "李四"
e2e_keys Enter
e2e_sign_in
e2e_wait "首页"
e2e_wait "新建工作组"
e2e_keys q y
e2e_exited 0
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT kind, pinned_by FROM peer_keys")" = "hq|kit" ] || e2e_fail "HQ not pinned by the kit"
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM people WHERE deleted = 0")" = 2 ] || e2e_fail "roster not there"
echo ok
