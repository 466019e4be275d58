/* test_sync_import.c - the importer's rules for a CSV as Excel and people
 * write it (fieldbook-bundle(5)): typed cells trimmed and text kept, dates
 * year first and inside the window, times with a zone, 64-bit numbers,
 * Excel's rounded numbers, nameless columns and empty rows, every bad
 * column of every row listed, values made visible in messages, the core's
 * validator applied, and a refused file leaving the database as it was. */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sync.h"
#include "testutil.h"
#include "sqlstore.h"

static fb_sync_summary sum;
static fb_error err;

enum {
	L_UUID,
	L_GROUP,
	L_AUTHOR,
	L_DATE,
	L_UNIT,
	L_ACTIVITY,
	L_EKINDS,
	L_WKINDS,
	L_ENT,
	L_WORKERS,
	L_HOUSE,
	L_CONTENT,
	L_FIND,
	L_ACT,
	L_NEXT,
	L_ORIGIN,
	L_REV,
	L_UPDATED,
	L_DELETED,
	L_N
};

static const char *log_header = "uuid,group_uuid,author_uuid,date,unit,activity,enterprise_kinds,"
				"worker_kinds,enterprises,workers,households,content,findings,"
				"actions,next_step,origin,rev,updated_at,deleted";

typedef struct logrow {
	char uuid[37], group[37], author[37], rev[24];
	const char *cell[L_N];
} logrow;

static void uuid_of(fb_store *st, const char *sql, char out[37])
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(fb_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(out, 37, "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

/* A good row: the fixture's member writing about 宏达机械 on 2026-11-20. */
static void good_row(fixture *fx, logrow *r)
{
	assert_int_equal(fb_uuid_random(r->uuid, NULL), FB_OK);
	uuid_of(fx->st, "SELECT uuid FROM work_groups", r->group);
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT uuid FROM people WHERE id = %lld",
	         (long long)fx->member_id);
	uuid_of(fx->st, sql, r->author);
	snprintf(r->rev, sizeof r->rev, "%lld",
	         (long long)(((int64_t)time(NULL) - 3600) * 1000) << 16);
	const char *cells[L_N] = {r->uuid,
	                          r->group,
	                          r->author,
	                          "2026-11-20",
	                          "宏达机械有限公司",
	                          "enterprise_visit",
	                          "1",
	                          "2",
	                          "1",
	                          "5",
	                          "0",
	                          "走访企业，与职工座谈。",
	                          "",
	                          "",
	                          "",
	                          "00000000-0000-7000-8000-00000000a001",
	                          r->rev,
	                          "2026-11-20T08:00:00Z",
	                          "0"};
	memcpy(r->cell, cells, sizeof cells);
}

/* Append the cells as one CSV record (quoted where needed) to f. */
static void put_row(FILE *f, const char *const *cell, int n, const char *eol)
{
	for (int i = 0; i < n; i++) {
		const char *c = cell[i];
		if (i)
			fputc(',', f);
		if (strpbrk(c, ",\"\r\n")) {
			fputc('"', f);
			for (; *c; c++) {
				if (*c == '"')
					fputc('"', f);
				fputc(*c, f);
			}
			fputc('"', f);
		} else {
			fputs(c, f);
		}
	}
	fputs(eol, f);
}

/* Import text as dir/name; the status (sum and err filled in). */
static fb_status import_text(fixture *fx, const char *name, const char *text, size_t n)
{
	char path[200];
	snprintf(path, sizeof path, "%s/%s", fx->dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(text, 1, n, f);
	fclose(f);
	memset(&err, 0, sizeof err);
	return fb_bundle_import(fx->st, path, NULL, &sum, &err);
}

/* Import the logs.csv made of the header and rows (line ends eol). */
static fb_status import_logs(fixture *fx, logrow *rows, int n, const char *eol)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fprintf(f, "%s%s", log_header, eol);
	for (int i = 0; i < n; i++)
		put_row(f, rows[i].cell, L_N, eol);
	fclose(f);
	fb_status s = import_text(fx, "logs.csv", buf, len);
	free(buf);
	return s;
}

/* The listed rejection of line on field (NULL: any) holding words. */
static const fb_sync_issue *issue(long line, const char *field, const char *words)
{
	for (int i = 0; i < sum.nissues; i++) {
		const fb_sync_issue *is = &sum.issue[i];
		if (!is->conflict && is->line == line && (!field || !strcmp(is->field, field)) &&
		    strstr(is->msg, words))
			return is;
	}
	return NULL;
}

static void expect_issue(long line, const char *field, const char *words)
{
	if (!issue(line, field, words)) {
		for (int i = 0; i < sum.nissues; i++)
			fprintf(stderr, "  issue %s:%ld: %s: %s\n", sum.issue[i].file,
			        sum.issue[i].line, sum.issue[i].field, sum.issue[i].msg);
		fail_msg("no issue %ld: %s: ...%s...", line, field ? field : "*", words);
	}
}

static long long logs_count(fixture *fx) { return fx_int(fx->st, "SELECT count(*) FROM logs"); }

/* ---------------------------------------------------------------- tests */

/* Typed cells are trimmed (also of U+3000 and U+00A0), UUIDs in either
 * case, dates year first in Excel's forms; text is kept as it is. */
static void test_typed_cells_trimmed_text_kept(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	logrow r[4];
	for (int i = 0; i < 4; i++)
		good_row(fx, &r[i]);
	char up[40];
	snprintf(up, sizeof up, " %s ", r[0].uuid);
	for (char *p = up; *p; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char)(*p - 'a' + 'A');
	r[0].cell[L_UUID] = up;
	r[0].cell[L_DATE] = " 2026/11/20\t";
	r[0].cell[L_WORKERS] = "\xE3\x80\x80"
			       "7 ";
	r[0].cell[L_CONTENT] = "  两头有空格的内容  ";
	r[1].cell[L_DATE] = "2026年11月19日";
	r[1].cell[L_ACTIVITY] = " enterprise_visit\xC2\xA0";
	r[2].cell[L_DATE] = "2026.11.18";
	r[3].cell[L_DATE] = "2026/11/17 0:00"; /* Excel's midnight after a date */
	assert_int_equal(import_logs(fx, r, 4, "\r\n"), FB_OK);
	assert_int_equal(logs_count(fx), 4);
	char sql[200];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM logs WHERE uuid = '%s' AND date = "
	         "'2026-11-20' AND workers = 7 AND content = '  两头有空格的内容  '",
	         r[0].uuid);
	assert_int_equal(fx_int(fx->st, sql), 1);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM logs WHERE date IN ('2026-11-19', "
	                                "'2026-11-18', '2026-11-17') AND activity = "
	                                "'enterprise_visit'"),
	                 3);
	fx_free(fx);
}

