/* test_sync_csv.c - the bundle CSV writer and reader: quoting, BOM, CRLF,
 * formula neutralising and digit protection round trips; line numbers;
 * every kind of bad input with its file:line: field error. */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "testutil.h"

/* Records collected by the row callback, joined as "a|b|c\n". */
typedef struct rows {
	char out[4096];
	long lines[32];
	int n;
	int stop_at;   /* stop after this many records (0: never) */
} rows;

static int collect(fb_csv_reader *r, char **field, size_t *len, int n, void *ctx)
{
	rows *rs = ctx;
	size_t o = strlen(rs->out);
	for (int i = 0; i < n; i++) {
		assert_int_equal(strlen(field[i]), len[i]);
		o += (size_t)snprintf(rs->out + o, sizeof rs->out - o, "%s%s", i ? "|" : "", field[i]);
	}
	snprintf(rs->out + o, sizeof rs->out - o, "\n");
	if (rs->n < 32)
		rs->lines[rs->n] = fb_csv_reader_line(r);
	rs->n++;
	return rs->stop_at && rs->n >= rs->stop_at;
}

static fb_status parse(const char *s, size_t n, rows *rs, fb_error *err)
{
	memset(rs, 0, sizeof *rs);
	fb_csv_reader *r = fb_csv_reader_string("t.csv", s, n);
	assert_non_null(r);
	fb_status st = fb_csv_read(r, collect, rs);
	*err = *fb_csv_reader_err(r);
	fb_csv_reader_free(r);
	return st;
}

static void test_read_basic(void **state)
{
	(void)state;
	rows rs;
	fb_error err;
	const char *in = "\xEF\xBB\xBFh1,h2\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n"
	                 "\"two\nlines\",x\r\n\r\n  spaced ,\t\r\nlast,no newline";
	assert_int_equal(parse(in, strlen(in), &rs, &err), FB_OK);
	assert_string_equal(rs.out, "h1|h2\na,b|say \"hi\"\ntwo\nlines|x\n  spaced |\t\n"
	                            "last|no newline\n");
	assert_int_equal(rs.n, 5);
	assert_int_equal(rs.lines[0], 1);
	assert_int_equal(rs.lines[1], 2);
	assert_int_equal(rs.lines[2], 3);
	assert_int_equal(rs.lines[3], 6); /* after the embedded newline and a blank line */
	assert_int_equal(rs.lines[4], 7);
}

static void expect_error(const char *in, size_t n, long line, const char *field,
                         const char *words)
{
	rows rs;
	fb_error err;
	assert_int_equal(parse(in, n, &rs, &err), FB_EFORMAT);
	assert_string_equal(err.file, "t.csv");
	assert_int_equal(err.line, line);
	assert_string_equal(err.field, field);
	if (!strstr(err.msg, words))
		fail_msg("'%s' not in '%s'", words, err.msg);
}

static void test_read_errors(void **state)
{
	(void)state;
	const char nul[] = "a,b\r\nx,y\0z\r\n";
	expect_error(nul, sizeof nul - 1, 2, "b", "NUL");
	const char *bad = "a,b\r\nok,ok\r\nx,\xC3\x28\r\n";
	expect_error(bad, strlen(bad), 3, "b", "UTF-8");
	const char *quote = "a,b\r\n1,\"open\r\n2,3\r\n";
	expect_error(quote, strlen(quote), 2, "b", "quote");
	const char *stray = "a,b\r\n1,ab\"c\"d\r\n";
	expect_error(stray, strlen(stray), 2, "b", "quote");
	const char *utf16 = "\xFF\xFE" "a\0,\0b\0";
	expect_error(utf16, 8, 1, "", "UTF-16");
	/* A huge field: refused, memory capped. */
	size_t big = FB_CSV_MAX_FIELD + 100;
	char *h = malloc(big + 16);
	memcpy(h, "a\r\n\"", 4);
	memset(h + 4, 'x', big);
	memcpy(h + 4 + big, "\"\r\n", 3);
	expect_error(h, big + 7, 2, "a", "longer");
	free(h);
	/* Too many columns. */
	char many[400] = "";
	for (int i = 0; i < FB_CSV_MAX_FIELDS + 2; i++)
		strcat(many, "x,");
	expect_error(many, strlen(many), 1, "", "columns");
}

static void test_read_gb18030(void **state)
{
	(void)state;
	/* "姓名,电话\r\n张三,13800138000\r\n" in GBK, as Excel saves it */
	const char gbk[] = "\xD0\xD5\xC3\xFB,\xB5\xE7\xBB\xB0\r\n\xD5\xC5\xC8\xFD,13800138000\r\n";
	fb_csv_reader *r = fb_csv_reader_string("x.csv", gbk, sizeof gbk - 1);
	rows rs = {0};
	assert_int_equal(fb_csv_read(r, collect, &rs), FB_OK);
	assert_true(fb_csv_reader_converted(r));
	assert_string_equal(rs.out, "姓名|电话\n张三|13800138000\n");
	fb_csv_reader_free(r);
}

