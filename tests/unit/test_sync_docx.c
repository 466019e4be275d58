/* test_sync_docx.c - the .docx writer (src/sync/docx.c): a document read
 * back with libzip has the parts Word needs, the text escaped and valid
 * UTF-8, mode 0600; a path that cannot be written leaves nothing behind;
 * a report's document only for who may read the report. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "docx.h"
#include "fieldbook/report.h"
#include "testutil.h"

/* A member of the archive at path, NUL-terminated; NULL if it is not
 * there. Caller frees. */
static char *member(const char *path, const char *name)
{
	int zerr = 0;
	zip_t *za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	assert_non_null(za);
	zip_stat_t zs;
	char *out = NULL;
	if (!zip_stat(za, name, 0, &zs)) {
		zip_file_t *f = zip_fopen(za, name, 0);
		assert_non_null(f);
		out = malloc(zs.size + 1);
		assert_non_null(out);
		assert_int_equal(zip_fread(f, out, zs.size), (zip_int64_t)zs.size);
		out[zs.size] = 0;
		zip_fclose(f);
	}
	zip_close(za);
	return out;
}

/* 1 if s is valid UTF-8 (no overlong forms, no surrogates). */
static int valid_utf8(const unsigned char *s)
{
	while (*s) {
		unsigned c = *s, len = c < 0x80             ? 1
		                       : (c & 0xE0) == 0xC0 ? 2
		                       : (c & 0xF0) == 0xE0 ? 3
		                       : (c & 0xF8) == 0xF0 ? 4
		                                            : 0;
		if (!len)
			return 0;
		unsigned v = len == 1 ? c : c & (0x7F >> len);
		for (unsigned i = 1; i < len; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return 0;
			v = v << 6 | (s[i] & 0x3F);
		}
		static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
		if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		s += len;
	}
	return 1;
}

/* The number of entries of dir other than . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static void test_document_read_back(void **state)
{
	fixture *fx = *state;
	char path[256], dir[200];
	snprintf(dir, sizeof dir, "%s/out", fx->dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(path, sizeof path, "%s/周报告.docx", dir);
	/* a long paragraph: 600 times a sentence of 11 CJK characters */
	static const char sentence[] = "本周走访企业了解情况。";
	char *long_text = malloc(600 * (sizeof sentence - 1) + 1);
	assert_non_null(long_text);
	long_text[0] = 0;
	for (int i = 0; i < 600; i++)
		strcat(long_text, sentence);
	fb_docx *d = fb_docx_new();
	assert_non_null(d);
	fb_docx_add(d, FB_DOCX_TITLE, "第一工作组周报告");
	fb_docx_add(d, FB_DOCX_SUBTITLE, "（2026-W47：2026-11-16至2026-11-22）");
	fb_docx_add(d, FB_DOCX_HEADING1, "一、基本情况");
	fb_docx_add(d, FB_DOCX_BODY, "Tom & Jerry <b>bold</b> said \"hi\" and 'bye' > 3");
	fb_docx_add(d, FB_DOCX_HEADING2, "（一）走访企业");
	fb_docx_add(d, FB_DOCX_BODY, long_text);
	/* two lines, a control character and a byte that is not UTF-8 */
	fb_docx_add(d, FB_DOCX_BODY, "第一行\n第二行\x01\xff末尾");
	fb_docx_add(d, FB_DOCX_SIGNATURE, "第一工作组");
	mode_t was = umask(022);
	fb_error err = {0};
	assert_int_equal(fb_docx_write(d, path, &err), FB_OK);
	umask(was);
	fb_docx_free(d);

	/* only the document: no temporary left beside it */
	assert_int_equal(entries(dir), 1);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	const char *parts[] = {
		"[Content_Types].xml", "_rels/.rels",       "word/_rels/document.xml.rels",
		"word/styles.xml",     "word/settings.xml", "word/fontTable.xml",
		"word/footer1.xml"};
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
		char *p = member(path, parts[i]);
		if (!p)
			fail_msg("no %s in the document", parts[i]);
		assert_true(valid_utf8((const unsigned char *)p));
		free(p);
	}
	char *ct = member(path, "[Content_Types].xml");
	assert_non_null(strstr(ct, "/word/document.xml"));
	free(ct);
	char *styles = member(path, "word/styles.xml");
	assert_non_null(strstr(styles, "FbTitle"));
	free(styles);

	char *doc = member(path, "word/document.xml");
	assert_non_null(doc);
	assert_true(valid_utf8((const unsigned char *)doc));
	assert_non_null(strstr(doc, ">第一工作组周报告<"));
	assert_non_null(strstr(doc, "Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; said &quot;hi&quot; "
	                            "and 'bye' &gt; 3"));
	/* nothing of the input's markup raw */
	assert_null(strstr(doc, "<b>"));
	assert_null(strstr(doc, "</b>"));
	assert_null(strstr(doc, "& Jerry"));
	assert_null(strstr(doc, "\"hi\""));
	/* every '<' opens a WordprocessingML or XML tag */
	for (const char *p = strchr(doc, '<'); p; p = strchr(p + 1, '<'))
		if (strncmp(p, "<w:", 3) && strncmp(p, "</w:", 4) && strncmp(p, "<?xml", 5))
			fail_msg("a raw '<' in document.xml: %.20s", p);
	assert_non_null(strstr(doc, long_text));
	/* a newline is a new paragraph; the control gone, the bad byte U+FFFD */
	assert_non_null(strstr(doc, ">第一行</w:t>"));
	assert_non_null(strstr(doc, ">第二行\xEF\xBF\xBD末尾</w:t>"));
	assert_null(strchr(doc, '\x01'));
	assert_non_null(strstr(doc, "w:val=\"FbHeading1\""));
	assert_non_null(strstr(doc, "w:val=\"FbSignature\""));
	/* A4 in twentieths of a point */
	assert_non_null(strstr(doc, "w:w=\"11906\""));
	free(doc);
	free(long_text);
}

