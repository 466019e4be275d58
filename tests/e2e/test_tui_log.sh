#!/bin/bash
# Write a daily log typing Chinese: insert in the middle of a word,
# Backspace removes one whole character, a long text wraps by display width;
# save with Ctrl-S; find it with /; edit it; the CLI sees the result.
. "$(dirname "$0")/lib.sh"

e2e_group_db
# Ctrl-X hands the long text to $EDITOR: this one appends a sentence
printf '#!/bin/sh\nprintf "由编辑器补充。\\n" >> "$1"\n' > "$E2E_DIR/ed.sh"
chmod +x "$E2E_DIR/ed.sh"
EDITOR="$E2E_DIR/ed.sh"
e2e_start
e2e_wait "谁在使用"
e2e_keys 2            # 王芳
e2e_sign_in
e2e_wait "王芳 · 城关镇蹲点组"
e2e_wait "尚未填写"
e2e_keys n
e2e_wait "新建工作日志"
# the cursor starts on the unit: type, go left twice, insert in the middle
e2e_type "红星机械厂"
e2e_keys Left Left
e2e_type "纺织"
e2e_wait "红星机纺织械厂"
# Backspace removes one character (织), not a byte
e2e_keys BSpace
e2e_wait "红星机纺械厂"
e2e_keys End BSpace BSpace
e2e_type "厂区"
e2e_wait "红星机纺厂区"
# numbers: start empty (no 0 to extend); a letter is refused with a word;
# full-width digits from the input method count
e2e_keys Tab
e2e_type "x"
e2e_wait "只能填数字 0-9"
e2e_type "2"
e2e_gone "只能填数字 0-9"
e2e_keys Tab
e2e_type "１５"
# kinds of enterprise and of workers: tick from the reference lists
e2e_keys Tab Tab
e2e_wait "[ ] 生产经营困难企业"
e2e_keys Space Right Right Space
e2e_wait "2 项已选：生产经营困难企业、小微民营企业"
e2e_keys Tab Space
# go to the content field and type a long line that must wrap
e2e_keys Tab
long="上午走访红星机纺厂区，与车间一线职工座谈，了解到加班费计算方式不清楚、部分农民工劳动合同未续签等情况。"
e2e_type "$long"
# the text is 51 characters = 102 columns: it wraps onto a second line
e2e_wait "上午走访红星机纺厂区"
e2e_wait "等情况。"
line1=$(e2e_screen | grep -F "上午走访红星机纺厂区")
case $line1 in *"等情况。"*) e2e_fail "long text did not wrap" ;; esac
e2e_keys C-x
e2e_wait "等情况。由编辑器补充。"
e2e_keys C-s
e2e_wait "工作日志已填写"
e2e_wait "已填写（红星机纺厂区）"
# the list shows it, aligned with CJK widths
e2e_keys l
e2e_wait "红星机纺厂区"
# filter by author: the leader wrote nothing; back to anyone
e2e_keys f
e2e_wait "筛选工作日志"
e2e_keys Tab Tab Tab Right
e2e_wait "< 李明 >"
e2e_keys C-s
e2e_wait "没有符合条件的工作日志"
e2e_keys f Tab Tab Tab Left C-s
e2e_wait "红星机纺厂区"
# search with / : a word from the content; a miss shows nothing
e2e_keys /
e2e_type "不存在的词语"
e2e_wait "没有符合条件的工作日志"
e2e_keys C-u
e2e_type "加班费"
e2e_wait "红星机纺厂区"
e2e_keys Enter
e2e_wait "工作日志 · /加班费"
# edit it: change the unit
e2e_keys e
e2e_wait "修改工作日志"
e2e_keys Tab Tab C-a C-k
e2e_type "红星纺织厂"
e2e_keys C-s
e2e_wait "工作日志已保存"
e2e_keys Enter
e2e_wait "走访单位"
e2e_wait "红星纺织厂"
e2e_wait "企业 2 家 · 职工 15 人"
e2e_wait "生产经营困难企业、小微民营企业"
e2e_wait "一线职工"
e2e_keys q q q
e2e_wait "退出 fieldbook？"
e2e_keys y
e2e_exited 0
out=$("$FB" log list --format csv)
echo "$out" | grep -q "红星纺织厂" || e2e_fail "edited log not in the database: $out"
echo "$out" | grep -q "王芳" || e2e_fail "author is not the person working: $out"
echo ok
