/* import_row.c - one CSV record of a table, as Excel and people write
 * them. The header names each column once, in any order; a column without
 * a name is ignored while it is empty. Typed cells (ids, codes, dates,
 * times, counts, revisions) are trimmed, text never. Each cell is decoded
 * by its column's kind: UUIDs in either case, whole numbers as 64 bits
 * with overflow refused, dates year first (2026-11-22, 2026/11/22,
 * 2026.11.22, 2026年11月22日; 11/12/2026 is refused: the day and the month
 * cannot be told apart), times with their zone, both inside the window of
 * dates and times (date.h). Every bad column of every row is listed; rows
 * that are good go on to the record check, the version choice and the
 * write. The rules are stated in fieldbook-bundle(5). */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fieldbook/i18n.h"
#include "fieldbook/text.h"
#include "import.h"

/* A cell's text made visible and cut to a few dozen columns, for a message. */
static const char *shown(const char *v, char *buf, size_t size)
{
	return fb_text_visible(v, 0, buf, size);
}

void imp_reject(importer *im, int j, const char *fmt, ...)
{
	imp_row *rw = &im->row;
	if (j >= 0 && rw->bad[j])
		return; /* one reason per column */
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (j >= 0)
		rw->bad[j] = 1;
	if (!rw->rejected) {
		rw->rejected = 1;
		im->cnt->rejected++;
	}
	im->failed = 1;
	fb_sync_add_issue(im->sum, 0, im->t->file, rw->line, j >= 0 ? im->t->cols[j].csv : "",
	                  NULL, msg);
}

/* Trim what surrounds a typed cell: ASCII blanks, the ideographic space
 * U+3000 and the no-break space U+00A0 (both come with pasted text). */