/* A lone CR (old Excel for Mac), LF and CRLF each end one line, inside a
 * quoted cell too. */
static void test_line_ends(void **state)
{
	(void)state;
	rows rs;
	fb_error err;
	const char *in = "h1,h2\ra,\"x\ry\"\r\nb,c\n\rd,e\r";
	assert_int_equal(parse(in, strlen(in), &rs, &err), FB_OK);
	assert_int_equal(rs.n, 4);
	assert_int_equal(rs.lines[0], 1);
	assert_int_equal(rs.lines[1], 2);
	assert_int_equal(rs.lines[2], 4);
	assert_int_equal(rs.lines[3], 6); /* after the LF and the blank line a lone CR made */
}

/* Tolerant mode: a bad cell is handed out empty with its problem named,
 * and reading goes on (every bad line is found). */
typedef struct bad_cells {
	int n;
	long line[8];
	int col[8];
} bad_cells;

static int note_bad(fb_csv_reader *r, char **field, size_t *len, int n, void *ctx)
{
	bad_cells *b = ctx;
	for (int i = 0; i < n; i++) {
		const char *why = fb_csv_reader_problem(r, i);
		assert_true(!why || (len[i] == 0 && !field[i][0]));
		if (why && b->n < 8) {
			b->line[b->n] = fb_csv_reader_line(r);
			b->col[b->n++] = i;
		}
	}
	return 0;
}

static void test_tolerant(void **state)
{
	(void)state;
	const char in[] = "a,b\r\nok,\xC3\x28\r\nfine,fine\r\nx\0y,\xFF\r\n";
	fb_csv_reader *r = fb_csv_reader_string("t.csv", in, sizeof in - 1);
	fb_csv_reader_tolerant(r, 1);
	bad_cells b = {0};
	assert_int_equal(fb_csv_read(r, note_bad, &b), FB_OK);
	assert_false(fb_csv_reader_converted(r));
	fb_csv_reader_free(r);
	assert_int_equal(b.n, 3);
	assert_int_equal(b.line[0], 2);
	assert_int_equal(b.col[0], 1);
	assert_int_equal(b.line[1], 4);
	assert_int_equal(b.col[1], 0);
	assert_int_equal(b.line[2], 4);
	assert_int_equal(b.col[2], 1);
}

/* The encoding is guessed only on evidence: UTF-8 Chinese with a stray
 * byte stays UTF-8 (it would "convert" from GB18030 into mojibake); a
 * stray byte in ASCII text is not GB18030 either. */
static void test_encoding_evidence(void **state)
{
	(void)state;
	rows rs;
	fb_error err;
	/* every byte reads as GB18030 here, yet it is UTF-8 with one bad byte */
	const char utf8[] = "姓名,单位\r\n张三,宏达机械有限公司\r\n李四,东升服装\xB9\r\n";
	assert_int_equal(parse(utf8, sizeof utf8 - 1, &rs, &err), FB_EFORMAT);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.field, "单位");
	assert_non_null(strstr(err.msg, "UTF-8"));
	const char ascii[] = "name,unit\r\nZhang,Hongda\xE9x\r\n";
	assert_int_equal(parse(ascii, sizeof ascii - 1, &rs, &err), FB_EFORMAT);
	assert_int_equal(err.line, 2);
}

static void test_stop(void **state)
{
	(void)state;
	rows rs = {.stop_at = 2};
	const char *in = "a\r\nb\r\nc\r\n";
	fb_csv_reader *r = fb_csv_reader_string("t.csv", in, strlen(in));
	assert_int_equal(fb_csv_read(r, collect, &rs), FB_OK);
	assert_int_equal(rs.n, 2);
	fb_csv_reader_free(r);
}