/* Dates: day-first and month-first forms are refused by name, dates that
 * are not in the calendar, and dates outside the window. */
static void test_dates(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	logrow r[5];
	for (int i = 0; i < 5; i++)
		good_row(fx, &r[i]);
	r[0].cell[L_DATE] = "11/12/2026";
	r[1].cell[L_DATE] = "2026-02-30";
	r[2].cell[L_DATE] = "2099-01-01";
	r[3].cell[L_DATE] = "2009-12-31";
	r[4].cell[L_DATE] = "today";
	assert_int_equal(import_logs(fx, r, 5, "\r\n"), FB_EINVAL);
	expect_issue(2, "date", "cannot be told apart");
	expect_issue(3, "date", "calendar");
	expect_issue(4, "date", "outside the dates");
	expect_issue(5, "date", "outside the dates");
	expect_issue(6, "date", "not a date like");
	assert_int_equal(logs_count(fx), 0);
	assert_int_equal(sum.t[2].rejected, 5);
	assert_int_equal(sum.t[2].inserted, 0); /* nothing applied, and the counts say so */
	fx_free(fx);
}

/* Times carry a zone (converted to UTC) or are refused. */
static void test_times_need_a_zone(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	logrow r[3];
	for (int i = 0; i < 3; i++)
		good_row(fx, &r[i]);
	r[0].cell[L_UPDATED] = "2026/11/20 16:30+08:00";
	r[1].cell[L_UPDATED] = "2026-11-20 08:30";
	r[2].cell[L_UPDATED] = "2040-11-20T08:30:00Z";
	assert_int_equal(import_logs(fx, r, 3, "\r\n"), FB_EINVAL);
	assert_null(issue(2, NULL, ""));
	expect_issue(3, "updated_at", "no time zone");
	expect_issue(4, "updated_at", "outside the times");
	r[0].cell[L_UPDATED] = "2026-11-20T16:30:00+0800";
	assert_int_equal(import_logs(fx, r, 1, "\r\n"), FB_OK);
	char sql[160];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM logs WHERE uuid = '%s' AND updated_at = "
	         "'2026-11-20T08:30:00Z'",
	         r[0].uuid);
	assert_int_equal(fx_int(fx->st, sql), 1);
	fx_free(fx);
}

