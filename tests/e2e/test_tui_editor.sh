#!/bin/bash
# Ctrl-X on a long text without $EDITOR or $VISUAL: fieldbook looks for a
# friendly editor on the PATH (editor, nano, vi), says how to save and come
# back before handing the terminal over, and takes the text back; with no
# editor at all it says what to do and the text stays.
. "$(dirname "$0")/lib.sh"

e2e_group_db
# a PATH with a stand-in nano (it appends a sentence), and one without any
# editor; both have the sh the front end's pane needs
mkdir -p "$E2E_DIR/bin" "$E2E_DIR/none"
ln -s /bin/sh "$E2E_DIR/bin/sh"
ln -s /bin/sh "$E2E_DIR/none/sh"
printf '#!/bin/sh\nprintf "由编辑器补充。\\n" >> "$1"\n' >"$E2E_DIR/bin/nano"
chmod +x "$E2E_DIR/bin/nano"

E2E_ENV="EDITOR= VISUAL= PATH=$E2E_DIR/bin" e2e_start
e2e_wait "谁在使用"
e2e_keys Enter
e2e_sign_in
e2e_wait "首页"
e2e_keys n
e2e_wait "新建工作日志"
e2e_type "红星机械厂"
e2e_keys Tab Tab Tab Tab Tab Tab
e2e_type "走访车间。"
e2e_keys C-x
# first how to leave nano; n keeps the text here
e2e_wait "文本将在 $E2E_DIR/bin/nano 中打开。"
e2e_wait "保存并返回：按 Ctrl-O、回车，再按 Ctrl-X。"
e2e_keys n
e2e_wait "文本没有改动。"
e2e_screen | grep -q "由编辑器补充" && e2e_fail "the editor ran after n"
# y: the editor runs and the text comes back
e2e_keys C-x
e2e_wait "保存并返回"
e2e_keys y
e2e_wait "走访车间。由编辑器补充。"
e2e_keys C-s
e2e_wait "工作日志已填写"
e2e_keys q y
e2e_exited 0
"$FB" log list --format csv | grep -q "由编辑器补充" || e2e_fail "the edited text was not saved"

# no editor anywhere: a clear word, the text as it was
E2E_ENV="EDITOR= VISUAL= PATH=$E2E_DIR/none" e2e_start
e2e_wait "谁在使用"
e2e_keys Enter
e2e_sign_in
e2e_wait "首页"
e2e_keys i
e2e_wait "登记问题"
e2e_keys Tab Tab Tab Tab Tab Tab Tab Tab
e2e_type "车间反映加班费问题。"
e2e_keys C-x
e2e_wait "没有找到文本编辑器"
e2e_wait "EDITOR=nano"
e2e_wait "车间反映加班费问题。"
e2e_keys Escape
e2e_wait "修改尚未保存，确定离开吗？"
e2e_keys y
e2e_wait "首页"
e2e_keys q y
e2e_exited 0
echo ok
