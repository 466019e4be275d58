/* docx.c - .docx documents in the layout of Chinese official documents
 * (docx.h): the body built as WordprocessingML, the static parts from the
 * compiled-in templates, all zipped by libzip. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "docx.h"
#include "fieldbook/i18n.h"
#include "fieldbook/perm.h"
#include "fieldbook/report.h"
#include "sync_internal.h"
#include "report_impl.h"
#include "report_text.h"
#include "templates.h"

struct fb_docx {
	fb_sb body; /* the paragraphs, WordprocessingML */
};

fb_docx *fb_docx_new(void) { return calloc(1, sizeof(fb_docx)); }

void fb_docx_free(fb_docx *d)
{
	if (!d)
		return;
	fb_sb_free(&d->body);
	free(d);
}

static const char *style_id(fb_docx_style s)
{
	static const char *ids[] = {"FbTitle",    "FbSubtitle", "FbHeading1",
	                            "FbHeading2", "Normal",     "FbSignature"};
	return (unsigned)s < sizeof ids / sizeof ids[0] ? ids[s] : "Normal";
}

/* One code point of s (at most n bytes) into *cp; its length, or 1 with
 * U+FFFD for a byte that starts no valid UTF-8 sequence. */
static size_t utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
	if (!len || len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	unsigned v = len == 1 ? c : c & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = v << 6 | (s[i] & 0x3F);
	}
	static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		v = 0xFFFD;
	*cp = v;
	return len;
}

/* n bytes of text as XML character data: & < > " escaped, characters XML
 * 1.0 does not allow dropped (a tab becomes a space), bad UTF-8 U+FFFD. */
static void xml_text(fb_sb *b, const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < n) {
		unsigned cp;
		size_t len = utf8_next(s + i, n - i, &cp);
		if (cp == '&')
			fb_sb_add(b, "&amp;");
		else if (cp == '<')
			fb_sb_add(b, "&lt;");
		else if (cp == '>')
			fb_sb_add(b, "&gt;");
		else if (cp == '"')
			fb_sb_add(b, "&quot;");
		else if (cp == '\t')
			fb_sb_add(b, " ");
		else if (cp < 0x20 || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF)
			; /* not allowed in XML 1.0 (or a control nobody meant) */
		else if (cp == 0xFFFD && !(len == 3 && s[i] == 0xEF))
			fb_sb_add(b, "\xEF\xBF\xBD");
		else
			fb_sb_addn(b, text + i, len);
		i += len;
	}
}

void fb_docx_add(fb_docx *d, fb_docx_style style, const char *text)
{
	if (!d)
		return;
	const char *p = text ? text : "";
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n && p[n - 1] == '\r')
			n--;
		fb_sb_addf(&d->body, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/></w:pPr>", style_id(style));
		if (n) {
			fb_sb_add(&d->body, "<w:r><w:t xml:space=\"preserve\">");
			xml_text(&d->body, p, n);
			fb_sb_add(&d->body, "</w:t></w:r>");
		}
		fb_sb_add(&d->body, "</w:p>");
		if (!nl)
			break;
		p = nl + 1;
	}
}

static const struct fb_template *template_of(const char *name)
{
	for (int i = 0; i < fb_template_count; i++)
		if (!strcmp(fb_templates[i].name, name))
			return &fb_templates[i];
	return NULL;
}

char *fb_docx_document_xml(const fb_docx *d)
{
	const struct fb_template *t = template_of("docx/word/document.xml");
	const char *at = t ? strstr(t->data, "@BODY@") : NULL;
	if (!at || !d || d->body.oom)
		return NULL;
	fb_sb b = {0};
	fb_sb_addn(&b, t->data, (size_t)(at - t->data));
	if (d->body.p)
		fb_sb_add(&b, d->body.p);
	fb_sb_add(&b, at + strlen("@BODY@"));
	return fb_sb_take(&b);
}

/* Add a part from memory the caller keeps alive until zip_close. */
static int add_part(zip_t *za, const char *name, const char *data, size_t size)
{
	zip_source_t *src = zip_source_buffer(za, data, size, 0);
	if (!src)
		return -1;
	if (zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(src);
		return -1;
	}
	return 0;
}

/* The parts of the document zipped into mem (an empty buffer source the
 * caller keeps): 0, or -1 with the reason in *ze. */