/* Write cells, read them back, restore: the same text. */
static void test_write_round_trip(void **state)
{
	(void)state;
	static const char *cells[] = {
		"plain", "", "a,b", "say \"hi\"", "two\r\nlines", "=SUM(A1:A9)", "+86 138",
		"-1", "@cmd", "\tlead tab", "'quoted", "''twice", "13800138000", "0571",
		"110101199001011234", "5", "中文，全角", "=\"0123\"", "'=x",
	};
	size_t n = sizeof cells / sizeof cells[0];
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fb_csv_writer w;
	assert_int_equal(fb_csv_writer_init(&w, f), 0);
	for (size_t i = 0; i < n; i++)
		fb_csv_put_text(&w, cells[i], strlen(cells[i]));
	fb_csv_end_row(&w);
	fb_csv_put_int(&w, -42);
	fb_csv_end_row(&w);
	char hex[65];
	assert_int_equal(fb_csv_writer_finish(&w, hex), 0);
	fclose(f);
	assert_memory_equal(buf, "\xEF\xBB\xBF", 3);
	assert_memory_equal(buf + len - 5, "-42\r\n", 5);
	/* What Excel sees: no cell starts with a formula character. */
	assert_non_null(strstr(buf, ",'=SUM(A1:A9),'+86 138,'-1,'@cmd,'\tlead tab,"));
	assert_non_null(strstr(buf, ",\"=\"\"13800138000\"\"\",\"=\"\"0571\"\"\","));
	/* The hash is of exactly the bytes written. */
	fb_sha256 c;
	char want[65];
	fb_sha256_init(&c);
	fb_sha256_update(&c, buf, len);
	fb_sha256_hex(&c, want);
	assert_string_equal(hex, want);

	fb_csv_reader *r = fb_csv_reader_string("w.csv", buf, len);
	rows rs = {0};
	assert_int_equal(fb_csv_read(r, collect, &rs), FB_OK);
	fb_csv_reader_free(r);
	assert_int_equal(rs.n, 2);
	assert_int_equal(rs.lines[1], 3); /* the first record spans two lines */
	free(buf);
	/* Each cell alone: written, read, restored gives the original. */
	for (size_t i = 0; i < n; i++) {
		char tmp[4096];
		/* what the writer did to the cell, undone */
		char *b2 = NULL;
		size_t l2 = 0;
		FILE *g = open_memstream(&b2, &l2);
		fb_csv_writer w2;
		fb_csv_writer_init(&w2, g);
		fb_csv_put_text(&w2, cells[i], strlen(cells[i]));
		fb_csv_end_row(&w2);
		fb_csv_writer_finish(&w2, hex);
		fclose(g);
		rows one = {0};
		fb_csv_reader *r2 = fb_csv_reader_string("w.csv", b2, l2);
		assert_int_equal(fb_csv_read(r2, collect, &one), FB_OK);
		fb_csv_reader_free(r2);
		free(b2);
		if (!*cells[i]) {
			/* a record of one empty cell is a blank line: nothing read */
			assert_int_equal(one.n, 0);
			continue;
		}
		size_t k = strlen(one.out) - 1; /* drop the "\n" the collector adds */
		one.out[k] = 0;
		snprintf(tmp, sizeof tmp, "%s", one.out);
		size_t m = fb_csv_cell_restore(tmp, strlen(tmp));
		assert_int_equal(m, strlen(cells[i]));
		assert_string_equal(tmp, cells[i]);
	}
}

/* The writer's encoder and the reader's restore are inverses: random
 * values built from every character a rule looks at, each written as a text
 * cell, read back by the real reader and restored, come back unchanged. */
static void test_round_trip_random(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"=", "+", "-", "@", "\t", "\r", "\n", "\"", ",", "'", "0", "1", "9", "中",
		"a", " ", "=\"", "\r\n", "\xC2\x9B", "\033]52;c;x\007",
	};
	uint64_t seed = 20261122;
	for (int round = 0; round < 3000; round++) {
		char val[128] = "";
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		int len = 1 + (int)(seed >> 60);
		for (int k = 0; k < len; k++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			strcat(val, pieces[(seed >> 33) % (sizeof pieces / sizeof pieces[0])]);
		}
		if (round % 7 == 0) /* long digit strings and leading zeros */
			snprintf(val, sizeof val, "%s%llu", round % 2 ? "0" : "",
			         (unsigned long long)(seed >> 4));
		char *buf = NULL;
		size_t blen = 0;
		FILE *f = open_memstream(&buf, &blen);
		fb_csv_writer w;
		assert_int_equal(fb_csv_writer_init(&w, f), 0);
		fb_csv_put_text(&w, val, strlen(val));
		fb_csv_put_raw(&w, "end", 3);
		fb_csv_end_row(&w);
		char hex[65];
		assert_int_equal(fb_csv_writer_finish(&w, hex), 0);
		fclose(f);
		rows one;
		fb_error err;
		assert_int_equal(parse(buf, blen, &one, &err), FB_OK);
		free(buf);
		assert_int_equal(one.n, 1);
		char *bar = strrchr(one.out, '|');
		assert_non_null(bar);
		assert_string_equal(bar, "|end\n");
		*bar = 0;
		size_t k = fb_csv_cell_restore(one.out, strlen(one.out));
		assert_int_equal(k, strlen(val));
		assert_string_equal(one.out, val);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_basic),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_read_gb18030),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_tolerant),
		cmocka_unit_test(test_encoding_evidence),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_write_round_trip),
		cmocka_unit_test(test_round_trip_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