/* Numbers are 64 bits: what does not fit is refused, what fits goes to
 * the validator (ranges, masks), nothing wraps into a small number. */
static void test_numbers(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	logrow r[6];
	for (int i = 0; i < 6; i++)
		good_row(fx, &r[i]);
	r[0].cell[L_WORKERS] = "999999999999999999";
	r[1].cell[L_WORKERS] = "99999999999999999999";
	r[2].cell[L_WORKERS] = "4294967301"; /* 2^32 + 5: must not become 5 */
	r[3].cell[L_EKINDS] = "33554432";    /* kind 25 of 8 */
	r[4].cell[L_ENT] = "1.38E+10";
	char future[32];
	snprintf(future, sizeof future, "%lld",
	         (long long)(((int64_t)time(NULL) + 7 * 86400) * 1000) << 16);
	r[5].cell[L_REV] = future;
	assert_int_equal(import_logs(fx, r, 6, "\r\n"), FB_EINVAL);
	expect_issue(2, "workers", "between 0 and");
	expect_issue(3, "workers", "too large");
	expect_issue(4, "workers", "between 0 and");
	expect_issue(5, "enterprise_kinds", "kind that does not exist");
	expect_issue(6, "enterprises", "Excel rounded");
	expect_issue(7, "rev", "clock");
	assert_int_equal(logs_count(fx), 0);
	fx_free(fx);
}

/* One row with several bad columns lists each of them once; the rows
 * around it are listed too (every bad line, every bad column). */
static void test_every_bad_column(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	logrow r[3];
	for (int i = 0; i < 3; i++)
		good_row(fx, &r[i]);
	char unit[1200] = "";
	for (int i = 0; i < 305; i++)
		strcat(unit, "甲");
	strcat(unit, "\n第二行");
	r[0].cell[L_UNIT] = unit; /* 305 characters and two lines */
	r[0].cell[L_WORKERS] = "-3";
	r[0].cell[L_CONTENT] = ""; /* required */
	r[0].cell[L_DATE] = "2026-11-31";
	r[2].cell[L_ACTIVITY] = "dancing";
	assert_int_equal(import_logs(fx, r, 3, "\r\n"), FB_EINVAL);
	expect_issue(2, "unit", "too long");
	expect_issue(2, "workers", "between");
	expect_issue(2, "content", "required");
	expect_issue(2, "date", "calendar");
	expect_issue(5, "activity", "dancing"); /* row 1 spans lines 2-3; row 2 is line 4 */
	assert_null(issue(4, NULL, ""));
	assert_int_equal(sum.t[2].rejected, 2);
	fx_free(fx);
}

/* Line numbers count LF, CRLF and a lone CR each as one line end, also
 * inside a quoted cell. */
static void test_line_ends(void **state)
{
	(void)state;
	const char *eols[] = {"\n", "\r\n", "\r"};
	for (int e = 0; e < 3; e++) {
		fixture *fx = fx_new();
		logrow r[3];
		for (int i = 0; i < 3; i++)
			good_row(fx, &r[i]);
		char two[64];
		snprintf(two, sizeof two, "第一行%s第二行", eols[e]);
		r[0].cell[L_FIND] = two;
		r[2].cell[L_DATE] = "2026-13-01";
		assert_int_equal(import_logs(fx, r, 3, eols[e]), FB_EINVAL);
		expect_issue(5, "date", "");
		assert_int_equal(sum.nissues, 1);
		fx_free(fx);
	}
}

/* Invisible and control characters in a refused cell are shown as
 * <U+XXXX> in the message, never raw. */