static int zip_parts(zip_source_t *mem, const char *doc, zip_error_t *ze)
{
	zip_t *za = zip_open_from_source(mem, ZIP_TRUNCATE, ze);
	if (!za) {
		zip_source_free(mem); /* the reference zip_open would have taken */
		return -1;
	}
	/* [Content_Types].xml first, as Word writes it; the template is named
	 * Content_Types.xml (brackets are glob characters in CMake). */
	const struct fb_template *ct = template_of("docx/Content_Types.xml");
	int bad = !ct || add_part(za, "[Content_Types].xml", ct->data, ct->size);
	for (int i = 0; i < fb_template_count && !bad; i++) {
		const struct fb_template *t = &fb_templates[i];
		if (strncmp(t->name, "docx/", 5) || t == ct)
			continue;
		const char *name = t->name + 5;
		bad = !strcmp(name, "word/document.xml") ? add_part(za, name, doc, strlen(doc))
		                                         : add_part(za, name, t->data, t->size);
	}
	if (bad || zip_close(za)) {
		zip_error_set(ze, zip_error_code_zip(zip_get_error(za)),
		              zip_error_code_system(zip_get_error(za)));
		if (!zip_error_code_zip(ze))
			zip_error_set(ze, ZIP_ER_INTERNAL, 0);
		zip_discard(za);
		return -1;
	}
	return 0;
}

/* The bytes of the archive in mem: a buffer the caller frees into *out,
 * its size into *n; -1 with the reason in *ze. */
static int zip_bytes(zip_source_t *mem, char **out, size_t *n, zip_error_t *ze)
{
	zip_stat_t zs;
	zip_stat_init(&zs);
	if (zip_source_stat(mem, &zs) || !(zs.valid & ZIP_STAT_SIZE) || zip_source_open(mem)) {
		zip_error_set(ze, zip_error_code_zip(zip_source_error(mem)),
		              zip_error_code_system(zip_source_error(mem)));
		return -1;
	}
	*n = (size_t)zs.size;
	*out = malloc(*n ? *n : 1);
	zip_int64_t got = *out ? zip_source_read(mem, *out, zs.size) : -1;
	zip_source_close(mem);
	if (got < 0 || (zip_uint64_t)got != zs.size) {
		free(*out);
		*out = NULL;
		zip_error_set(ze, ZIP_ER_MEMORY, 0);
		return -1;
	}
	return 0;
}

/* Write n bytes into path by way of a temporary file beside it (mode 0600,
 * made by mkstemp) renamed into place: either the whole file is there
 * under path or nothing new is (the temporary is removed). */
static fb_status write_file(const char *path, const char *data, size_t n, fb_error *err)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + sizeof ".tmp.XXXXXX");
	if (!tmp)
		return fb_error_set(err, FB_ENOMEM, NULL, "%s", _("out of memory"));
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");
	fb_sync_remove_leftovers(path); /* of a writer killed before its rename */
	int fd = mkstemp(tmp);          /* 0600 whatever the umask: the text names people */
	if (fd < 0) {
		fb_status rc = fb_error_set(err, FB_EIO, NULL, _("cannot write %s: %s"), path,
		                            strerror(errno));
		free(tmp);
		return rc;
	}
	size_t done = 0;
	int e = 0;
	while (done < n && !e) {
		ssize_t w = write(fd, data + done, n - done);
		if (w < 0 && errno != EINTR)
			e = errno;
		else if (w > 0)
			done += (size_t)w;
	}
	if (!e && fsync(fd))
		e = errno;
	if (close(fd) && !e)
		e = errno;
	if (!e && rename(tmp, path))
		e = errno;
	if (e)
		unlink(tmp);
	free(tmp);
	if (e)
		return fb_error_set(err, FB_EIO, NULL, _("cannot write %s: %s"), path, strerror(e));
	return FB_OK;
}

fb_status fb_docx_write(const fb_docx *d, const char *path, fb_error *err)
{
	char *doc = fb_docx_document_xml(d);
	if (!doc)
		return fb_error_set(err, FB_ENOMEM, NULL, "%s", _("out of memory"));
	zip_error_t ze;
	zip_error_init(&ze);
	char *bytes = NULL;
	size_t n = 0;
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	int bad = !mem;
	if (!bad) {
		zip_source_keep(mem); /* zip_close must not free it: its bytes are read after */
		bad = zip_parts(mem, doc, &ze) || zip_bytes(mem, &bytes, &n, &ze);
		zip_source_free(mem);
	}
	free(doc);
	fb_status rc;
	if (bad)
		rc = fb_error_set(err, FB_EIO, NULL, _("cannot write %s: %s"), path,
		                  zip_error_strerror(&ze));
	else
		rc = write_file(path, bytes, n, err);
	zip_error_fini(&ze);
	free(bytes);
	return rc;
}

/* Chinese numbering of headings: "一、" (level 1) and "（一）" (level 2) in
 * Chinese, "1." and "(1)" otherwise. */
