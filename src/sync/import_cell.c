/* import_cell.c - one cell of a bundle's CSV decoded by its column's kind,
 * as Excel and people write them. Typed cells (ids, codes, dates, times,
 * counts, revisions) are trimmed, text never. UUIDs in either case; whole
 * numbers as 64 bits with overflow refused, and Excel's rounded 1.38E+10
 * named as lost digits; dates year first (2026-11-22, 2026/11/22,
 * 2026.11.22, 2026年11月22日; 11/12/2026 is refused: the day and the month
 * cannot be told apart), times with their zone, both inside the window of
 * dates and times (date.h); revisions no clock can have made yet refused.
 * The rules are stated in fieldbook-bundle(5). */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fieldbook/i18n.h"
#include "fieldbook/seal.h"
#include "fieldbook/text.h"
#include "import.h"

const char *imp_shown(const char *v, char *buf, size_t size)
{
	return fb_text_visible(v, 0, buf, size);
}

/* Trim what surrounds a typed cell: ASCII blanks, the ideographic space
 * U+3000 and the no-break space U+00A0 (both come with pasted text). */
char *imp_trim(char *s, size_t *n)
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

/* Refuse v, a number Excel rounded, in words a spreadsheet user knows. */
static void lost_digits(importer *im, int j, const char *v)
{
	char b[64];
	imp_reject(im, j, _("'%s' is a number Excel rounded (its last digits are lost): type it "
	                    "again in a column formatted as Text"), imp_shown(v, b, sizeof b));
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
		imp_reject(im, j, _("'%s' is too large a number"), imp_shown(v, b, sizeof b));
	else if (rc)
		imp_reject(im, j, _("not a whole number: '%s'"), imp_shown(v, b, sizeof b));
	else if (c->kind == C_REV && rw->num[j] < 0)
		imp_reject(im, j, _("not a whole number: '%s'"), imp_shown(v, b, sizeof b));
	else if (c->kind == C_REV && rw->num[j] > im->rev_last)
		imp_reject(im, j, _("revision %s was made more than a day from now: the clock of "
		                    "the laptop that made it, or of this one, is wrong"), v);
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

/* How a date or time cell reads. */
enum { D_OK, D_FORMAT, D_AMBIGUOUS, D_CALENDAR, D_OUTSIDE, D_NOZONE };

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

/* A date cell, into out as YYYY-MM-DD. Excel's midnight (" 0:00") is
 * allowed after it; any other time is not. */
static int parse_date(importer *im, const char *s, char out[11])
{
	fb_date d;
	const char *end = s;
	int rc = scan_date(s, &d, &end);
	if (rc)
		return rc;
	if (!strcmp(end, " 0:00") || !strcmp(end, " 00:00") || !strcmp(end, " 0:00:00") ||
	    !strcmp(end, " 00:00:00"))
		end += strlen(end);
	if (*end)
		return D_FORMAT;
	long days = fb_date_to_days(d);
	if (days < fb_date_to_days(im->date_first) || days > fb_date_to_days(im->date_last))
		return D_OUTSIDE;
	fb_date_format(d, out);
	return D_OK;
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
static int parse_time(importer *im, const char *s, char out[21])
{
	fb_date d;
	const char *p = s;
	if (canonical_time(s)) {
		memcpy(out, s, 21);
		goto window;
	}
	int rc = scan_date(s, &d, &p);
	if (rc)
		return rc;
	int h, mi, sec = 0;
	if ((*p != 'T' && *p != ' ') || (p++, digits(&p, 2, &h) < 1) || *p++ != ':' ||
	    digits(&p, 2, &mi) != 2 || (*p == ':' && (p++, digits(&p, 2, &sec) != 2)))
		return D_FORMAT;
	long east;
	int zone = scan_zone(p, &east);
	if (zone == 0)
		return D_NOZONE;
	if (zone < 0 || h > 23 || mi > 59 || sec > 59)
		return D_FORMAT;
	struct tm tm = {.tm_year = d.y - 1900, .tm_mon = d.m - 1, .tm_mday = d.d, .tm_hour = h,
	                .tm_min = mi, .tm_sec = sec};
	time_t t = timegm(&tm) - east;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
window:
	return strcmp(out, im->time_first) < 0 || strcmp(out, im->time_last) > 0 ? D_OUTSIDE : D_OK;
}

/* Refuse date or time cell v of column j for reason why (D_*). */
static void when_reject(importer *im, int j, int why, const char *v)
{
	int time = im->t->cols[j].kind != C_DATE;
	char b[64], first[11], last[11];
	imp_shown(v, b, sizeof b);
	switch (why) {
	case D_AMBIGUOUS:
		imp_reject(im, j, _("'%s': the day and the month cannot be told apart; write the "
		                    "year first, like 2026-11-22"), b);
		break;
	case D_CALENDAR: imp_reject(im, j, _("'%s' is not a date in the calendar"), b); break;
	case D_NOZONE:
		imp_reject(im, j, _("'%s' has no time zone: write it like 2026-11-22T08:30:00Z (UTC) "
		                    "or 2026-11-22 16:30+08:00"), b);
		break;
	case D_OUTSIDE:
		if (time)
			imp_reject(im, j, _("'%s' is outside the times fieldbook accepts (%s to %s)"), b,
			           im->time_first, im->time_last);
		else
			imp_reject(im, j, _("'%s' is outside the dates fieldbook accepts (%s to %s)"), b,
			           fb_date_format(im->date_first, first),
			           fb_date_format(im->date_last, last));
		break;
	default:
		if (time)
			imp_reject(im, j, _("not a time like 2026-11-22T08:30:00Z: '%s'"), b);
		else
			imp_reject(im, j, _("not a date like 2026-11-22: '%s'"), b);
	}
}

/* A date or time cell into the row, in its one written form (rw->norm). */
static void decode_when(importer *im, imp_row *rw, int j, const char *v)
{
	const fb_sync_col *c = &im->t->cols[j];
	if (!*v) {
		if (!(c->flags & F_OPT))
			imp_reject(im, j, c->kind == C_DATE ? _("a date is required (YYYY-MM-DD)")
			                                    : _("a time is required"));
		return;
	}
	int why = c->kind == C_DATE ? parse_date(im, v, rw->norm[j]) : parse_time(im, v, rw->norm[j]);
	if (why)
		when_reject(im, j, why, v);
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
		imp_reject(im, j, _("not a UUID: '%s'"), imp_shown(v, b, sizeof b));
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
/* A lone CR inside a text cell is a line end (a CSV saved on an old Mac,
 * a cell typed in one): it becomes LF, as every screen and the core's
 * validators read line ends. CR LF stays as it is. */
static void lone_cr_to_lf(char *v)
{
	for (char *p = strchr(v, '\r'); p; p = strchr(p + 1, '\r'))
		if (p[1] != '\n')
			*p = '\n';
}

static void decode_text(importer *im, int j, char *v)
{
	if ((im->t->cols[j].flags & F_SEALED) && fb_seal_is_value(v)) {
		/* bundles carry personal data opened: this is another database's
		 * ciphertext, which no key here opens */
		imp_reject(im, j,
		           _("a value sealed by another database's key (\"%s...\"): a bundle "
		             "carries personal data opened"),
		           FB_SEAL_PREFIX);
		return;
	}
	lone_cr_to_lf(v);
	if ((im->t->cols[j].flags & F_DIGITS) && excel_scientific(v))
		lost_digits(im, j, v);
}

int imp_decode_cell(importer *im, fb_csv_reader *r, imp_row *rw, int j, char *v, size_t n)
{
	const fb_sync_col *c = &im->t->cols[j];
	const char *problem = im->pos[j] >= 0 ? fb_csv_reader_problem(r, im->pos[j]) : NULL;
	if (problem) {
		imp_reject(im, j, "%s", problem);
		rw->val[j] = "";
		return 0;
	}
	if (c->kind != C_TEXT)
		v = imp_trim(v, &n);
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
	case C_CAT: /* the code itself is the record's validator's to judge; a column
	             * the table stores as a code is never empty (work_groups.station_kind:
	             * the forms fill in "town") */
		if (!n && !(c->flags & F_OPT))
			imp_reject(im, j, _("is required"));
		break;
	default: break; /* codes: the record's validator knows them */
	}
	return 0;
}