static void test_values_made_visible(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	logrow r[2];
	good_row(fx, &r[0]);
	good_row(fx, &r[1]);
	r[0].cell[L_DATE] = "\xEF\xBB\xBF"
			    "2026-11-20\x1b]0;x\x07";
	r[1].cell[L_ACTIVITY] = "\x1b]52;c;SGVsbG8=\x07";
	assert_int_equal(import_logs(fx, r, 2, "\r\n"), FB_EINVAL);
	expect_issue(2, "date", "<U+FEFF>2026-11-20<U+001B>]0;x<U+0007>");
	expect_issue(3, "activity", "<U+001B>]52");
	for (int i = 0; i < sum.nissues; i++)
		for (const char *p = sum.issue[i].msg; *p; p++)
			assert_true((unsigned char)*p >= 0x20);
	char *json = fb_sync_summary_json(&sum);
	assert_null(strchr(json, 0x1b));
	free(json);
	fx_free(fx);
}

/* Excel's artefacts: empty nameless columns after the last one and empty
 * rows are ignored with a note; a nameless column with a value is not. */
static void test_excel_artefacts(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	logrow r[2];
	good_row(fx, &r[0]);
	good_row(fx, &r[1]);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fprintf(f, "\xEF\xBB\xBF%s,,\r\n", log_header);
	const char *cells[L_N + 2];
	memcpy(cells, r[0].cell, sizeof r[0].cell);
	cells[L_N] = cells[L_N + 1] = "";
	put_row(f, cells, L_N + 2, "\r\n");
	fputs(",,,,,,,,,,,,,,,,,,,,\r\n\r\n", f);
	memcpy(cells, r[1].cell, sizeof r[1].cell);
	put_row(f, cells, L_N + 2, "\r\n");
	fputs(",,,,,,,,,,,,,,,,,,,,\r\n", f);
	fclose(f);
	assert_int_equal(import_text(fx, "logs.csv", buf, len), FB_OK);
	assert_int_equal(logs_count(fx), 2);
	assert_int_equal(sum.nnotes, 2);
	assert_non_null(strstr(sum.note[0].msg, "2 empty rows"));
	assert_int_equal(sum.note[0].line, 3);
	assert_non_null(strstr(sum.note[1].msg, "2 empty columns"));
	/* a value in a nameless column: refused */
	free(buf);
	good_row(fx, &r[0]);
	f = open_memstream(&buf, &len);
	fprintf(f, "%s,\r\n", log_header);
	memcpy(cells, r[0].cell, sizeof r[0].cell);
	cells[L_N] = "备注";
	put_row(f, cells, L_N + 1, "\r\n");
	fclose(f);
	assert_int_equal(import_text(fx, "logs.csv", buf, len), FB_EINVAL);
	expect_issue(2, "", "no name but holds '备注'");
	free(buf);
	fx_free(fx);
}

/* A UTF-8 file with a few bad bytes is refused naming the lines, not
 * converted from GB18030; a GBK file from Excel still converts. */
static void test_encodings(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	logrow r[4];
	for (int i = 0; i < 4; i++)
		good_row(fx, &r[i]);
	r[1].cell[L_CONTENT] = "职工反映\xB9\xA4资问题"; /* a stray byte in UTF-8 text */
	r[3].cell[L_NEXT] = "\xFF\xFE";
	assert_int_equal(import_logs(fx, r, 4, "\r\n"), FB_EINVAL);
	assert_int_equal(sum.converted, 0);
	expect_issue(3, "content", "UTF-8");
	expect_issue(5, "next_step", "UTF-8");
	assert_int_equal(sum.nissues, 2);
	/* the same rows in GBK (Excel's "CSV" on Chinese Windows): converted */
	good_row(fx, &r[0]);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fprintf(f, "%s\r\n", log_header);
	put_row(f, r[0].cell, L_N, "\r\n");
	fclose(f);
	char gbk[8192], *ip = buf, *op = gbk;
	size_t il = len, ol = sizeof gbk;
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	assert_int_not_equal(iconv(cd, &ip, &il, &op, &ol), (size_t)-1);
	iconv_close(cd);
	assert_int_equal(import_text(fx, "logs.csv", gbk, (size_t)(op - gbk)), FB_OK);
	assert_int_equal(sum.converted, 1);
	char sql[200];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM logs WHERE uuid = '%s' AND unit = "
	         "'宏达机械有限公司'",
	         r[0].uuid);
	assert_int_equal(fx_int(fx->st, sql), 1);
	free(buf);
	fx_free(fx);
}

/* A field far beyond the cap stops the read with a clear error; a
 * single-line cell over 4 KiB is refused on its own. */