static void numbered(fb_sb *b, int level, int n, const char *title)
{
	static const char *zh[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
	if (fb_lang_is_zh() && n >= 1 && n <= 10)
		fb_sb_addf(b, level == 1 ? "%s、%s" : "（%s）%s", zh[n - 1], title);
	else
		fb_sb_addf(b, level == 1 ? "%d. %s" : "(%d) %s", n, title);
}

static void heading(fb_docx *d, int level, int n, const char *title)
{
	fb_sb b = {0};
	numbered(&b, level, n, title);
	fb_docx_add(d, level == 1 ? FB_DOCX_HEADING1 : FB_DOCX_HEADING2, b.p ? b.p : "");
	fb_sb_free(&b);
}

/* The figures as prose paragraphs (headings 1.1-1.3). */
static void figures(fb_docx *d, const fb_report_figures *f)
{
	fb_sb b = {0};
	heading(d, 2, 1, _("Days logged and missing"));
	fb_sb_addf(&b,
	           _("Members: %d. Logs: %d; days logged: %d; working days due: %d; missing: %d."),
	           f->nmembers, f->logs, f->days_logged, f->days_due, f->days_missing);
	fb_docx_add(d, FB_DOCX_BODY, b.p);
	fb_sb_free(&b);
	for (int i = 0; i < f->nmembers; i++) {
		const fb_member_figures *m = &f->members[i];
		fb_sb_addf(&b, _("%s: %d logs on %d days, %d working days missing"), m->name,
		           m->logs, m->days_logged, m->days_missing);
		if (m->days_missing && m->missing && *m->missing)
			fb_sb_addf(&b, _(" (%s)"), m->missing);
		fb_sb_add(&b, fb_lang_is_zh() ? "。" : ".");
		fb_docx_add(d, FB_DOCX_BODY, b.p);
		fb_sb_free(&b);
	}
	heading(d, 2, 2, _("Enterprises and workers reached"));
	fb_sb_addf(&b, _("Enterprises visited: %lld; workers reached: %lld; households: %lld."),
	           (long long)f->enterprises, (long long)f->workers, (long long)f->households);
	fb_docx_add(d, FB_DOCX_BODY, b.p);
	fb_sb_free(&b);
	heading(d, 2, 3, _("Problems and tickets"));
	fb_sb_addf(&b,
	           _("Logs recording problems found: %d. Tickets opened: %d, closed: %d, open "
	             "at the end: %d, overdue: %d."),
	           f->findings, f->tickets_opened, f->tickets_closed, f->tickets_open,
	           f->tickets_overdue);
	fb_docx_add(d, FB_DOCX_BODY, b.p);
	fb_sb_free(&b);
}

fb_status fb_report_docx_write(fb_store *st, int64_t id, const char *path, fb_error *err)
{
	fb_report r;
	fb_status rc = fb_report_get(st, id, &r, err);
	if (rc)
		return rc;
	/* the document is a copy that leaves the database: only who may read
	 * the report may make it (the core's rule) */
	if ((rc = fb_perm_check_read(st, r.group_id, _("read reports"), err))) {
		fb_report_free(&r);
		return rc;
	}
	fb_docx *d = fb_docx_new();
	if (!d) {
		fb_report_free(&r);
		return fb_error_set(err, FB_ENOMEM, NULL, "%s", _("out of memory"));
	}
	fb_sb b = {0};
	/* 第一工作组周报告; a space between the two in other languages */
	fb_sb_addf(&b, fb_lang_is_zh() ? "%s%s" : "%s %s", r.group_name,
	           fb_report_kind_title(r.kind));
	fb_docx_add(d, FB_DOCX_TITLE, b.p);
	fb_sb_free(&b);
	if (r.kind == FB_REPORT_STAGE)
		fb_sb_addf(&b, _("(%s to %s)"), r.period.start, r.period.end);
	else
		fb_sb_addf(&b, _("(%s: %s to %s)"), r.period.label, r.period.start, r.period.end);
	fb_docx_add(d, FB_DOCX_SUBTITLE, b.p);
	fb_sb_free(&b);
	fb_docx_add(d, FB_DOCX_BODY, "");
	heading(d, 1, 1, _("Figures of the period"));
	figures(d, &r.figures);
	for (int i = 0; i < FB_SEC_COUNT; i++) {
		heading(d, 1, i + 2, fb_report_section_title(r.kind, (fb_report_section)i));
		const char *text = r.sections[i] && *r.sections[i] ? r.sections[i] : _("(empty)");
		fb_docx_add(d, FB_DOCX_BODY, text);
	}
	fb_docx_add(d, FB_DOCX_BODY, "");
	fb_docx_add(d, FB_DOCX_SIGNATURE, r.group_name);
	fb_docx_add(d, FB_DOCX_SIGNATURE,
	            r.submitted_at[0] ? (fb_sb_addf(&b, "%.10s", r.submitted_at), b.p)
	                              : r.figures.computed_on);
	fb_sb_free(&b);
	rc = fb_docx_write(d, path, err);
	fb_docx_free(d);
	fb_report_free(&r);
	return rc;
}
