#!/bin/bash
# target list shows scopes, measures and periods by their labels in the
# user's language; CSV and JSON keep the codes; target set answers in labels.
. "$(dirname "$0")/lib.sh"
DB=$TMP/t.db
fb_as 李明 --db "$DB" init --group 第一工作组 --station 城关镇 --leader 李明 --member 王芳 >/dev/null
zh() { LANGUAGE= LC_ALL=zh_CN.UTF-8 "$FB" --db "$DB" "$@"; }
# targets are HQ's: HQ's own person, signed in
fb_hq_person "$DB" || fail "HQ's own person"
zh_hq() { LANGUAGE= LC_ALL=zh_CN.UTF-8 fb_as 市总 --db "$DB" "$@"; }
expect_rc 0 "list in Chinese" -- zh target list
for label in 干部 工作组 领导 联系点 走访企业 走访职工家庭 在基层天数 联系基层工作日 联系基层单位 \
	调研课题 书面报告 整期活动 每年 每半年; do
	expect_grep "$TMP/out" "$label" "label $label"
done
for code in cadre contact_point grassroots_days programme half_year; do
	grep -q "$code" "$TMP/out" && fail "code $code in the Chinese table" || pass
done
expect_rc 0 "list in English" -- env LANGUAGE=en "$FB" --db "$DB" target list
expect_grep "$TMP/out" "Days of grassroots contact" "English label"
expect_grep "$TMP/out" "Whole programme" "English period"
expect_rc 0 "csv keeps codes" -- zh target list --format csv
expect_grep "$TMP/out" ",cadre,grassroots_days,year,,60," "csv codes"
expect_rc 0 "json keeps codes" -- zh target list --format json
expect_grep "$TMP/out" '"scope": "contact_point"' "json codes"
expect_rc 0 "set" -- zh_hq target set --scope group --metric workers --period programme --value 40 \
	--group 第一工作组
expect_grep "$TMP/out" "：工作组，走访职工，整期活动：40。" "set answers in labels"
finish