static void test_field_size(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	logrow r[1];
	good_row(fx, &r[0]);
	char *unit = malloc(5000);
	memset(unit, 'x', 4999);
	unit[4999] = 0;
	r[0].cell[L_UNIT] = unit;
	assert_int_equal(import_logs(fx, r, 1, "\r\n"), FB_EINVAL);
	expect_issue(2, "unit", "single-line cell holds at most 4096");
	free(unit);
	fx_free(fx);
}

/* A column stored as a code is never empty, even where the record's own
 * rule lets a form leave it out (a group's station kind: the form fills in
 * "town"); a two-line or escaped group name is the validator's to refuse. */
static void test_group_codes_and_names(void **state)
{
	(void)state;
	fixture *fx = fx_new_empty();
	char u1[37], u2[37], text[1024];
	assert_int_equal(fb_uuid_random(u1, NULL), FB_OK);
	assert_int_equal(fb_uuid_random(u2, NULL), FB_OK);
	snprintf(text, sizeof text,
	         "uuid,name,station,station_kind,county,supervisor,started_on,ends_on,origin,rev,"
	         "updated_at,deleted\r\n"
	         "%s,第九组,新华镇,,东湖区,,2026-11-07,,dev-1,1,2026-11-07T09:00:00Z,0\r\n"
	         "%s,\"第十组\n二行\",新华镇,town,东湖区,,2026-11-07,,dev-1,1,2026-11-07T09:00:00Z,"
	         "0\r\n",
	         u1, u2);
	assert_int_equal(import_text(fx, "work_groups.csv", text, strlen(text)), FB_EINVAL);
	expect_issue(2, "station_kind", "required");
	expect_issue(3, "name", "single line");
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM work_groups"), 0);
	fx_free(fx);
}

/* A refused file leaves the database as it was, byte for byte. */
static void test_refused_changes_nothing(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	logrow r[2];
	good_row(fx, &r[0]);
	good_row(fx, &r[1]);
	assert_int_equal(import_logs(fx, r, 1, "\r\n"), FB_OK);
	assert_int_equal(sqlite3_exec(fb_store_db(fx->st), "PRAGMA wal_checkpoint(TRUNCATE)", NULL,
	                              NULL, NULL),
	                 SQLITE_OK);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "cat '%s' | sha256sum > '%s/before'", fx->path, fx->dir);
	assert_int_equal(system(cmd), 0);
	good_row(fx, &r[0]);
	r[1].cell[L_DATE] = "2099-12-31";
	assert_int_equal(import_logs(fx, r, 2, "\r\n"), FB_EINVAL);
	assert_int_equal(sqlite3_exec(fb_store_db(fx->st), "PRAGMA wal_checkpoint(TRUNCATE)", NULL,
	                              NULL, NULL),
	                 SQLITE_OK);
	snprintf(cmd, sizeof cmd, "cat '%s' | sha256sum | cmp -s - '%s/before'", fx->path, fx->dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(logs_count(fx), 1);
	fx_free(fx);
}

/* A personal field arriving sealed (another database's ciphertext: a
 * bundle carries them opened) is refused naming file:line:field, nothing
 * written. */
static void test_sealed_value_refused(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	char g[37], u1[37], text[1024];
	uuid_of(fx->st, "SELECT uuid FROM work_groups", g);
	assert_int_equal(fb_uuid_random(u1, NULL), FB_OK);
	snprintf(text, sizeof text,
	         "uuid,group_uuid,unit_uuid,name,phone,id_number,worker_kinds,raised,origin,rev,"
	         "updated_at,deleted\r\n"
	         "%s,%s,,fb1:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo,,,0,,dev-1,1,"
	         "2026-11-07T09:00:00Z,0\r\n",
	         u1, g);
	assert_int_equal(import_text(fx, "workers.csv", text, strlen(text)), FB_EINVAL);
	expect_issue(2, "name", "another database");
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM workers"), 0);
	fx_free(fx);
}

int main(void)
{
	setenv("FIELDBOOK_TODAY", "2026-11-22", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typed_cells_trimmed_text_kept),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_times_need_a_zone),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_every_bad_column),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_values_made_visible),
		cmocka_unit_test(test_excel_artefacts),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_field_size),
		cmocka_unit_test(test_group_codes_and_names),
		cmocka_unit_test(test_refused_changes_nothing),
		cmocka_unit_test(test_sealed_value_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