static char *trim(char *s, size_t *n)
{
	size_t a = 0, b = *n;
	for (;;) {
		if (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\n'))
			a++;
		else if (b - a >= 3 && !memcmp(s + a, "\xE3\x80\x80", 3))
			a += 3;
		else if (b - a >= 2 && !memcmp(s + a, "\xC2\xA0", 2))
			a += 2;
		else
			break;
	}
	for (;;) {
		if (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r' || s[b - 1] == '\n'))
			b--;
		else if (b - a >= 3 && !memcmp(s + b - 3, "\xE3\x80\x80", 3))
			b -= 3;
		else if (b - a >= 2 && !memcmp(s + b - 2, "\xC2\xA0", 2))
			b -= 2;
		else
			break;
	}
	s[b] = 0;
	*n = b - a;
	return s + a;
}

/* ------------------------------------------------------------ numbers */

/* A whole number with an optional sign, as 64 bits: 0, -1 if it is not
 * one, -2 if it does not fit. */
static int parse_int(const char *s, int64_t *out)
{
	int neg = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return -1;
	uint64_t v = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		unsigned d = (unsigned)(*s - '0');
		if (v > (lim - d) / 10)
			return -2;
		v = v * 10 + d;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

/* 1 if s is how Excel shows a long number it has rounded: 1.38E+10. */
static int excel_scientific(const char *s)
{
	if (!isdigit((unsigned char)*s++))
		return 0;
	if (*s == '.') {
		if (!isdigit((unsigned char)*++s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	if (*s != 'E' && *s != 'e')
		return 0;
	s++;
	if (*s == '+')
		s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	while (isdigit((unsigned char)*s))
		s++;
	return !*s;
}

static void lost_digits(importer *im, int j, const char *v)
{
	char b[64];
	imp_reject(im, j, _("'%s' is a number Excel rounded (its last digits are lost): type it "
	                    "again in a column formatted as Text"), shown(v, b, sizeof b));
}

/* A revision (a hybrid logical clock: milliseconds << 16 | counter) that no
 * clock can have made yet comes from a laptop whose clock is wrong, and
 * would drag this device's clock into the future with it. */
static void decode_number(importer *im, imp_row *rw, int j, const char *v)
{
	const fb_sync_col *c = &im->t->cols[j];
	char b[64];
	if (c->kind == C_DELETED) {
		if (strcmp(v, "0") && strcmp(v, "1"))
			imp_reject(im, j, _("must be 0 or 1"));
		rw->num[j] = v[0] == '1';
		return;
	}
	int rc = parse_int(v, &rw->num[j]);
	if (rc && excel_scientific(v))
		lost_digits(im, j, v);
	else if (rc == -2)
		imp_reject(im, j, _("'%s' is too large a number"), shown(v, b, sizeof b));
	else if (rc)
		imp_reject(im, j, _("not a whole number: '%s'"), shown(v, b, sizeof b));
	else if (c->kind == C_REV && rw->num[j] < 0)
		imp_reject(im, j, _("not a whole number: '%s'"), shown(v, b, sizeof b));
	else if (c->kind == C_REV && rw->num[j] > im->rev_last)
		imp_reject(im, j, _("revision %s is from after %s: the clock of the laptop that made "
		                    "it is wrong"), v, im->time_last);
	if (c->kind == C_REV)
		rw->rev = rw->num[j];
}

/* ------------------------------------------------------- dates, times */

/* Digits at *p (1 to max of them) into *v; the count. */
static int digits(const char **p, int max, int *v)
{
	int n = 0;
	*v = 0;
	while (n < max && isdigit((unsigned char)**p)) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n;
}

enum { D_OK, D_FORMAT, D_AMBIGUOUS, D_CALENDAR }; /* how a date cell reads */

/* The date at the start of s, year first, into *d; *end after it. A
 * day-first or month-first form (11/12/2026) is D_AMBIGUOUS. */
static int scan_date(const char *s, fb_date *d, const char **end)
{
	const char *p = s;
	int a, b, c;
	int na = digits(&p, 4, &a);
	if (na >= 1 && na <= 2 && (*p == '/' || *p == '.' || *p == '-')) {
		char sep = *p++;
		if (digits(&p, 2, &b) >= 1 && *p == sep && (p++, digits(&p, 4, &c) == 4))
			return D_AMBIGUOUS;
		return D_FORMAT;
	}
	int cjk = na == 4 && !strncmp(p, "年", 3);
	if (na != 4 || (!cjk && *p != '-' && *p != '/' && *p != '.'))
		return D_FORMAT;
	char sep = *p;
	p += cjk ? 3 : 1;
	if (!digits(&p, 2, &b) || (cjk ? strncmp(p, "月", 3) : *p != sep))
		return D_FORMAT;
	p += cjk ? 3 : 1;
	if (!digits(&p, 2, &c))
		return D_FORMAT;
	if (cjk && !strncmp(p, "日", 3))
		p += 3;
	*d = (fb_date){a, b, c};
	*end = p;
	return fb_date_valid(*d) ? D_OK : D_CALENDAR;
}

/* Why a date did not read, for cells of dates (time = 0) or times. */
static const char *date_why(int rc, int time)
{
	switch (rc) {
	case D_AMBIGUOUS:
		return _("the day and the month cannot be told apart: write the year first, like "
		         "2026-11-22");
	case D_CALENDAR: return _("is not a date in the calendar");
	default: return time ? _("not a time like 2026-11-22T08:30:00Z")
	                     : _("not a date like 2026-11-22");
	}
}

static const char *outside(importer *im, char *buf, size_t size)
{
	char first[11], last[11];
	snprintf(buf, size, _("is outside the dates fieldbook accepts (%s to %s)"),
	         fb_date_format(im->date_first, first), fb_date_format(im->date_last, last));
	return buf;
}

/* A date cell, into out as YYYY-MM-DD. Excel's midnight (" 0:00") is
 * allowed after it; any other time is not. */
static const char *parse_date(importer *im, const char *s, char out[11], char *buf, size_t size)
{
	fb_date d;
	const char *end = s;
	int rc = scan_date(s, &d, &end);
	if (rc)
		return date_why(rc, 0);
	if (!strcmp(end, " 0:00") || !strcmp(end, " 00:00") || !strcmp(end, " 0:00:00") ||
	    !strcmp(end, " 00:00:00"))
		end += strlen(end);
	if (*end)
		return date_why(D_FORMAT, 0);
	long days = fb_date_to_days(d);
	if (days < fb_date_to_days(im->date_first) || days > fb_date_to_days(im->date_last))
		return outside(im, buf, size);
	fb_date_format(d, out);
	return NULL;
}

/* The zone at the end of a time: Z, UTC, +08:00, +0800 or +08, as seconds
 * east of UTC into *east. 1 read, 0 there is none, -1 not a zone. */
static int scan_zone(const char *p, long *east)
{
	while (*p == ' ')
		p++;
	*east = 0;
	if (!*p)
		return 0;
	if (!strcmp(p, "Z") || !strcmp(p, "UTC"))
		return 1;
	if (*p != '+' && *p != '-')
		return -1;
	int sign = *p++ == '-' ? -1 : 1, h, m = 0;
	if (digits(&p, 2, &h) != 2)
		return -1;
	if (*p == ':')
		p++;
	if (*p && digits(&p, 2, &m) != 2)
		return -1;
	if (*p || h > 14 || m > 59)
		return -1;
	*east = sign * (h * 3600L + m * 60L);
	return 1;
}

/* 1 if s is a time exactly as fieldbook writes it, 2026-11-22T08:30:00Z:
 * most cells of a bundle, read without a time conversion. */
static int canonical_time(const char *s)
{
	static const char form[] = "dddd-dd-ddTdd:dd:ddZ";
	for (int i = 0; i < 20; i++)
		if (form[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != form[i])
			return 0;
	if (s[20])
		return 0;
	fb_date d = {atoi(s), atoi(s + 5), atoi(s + 8)};
	return fb_date_valid(d) && atoi(s + 11) < 24 && atoi(s + 14) < 60 && atoi(s + 17) < 60;
}

/* A time cell: a date as parse_date takes it, T or a space, HH:MM[:SS],
 * and a zone; into out as UTC YYYY-MM-DDTHH:MM:SSZ. */
static const char *parse_time(importer *im, const char *s, char out[21], char *buf, size_t size)
{
	fb_date d;
	const char *p = s;
	if (canonical_time(s)) {
		memcpy(out, s, 21);
		goto window;
	}
	int rc = scan_date(s, &d, &p);
	if (rc)
		return date_why(rc, 1);
	int h, mi, sec = 0;
	if ((*p != 'T' && *p != ' ') || (p++, digits(&p, 2, &h) < 1) || *p++ != ':' ||
	    digits(&p, 2, &mi) != 2 || (*p == ':' && (p++, digits(&p, 2, &sec) != 2)))
		return date_why(D_FORMAT, 1);
	long east;
	int zone = scan_zone(p, &east);
	if (zone == 0)
		return _("has no time zone: write it like 2026-11-22T08:30:00Z (UTC) or "
		         "2026-11-22 16:30+08:00");
	if (zone < 0 || h > 23 || mi > 59 || sec > 59)
		return date_why(D_FORMAT, 1);
	struct tm tm = {.tm_year = d.y - 1900, .tm_mon = d.m - 1, .tm_mday = d.d, .tm_hour = h,
	                .tm_min = mi, .tm_sec = sec};
	time_t t = timegm(&tm) - east;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
window:
	if (strcmp(out, im->time_first) < 0 || strcmp(out, im->time_last) > 0) {
		snprintf(buf, size, _("is outside the times fieldbook accepts (%s to %s)"),
		         im->time_first, im->time_last);
		return buf;
	}
	return NULL;
}

static void decode_when(importer *im, imp_row *rw, int j, const char *v)
{
	const fb_sync_col *c = &im->t->cols[j];
	char buf[200], b[64];
	if (!*v) {
		if (!(c->flags & F_OPT))
			imp_reject(im, j, c->kind == C_DATE ? _("a date is required (YYYY-MM-DD)")
			                                    : _("a time is required"));
		return;
	}
	const char *why = c->kind == C_DATE ? parse_date(im, v, rw->norm[j], buf, sizeof buf)
	                                    : parse_time(im, v, rw->norm[j], buf, sizeof buf);
	if (why)
		imp_reject(im, j, _("'%s' %s"), shown(v, b, sizeof b), why);
	else
		rw->val[j] = rw->norm[j];
}

/* ----------------------------------------------------- ids and text */

/* A UUID in either case, lowered in place. */
static int uuid_cell(char *v)
{
	for (char *p = v; *p; p++)
		if (*p >= 'A' && *p <= 'F')
			*p = (char)(*p - 'A' + 'a');
	return fb_uuid_valid(v);
}

/* A reference resolves to a record in the database (this bundle's
 * earlier tables are in it by now), deleted or not; one to a row this
 * bundle refused holds the row back without a second message. */
static int decode_id(importer *im, imp_row *rw, int j, char *v)
{
	const fb_sync_col *c = &im->t->cols[j];
	char b[64];
	if (c->kind == C_REF && !*v && (c->flags & F_OPT))
		return 0;
	if (!uuid_cell(v)) {
		imp_reject(im, j, _("not a UUID: '%s'"), shown(v, b, sizeof b));
		return 0;
	}
	if (c->kind == C_UUID) {
		rw->uuid = v;
		return 0;
	}
	int deleted = 0, rc = imp_resolve(im, j, v, &rw->num[j], &deleted);
	if (rc < 0)
		return -1;
	rw->refdel[j] = (unsigned char)deleted;
	if (rc)
		return 0;
	if ((rc = imp_is_held(im, v)) < 0)
		return -1;
	if (rc)
		rw->held = 1;
	else
		imp_reject(im, j, _("refers to %s %s, which is neither in the bundle nor in the "
		                    "database"), fb_sync_table_label(c->ref), v);
	return 0;
}

/* A device id: printable, no spaces, at most 64 bytes, nothing invisible. */
static int origin_ok(const char *s, size_t n)
{
	if (!n || n > 64)
		return 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7F)
			return 0;
		if (c < 0x80) { /* a device's UUID: ASCII */
			i++;
			continue;
		}
		i += fb_utf8_decode(s + i, n - i, &cp);
		if (fb_cp_unsafe(cp) || cp == FB_REPLACEMENT)
			return 0;
	}
	return 1;
}

/* Text is kept as it is (the record's validator judges it); Excel's
 * artefacts in a phone or ID number get a message of their own. */
static void decode_text(importer *im, int j, const char *v)
{
	if ((im->t->cols[j].flags & F_DIGITS) && excel_scientific(v))
		lost_digits(im, j, v);
}

/* Decode cell v (n bytes, writable) of column j into the row. 0 or -1 on
 * a database error. */
static int decode_cell(importer *im, fb_csv_reader *r, imp_row *rw, int j, char *v, size_t n)
{
	const fb_sync_col *c = &im->t->cols[j];
	const char *problem = im->pos[j] >= 0 ? fb_csv_reader_problem(r, im->pos[j]) : NULL;
	if (problem) {
		imp_reject(im, j, "%s", problem);
		rw->val[j] = "";
		return 0;
	}
	if (c->kind != C_TEXT)
		v = trim(v, &n);
	if (c->kind == C_TEXT || c->kind == C_CAT || c->kind == C_CODE || c->kind == C_REV)
		n = fb_csv_cell_restore(v, n);
	rw->val[j] = v;
	if ((c->kind != C_TEXT || (c->flags & F_LINE)) && n > IMP_MAX_LINE_CELL) {
		imp_reject(im, j, _("%zu bytes: a single-line cell holds at most %d"), n,
		           IMP_MAX_LINE_CELL);
		return 0;
	}
	switch (c->kind) {
	case C_UUID:
	case C_REF: return decode_id(im, rw, j, v);
	case C_INT:
	case C_REV:
	case C_DELETED: decode_number(im, rw, j, v); break;
	case C_DATE:
	case C_TIME:
	case C_UPDATED: decode_when(im, rw, j, v); break;
	case C_TEXT: decode_text(im, j, v); break;
	case C_ORIGIN:
		if (!origin_ok(v, n))
			imp_reject(im, j, _("not a device id"));
		else
			rw->origin = v;
		break;
	default: break; /* codes: the record's validator knows them */
	}
	return 0;
}

/* ------------------------------------------------------ the header */

/* A header cell's name (trimmed), made visible for an error. */
static int header_fail(fb_csv_reader *r, const char *name, const char *why)
{
	char b[48];
	fb_csv_reader_fail(r, FB_EFORMAT, shown(name, b, sizeof b), "%s", why);
	return 1;
}

/* The header: every column known, none twice, none missing (but for
 * columns added later, which older bundles lack); cells without a name
 * are ignored while they stay empty. */
static int read_header(importer *im, fb_csv_reader *r, char **cell, size_t *len, int n)
{
	const fb_sync_table *t = im->t;
	for (int j = 0; j < t->ncols; j++)
		im->pos[j] = -1;
	im->nunnamed = 0;
	for (int i = 0; i < n; i++) {
		const char *problem = fb_csv_reader_problem(r, i);
		if (problem)
			return header_fail(r, "", problem);
		size_t k = len[i];
		const char *name = trim(cell[i], &k);
		im->unnamed[i] = !*name;
		if (!*name) {
			im->nunnamed++;
			continue;
		}
		int found = -1;
		for (int j = 0; j < t->ncols; j++)
			if (!strcmp(name, t->cols[j].csv))
				found = j;
		if (found < 0)
			return header_fail(r, name, _("unknown column"));
		if (im->pos[found] >= 0)
			return header_fail(r, name, _("column appears twice"));
		im->pos[found] = i;
	}
	int absent = 0;
	for (int j = 0; j < t->ncols; j++)
		if (im->pos[j] < 0) {
			if (!(t->cols[j].flags & F_LATER)) /* a bundle from an older fieldbook */
				return header_fail(r, t->cols[j].csv, _("missing column"));
			absent = 1;
		}
	im->ncells = n;
	im->header = 1;
	if (absent && imp_prepare_update(im)) {
		fb_store_dberr(im->st, &im->fatal);
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------- one record */

static int blank(size_t *len, int n, fb_csv_reader *r)
{
	for (int i = 0; i < n; i++)
		if (len[i] || fb_csv_reader_problem(r, i))
			return 0;
	return 1;
}

/* Refuse the cells of the row that are not text (bad bytes, NUL): each
 * under its column, those outside any column once for the row. */
static void reject_problems(importer *im, fb_csv_reader *r, int n)
{
	int row_level = 0;
	for (int i = 0; i < n; i++) {
		const char *problem = fb_csv_reader_problem(r, i);
		int j = -1;
		for (int k = 0; problem && i < im->ncells && k < im->t->ncols; k++)
			if (im->pos[k] == i)
				j = k;
		if (problem && (j >= 0 || !row_level++))
			imp_reject(im, j, "%s", problem);
	}
}

/* The row's cells against the header: as many (Excel's empty trailing
 * cells aside), nothing in a column without a name. 0 if refused. */
static int cells_fit(importer *im, fb_csv_reader *r, char **cell, size_t *len, int n)
{
	char b[64];
	int extra = 0;
	for (int i = im->ncells; i < n; i++)
		extra |= len[i] || fb_csv_reader_problem(r, i);
	if (extra || n < im->ncells) {
		reject_problems(im, r, n);
		imp_reject(im, -1, _("%d columns, expected %d"), n, im->ncells);
		return 0;
	}
	for (int i = 0; i < im->ncells; i++)
		if (im->unnamed[i] && (len[i] || fb_csv_reader_problem(r, i))) {
			reject_problems(im, r, n);
			imp_reject(im, -1, _("column %d has no name but holds '%s': name it or delete it"),
			           i + 1, shown(cell[i], b, sizeof b));
			return 0;
		}
	return 1;
}

/* Decode every cell of the row into im->row. 0 or -1 on a database error. */
static int decode_row(importer *im, fb_csv_reader *r, char **cell, size_t *len)
{
	imp_row *rw = &im->row;
	for (int j = 0; j < im->t->ncols; j++) {
		int i = im->pos[j];
		rw->absent[j][0] = 0;
		if (decode_cell(im, r, rw, j, i < 0 ? rw->absent[j] : cell[i], i < 0 ? 0 : len[i]))
			return -1;
	}
	return 0;
}

/* A good row: its local version, duplicates, which version wins, the
 * write. A refused or held row is remembered so that rows referring to it
 * are held back. 0 or -1 on a database error. */
static int apply_row(importer *im, imp_row *rw)
{
	if (rw->rejected || rw->held)
		return rw->uuid ? imp_hold(im, rw->uuid) : 0;
	imp_local loc;
	int found = imp_local_version(im, rw->uuid, &loc);
	if (found < 0)
		return -1;
	if (found) {
		long first = 0;
		int rc = imp_remember(im, loc.id, rw->line, &first);
		if (rc < 0)
			return -1;
		if (rc) {
			imp_reject(im, 0, _("the same uuid is on an earlier line (%ld)"), first);
			return 0;
		}
	}
	imp_note_incoming(im, rw->origin, rw->rev);
	int action = imp_choose(im, rw, found ? &loc : NULL);
	if (action < 0)
		return -1;
	return action == IMP_SKIP ? 0 : imp_write(im, rw, (imp_action)action);
}

static int on_record(fb_csv_reader *r, char **cell, size_t *len, int n, void *ctx)
{
	importer *im = ctx;
	if (!im->header)
		return read_header(im, r, cell, len, n);
	if (blank(len, n, r)) {
		if (!im->empty_rows++)
			im->first_empty = fb_csv_reader_line(r);
		return 0;
	}
	imp_row *rw = &im->row;
	memset(rw->bad, 0, sizeof rw->bad);
	memset(rw->refdel, 0, sizeof rw->refdel);
	memset(rw->num, 0, sizeof rw->num);
	rw->uuid = rw->origin = NULL;
	rw->rev = 0;
	rw->rejected = rw->held = 0;
	rw->line = fb_csv_reader_line(r);
	im->cnt->rows++;
	if (im->opts->progress && ++im->seq % 20000 == 0)
		im->opts->progress(im->opts->progress_ctx, im->t->name, im->cnt->rows);
	if (!cells_fit(im, r, cell, len, n))
		return 0;
	if (decode_row(im, r, cell, len) || (rw->uuid && !rw->held && imp_check_record(im, rw)) ||
	    apply_row(im, rw))
		return 1; /* a database error: im->fatal says which */
	return 0;
}

/* Notes for what the table's file had that was ignored. */
static void table_notes(importer *im)
{
	char msg[256];
	if (im->empty_rows) {
		snprintf(msg, sizeof msg, _("%ld empty rows ignored"), im->empty_rows);
		fb_sync_add_note(im->sum, im->t->file, im->first_empty, "", msg);
	}
	if (im->nunnamed) {
		snprintf(msg, sizeof msg, _("%d empty columns without a name ignored"), im->nunnamed);
		fb_sync_add_note(im->sum, im->t->file, 1, "", msg);
	}
}

fb_status imp_read_csv(importer *im, fb_csv_reader *r, fb_error *err)
{
	im->header = 0;
	im->empty_rows = im->first_empty = 0;
	im->nunnamed = 0;
	fb_error_clear(&im->fatal);
	fb_status s = imp_prepare_table(im, err);
	if (s)
		return s;
	fb_csv_reader_tolerant(r, 1);
	s = fb_csv_read(r, on_record, im);
	if (im->fatal.code) {
		*err = im->fatal;
		s = im->fatal.code;
	} else if (s) {
		*err = *fb_csv_reader_err(r);
	} else if (!im->header) {
		fb_error_set(err, FB_EFORMAT, "", _("the file is empty: no header row"));
		fb_error_at(err, im->t->file, 1);
		s = FB_EFORMAT;
	}
	if (s == FB_OK)
		table_notes(im);
	if (fb_csv_reader_converted(r))
		im->sum->converted++;
	imp_finalize_table(im);
	return s;
}