static void test_unwritable_leaves_nothing(void **state)
{
	fixture *fx = *state;
	fb_docx *d = fb_docx_new();
	fb_docx_add(d, FB_DOCX_TITLE, "标题");
	char path[256];
	fb_error err = {0};
	/* a folder that is not there */
	snprintf(path, sizeof path, "%s/missing/x.docx", fx->dir);
	assert_int_equal(fb_docx_write(d, path, &err), FB_EIO);
	assert_non_null(strstr(err.msg, path));
	int before = entries(fx->dir);
	/* the name of an existing folder: the rename fails, its temporary goes */
	snprintf(path, sizeof path, "%s/folder", fx->dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(fb_docx_write(d, path, &err), FB_EIO);
	assert_int_equal(entries(fx->dir), before + 1);
	assert_int_equal(entries(path), 0);
	/* an existing document is replaced whole */
	snprintf(path, sizeof path, "%s/old.docx", fx->dir);
	FILE *f = fopen(path, "w");
	fputs("old", f);
	fclose(f);
	assert_int_equal(fb_docx_write(d, path, &err), FB_OK);
	char *doc = member(path, "word/document.xml");
	assert_non_null(strstr(doc, ">标题<"));
	free(doc);
	fb_docx_free(d);
}

static void test_report_document_who_may(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_period p;
	fb_report r;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	assert_int_equal(fb_report_compile(fx->st, fx->group_id, FB_REPORT_WEEKLY, &p, &r, &err),
	                 FB_OK);
	int64_t id = r.id;
	fb_report_free(&r);
	assert_int_equal(fb_report_set_section(fx->st, id, FB_SEC_WORK_DONE, "走访A&B公司<职工>",
	                                       NULL, &err),
	                 FB_OK);
	char path[256];
	snprintf(path, sizeof path, "%s/r.docx", fx->dir);

	/* a member of the group may */
	fx_as(fx, fx->member_id);
	assert_int_equal(fb_report_docx_write(fx->st, id, path, &err), FB_OK);
	char *doc = member(path, "word/document.xml");
	assert_non_null(strstr(doc, "第一工作组"));
	assert_non_null(strstr(doc, "走访A&amp;B公司&lt;职工&gt;"));
	assert_non_null(strstr(doc, "王伟")); /* the members' figures */
	free(doc);
	assert_int_equal(unlink(path), 0);

	/* HQ may; a person of another group may not, nor nobody */
	fx_hq(fx);
	assert_int_equal(fb_report_docx_write(fx->st, id, path, &err), FB_OK);
	assert_int_equal(unlink(path), 0);
	fb_group g2 = {.name = "第二工作组", .station = "城关镇"};
	assert_int_equal(fb_group_save(fx->st, &g2, &err), FB_OK);
	fb_person other = {.group_id = g2.id, .name = "赵强", .role = "leader"};
	assert_int_equal(fb_person_save(fx->st, &other, &err), FB_OK);
	fx_as(fx, other.id);
	assert_int_equal(fb_report_docx_write(fx->st, id, path, &err), FB_EPERM);
	assert_string_equal(err.msg,
	                    "a Group leader may read reports only in their own work group");
	assert_int_equal(access(path, F_OK), -1);
	fx_as(fx, 0);
	assert_int_equal(fb_report_docx_write(fx->st, id, path, &err), FB_EPERM);
	assert_non_null(strstr(err.msg, "nobody is signed in"));
	assert_int_equal(access(path, F_OK), -1);

	/* no such report */
	fx_as(fx, fx->leader_id);
	assert_int_equal(fb_report_docx_write(fx->st, id + 100, path, &err), FB_ENOTFOUND);
	assert_int_equal(access(path, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_document_read_back, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_unwritable_leaves_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_report_document_who_may, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
