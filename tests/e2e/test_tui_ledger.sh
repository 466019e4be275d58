#!/bin/bash
# The contact ledger in the front end (zh_CN): the home screen's one line,
# the units of my group, matching as typed (a name typed another way finds
# the unit), a unit's details, and the coverage with where to go next.
. "$(dirname "$0")/lib.sh"

e2e_group_db
fb_as 王芳 unit add --by 王芳 --name 宏达机械有限公司 --kinds difficulty,small_private >/dev/null
fb_as 王芳 unit add --by 王芳 --name 华联纺织厂 --kinds migrant_heavy >/dev/null
fb_as 王芳 unit add --by 王芳 --name 城关镇总工会 --kind union >/dev/null
fb_as 王芳 log add --author 王芳 --date 2026-11-20 --unit 宏达机械有限公司 --activity 走进企业 \
	--content "到宏达机械走访。" >/dev/null
fb_as 王芳 visit add 1 --unit 宏达机械 >/dev/null
fb_as 王芳 worker add --by 王芳 --name 赵敏 --unit 1 --kinds 一线职工 --phone 13812348000 >/dev/null
fb_as 王芳 visit add 1 --worker 1 >/dev/null

e2e_start
e2e_wait "谁在使用"
e2e_keys 2            # 王芳
e2e_sign_in
e2e_wait "台账：已走访 1 个单位、1 名职工"
e2e_wait "企业 6/8 类，职工 7/8 类"
e2e_keys u
e2e_wait "台账：走访单位"
e2e_wait "华联纺织厂"
e2e_wait "城关镇总工会"
e2e_wait "从未走访"
# a name typed another way (有限责任公司, a space) is the unit in the ledger
e2e_keys /
e2e_type "宏达 机械有限责任公司"
e2e_gone "华联纺织厂"
e2e_wait "宏达机械有限公司"
e2e_keys Enter
e2e_keys Enter
e2e_wait "生产经营困难企业、小微民营企业"
e2e_keys q
e2e_wait "台账：走访单位"
e2e_keys c
e2e_wait "覆盖情况和下一步去哪里"
e2e_wait "走访单位：1 个"
e2e_wait "尚未走访的企业类型："
e2e_wait "劳动关系矛盾易发企业"
e2e_wait "最久未走访的单位："
e2e_wait "华联纺织厂（上次走访：从未走访）"
e2e_keys q
e2e_keys q
e2e_keys q
e2e_wait "退出"
e2e_keys y
e2e_exited 0
echo ok
