/* validate.c - the table of field limits (limits.h, limits_table.h) and the
 * checks every validator and the importer run against it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/category.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/limits.h"
#include "fieldbook/text.h"
#include "internal.h"

/* The fixed code lists (FB_FIELD_WORD). */
const char *const fb_words_report_kind[] = {"weekly", "monthly", "stage", NULL};
const char *const fb_words_report_status[] = {"draft", "submitted", NULL};
const char *const fb_words_target_scope[] = {"cadre", "group", "leader", "contact_point", NULL};
const char *const fb_words_target_metric[] = {"enterprises",
                                              "workers",
                                              "households",
                                              "grassroots_days",
                                              "contact_days",
                                              "contact_units",
                                              "research_topics",
                                              "reports",
                                              "logs",
                                              NULL};
const char *const fb_words_has_union[] = {"unknown", "yes", "no", NULL};
const char *const fb_words_target_period[] = {"programme", "year", "half_year",
                                              "month",     "week", NULL};

#define LIMIT_ROW(id, record, field, kind, required, min, max, when, category, words) \
	{record, field, kind, required, min, max, when, category, words},
const fb_limit fb_limits[] = {FB_LIMIT_TABLE(LIMIT_ROW)};
#undef LIMIT_ROW
const int fb_limit_count = sizeof fb_limits / sizeof fb_limits[0];
_Static_assert(sizeof fb_limits / sizeof fb_limits[0] == FB_L_COUNT, "one enum per row");

const fb_limit *fb_limit_get(const char *record, const char *field)
{
	const fb_limit *any = NULL;
	for (int i = 0; record && field && i < fb_limit_count; i++) {
		if (strcmp(fb_limits[i].field, field))
			continue;
		if (!strcmp(fb_limits[i].record, record))
			return &fb_limits[i];
		if (!strcmp(fb_limits[i].record, "*"))
			any = &fb_limits[i];
	}
	return any;
}

size_t fb_limit_max_bytes(const fb_limit *l)
{
	switch (l->kind) {
	case FB_FIELD_NAME:
	case FB_FIELD_LINE:
	case FB_FIELD_TEXT:
	case FB_FIELD_PHONE: return (size_t)l->max * 4; /* UTF-8: at most 4 bytes a character */
	case FB_FIELD_COUNT:
	case FB_FIELD_MASK: return 20; /* -9223372036854775808 */
	case FB_FIELD_DATE: return 10;
	case FB_FIELD_TIME: return 20;
	default: return 64; /* codes */
	}
}

/* ---- text ---- */

int fb_text_blank(const char *s)
{
	for (; s && *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			continue;
		if (!strncmp(s, "\xE3\x80\x80", 3)) { /* ideographic space */
			s += 2;
			continue;
		}
		return 0;
	}
	return 1;
}

/* "U+200B ZERO WIDTH SPACE" (or just "U+E000") into out. */
static const char *cp_text(uint32_t cp, char out[80])
{
	const char *name = fb_cp_name(cp);
	snprintf(out, 80, name ? "U+%04X %s" : "U+%04X", (unsigned)cp, name);
	return out;
}

/* Why the character cp at position pos (1-based, in characters) may not be
 * in a field of kind k (next: the code point after it); FB_OK if it may. */
static fb_status check_char(const fb_limit *l, uint32_t cp, uint32_t next, size_t pos, fb_error *err)
{
	char what[80];
	int control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
	int line_end = cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029 || cp == 0x85;
	if (l->kind == FB_FIELD_TEXT) {
		if (cp == '\n' || cp == '\t' || (cp == '\r' && next == '\n') || !control)
			return FB_OK;
		return fb_error_set(err, FB_EINVAL, l->field,
		                    _("contains the control character %s (character %zu)"),
		                    cp_text(cp, what), pos);
	}
	if (line_end)
		return fb_error_set(err, FB_EINVAL, l->field, _("must be a single line"));
	if (control)
		return fb_error_set(err, FB_EINVAL, l->field,
		                    _("contains the control character %s (character %zu)"),
		                    cp_text(cp, what), pos);
	if (l->kind != FB_FIELD_LINE && fb_cp_unsafe(cp))
		return fb_error_set(err, FB_EINVAL, l->field,
		                    _("contains %s (character %zu), which cannot be seen; type it "
		                      "again without it"),
		                    cp_text(cp, what), pos);
	if (l->kind == FB_FIELD_PHONE && !(cp < 0x80 && strchr("0123456789+-() ", (int)cp)))
		return fb_error_set(err, FB_EINVAL, l->field,
		                    _("may hold only digits, spaces and + - ( )"));
	return FB_OK;
}

/* The length of the UTF-8 sequence at p (n bytes left), 0 if it is not
 * valid (truncated, overlong, a surrogate, past U+10FFFF). *maybe_unsafe:
 * the code point may be one fb_cp_unsafe refuses (only U+0080-U+00BF,
 * U+061C, U+1800-U+1FFF, U+2000-U+2FFF and U+F000-U+FFFF can be), so it is
 * worth decoding. */
static size_t seq_len(const unsigned char *p, size_t n, int *maybe_unsafe)
{
	unsigned c = p[0];
	*maybe_unsafe = 0;
	if (c >= 0xC2 && c <= 0xDF) {
		if (n < 2 || (p[1] & 0xC0) != 0x80)
			return 0;
		*maybe_unsafe = c == 0xC2 || (c == 0xD8 && p[1] == 0x9C);
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
			return 0;
		*maybe_unsafe = c == 0xE1 || c == 0xE2 || c == 0xEF;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80 ||
		    (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

/* Text kinds: valid UTF-8, the characters the kind allows, the length -
 * in one pass that decodes only what may be refused: a validator runs on
 * every row of a million-row import. */
static fb_status check_chars(const fb_limit *l, const char *v, size_t n, fb_error *err)
{
	const unsigned char *p = (const unsigned char *)v;
	int text = l->kind == FB_FIELD_TEXT, phone = l->kind == FB_FIELD_PHONE;
	size_t chars = 0;
	for (size_t i = 0; i < n;) {
		unsigned c = p[i];
		uint32_t cp = c;
		size_t k = 1;
		int look = 1;
		chars++;
		if (c >= 0x80) {
			if (!(k = seq_len(p + i, n - i, &look)))
				return fb_error_set(err, FB_EINVAL, l->field,
				                    _("is not valid UTF-8 text"));
			if (look)
				fb_utf8_decode(v + i, k, &cp);
			look = look && !(text && cp >= 0xA0); /* free text keeps invisible characters */
		} else {
			look = c < 0x20 || c == 0x7F || (phone && (c < '0' || c > '9'));
		}
		i += k;
		fb_status s = look ? check_char(l, cp, i < n ? p[i] : 0, chars, err) : FB_OK;
		if (s)
			return s;
	}
	if (chars > (size_t)l->max)
		return fb_error_set(err, FB_EINVAL, l->field,
		                    _("is too long: %zu characters, at most %lld"), chars,
		                    (long long)l->max);
	return FB_OK;
}

/* ---- dates and times ---- */

void fb_when_window(fb_when when, char first[11], char last[11])
{
	snprintf(first, 11, "%s", FB_DATE_FIRST);
	fb_date_format(fb_date_add(fb_today(), when == FB_WHEN_PLAN ? FB_DATE_AHEAD_DAYS : 0), last);
}

/* Days since 1970 of FB_DATE_FIRST. */
static long first_days(void)
{
	fb_date d;
	fb_date_parse(FB_DATE_FIRST, &d, "", NULL);
	return fb_date_to_days(d);
}

/* The day d (days since 1970; `shown` as the user wrote it) within l's
 * window counted from the day `now` (days since 1970); skew: days more a
 * time may be ahead. */
static fb_status check_window(const fb_limit *l, const char *shown, long d, long now, int skew,
                              fb_error *err)
{
	long last = now + (l->when == FB_WHEN_PLAN ? FB_DATE_AHEAD_DAYS : 0);
	char bound[11];
	if (d < first_days())
		return fb_error_set(err, FB_EINVAL, l->field,
		                    _("%s is before %s: is the computer's clock right?"), shown,
		                    FB_DATE_FIRST);
	if (d <= last + skew)
		return FB_OK;
	if (l->when == FB_WHEN_PAST)
		return fb_error_set(err, FB_EINVAL, l->field, _("%s is in the future"), shown);
	return fb_error_set(err, FB_EINVAL, l->field, _("%s is more than a year ahead (at most %s)"),
	                    shown, fb_date_format(fb_date_from_days(last), bound));
}

/* 1 if s is exactly YYYY-MM-DD (digits where digits belong) of a real day;
 * the day into *d. */
static int canonical_day(const char *s, fb_date *d)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	if (s[10])
		return 0;
	d->y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	d->m = (s[5] - '0') * 10 + (s[6] - '0');
	d->d = (s[8] - '0') * 10 + (s[9] - '0');
	return fb_date_valid(*d);
}

/* A date field: canonical YYYY-MM-DD within l's window. */
static fb_status check_date(const fb_limit *l, const char *v, fb_error *err)
{
	fb_date d;
	if (!canonical_day(v, &d)) {
		fb_status s = fb_date_parse(v, &d, l->field, err);
		if (s)
			return s;
		char canon[11];
		return fb_error_set(err, FB_EINVAL, l->field, _("'%s' must be written as %s"), v,
		                    fb_date_format(d, canon));
	}
	return check_window(l, v, fb_date_to_days(d), fb_date_to_days(fb_today()), 0, err);
}

/* 1 if s is a real UTC time written YYYY-MM-DDTHH:MM:SSZ; its day into *d. */
static int valid_time(const char *s, fb_date *d)
{
	char day[11];
	if (strlen(s) != 20 || s[10] != 'T' || s[19] != 'Z' || s[13] != ':' || s[16] != ':')
		return 0;
	for (int i = 11; i < 19; i++)
		if (i != 13 && i != 16 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int h = (s[11] - '0') * 10 + (s[12] - '0'), mi = (s[14] - '0') * 10 + (s[15] - '0');
	int sec = (s[17] - '0') * 10 + (s[18] - '0');
	memcpy(day, s, 10);
	day[10] = '\0';
	return h <= 23 && mi <= 59 && sec <= 59 && canonical_day(day, d);
}

/* A time field: YYYY-MM-DDTHH:MM:SSZ within l's window (PAST: a day of clock skew). */
static fb_status check_time(const fb_limit *l, const char *v, fb_error *err)
{
	fb_date d;
	if (!valid_time(v, &d))
		return fb_error_set(err, FB_EINVAL, l->field,
		                    _("'%.40s' is not a time like 2026-11-22T08:30:00Z"), v);
	/* times are stamped by the clock (fb_now_iso), dates by the calendar
	 * (fb_today, which tests may fix): the later of the two is now */
	char clock[21];
	fb_date c;
	long now = fb_date_to_days(fb_today());
	if (valid_time(fb_now_iso(clock), &c) && fb_date_to_days(c) > now)
		now = fb_date_to_days(c);
	return check_window(l, v, fb_date_to_days(d), now,
	                    l->when == FB_WHEN_PAST ? FB_CLOCK_SKEW_DAYS : 0, err);
}

/* ---- codes ---- */

/* A category code of any of the kinds "a|b". */
static fb_status check_code(fb_store *st, const fb_limit *l, const char *v, fb_error *err)
{
	if (!strchr(l->category, '|')) { /* one kind: no copy, no parsing */
		int found = fb_category_find(st, l->category, v, NULL, err);
		if (found < 0)
			return err ? err->code : FB_EDB;
		if (found)
			return FB_OK;
	}
	char kinds[64], label[200] = "";
	snprintf(kinds, sizeof kinds, "%s", l->category);
	char *save = NULL;
	for (char *k = strtok_r(kinds, "|", &save); k; k = strtok_r(NULL, "|", &save)) {
		int found = fb_category_find(st, k, v, NULL, err);
		if (found < 0)
			return err ? err->code : FB_EDB;
		if (found)
			return FB_OK;
		size_t len = strlen(label);
		snprintf(label + len, sizeof label - len, "%s%s", len ? " / " : "",
		         fb_category_label(st, "meta_kind", k));
	}
	return fb_error_set(err, FB_EINVAL, l->field, _("'%s' is not one of the %s"), v, label);
}

/* A word field: one of l->words. */
static fb_status check_word(const fb_limit *l, const char *v, fb_error *err)
{
	char list[256] = "";
	for (const char *const *w = l->words; *w; w++) {
		if (!strcmp(*w, v))
			return FB_OK;
		size_t len = strlen(list);
		snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", *w);
	}
	return fb_error_set(err, FB_EINVAL, l->field, _("'%.40s' is not one of: %s"), v, list);
}

/* ---- the two entry points ---- */

fb_status fb_limit_check_text(fb_store *st, const fb_limit *l, const char *value, fb_error *err)
{
	int text = l->kind == FB_FIELD_NAME || l->kind == FB_FIELD_LINE ||
	           l->kind == FB_FIELD_TEXT || l->kind == FB_FIELD_PHONE;
	if (!value || !*value || (text && fb_text_blank(value))) {
		if (!l->required)
			return FB_OK;
		if (l->kind == FB_FIELD_DATE)
			return fb_error_set(err, FB_EINVAL, l->field,
			                    _("a date is required (YYYY-MM-DD)"));
		return fb_error_set(err, FB_EINVAL, l->field, _("is required"));
	}
	size_t n = strlen(value);
	if (text && n > fb_limit_max_bytes(l))
		return fb_error_set(err, FB_EINVAL, l->field,
		                    _("is too long: %zu bytes, at most %lld characters"), n,
		                    (long long)l->max);
	switch (l->kind) {
	case FB_FIELD_NAME:
	case FB_FIELD_LINE:
	case FB_FIELD_TEXT:
	case FB_FIELD_PHONE: return check_chars(l, value, n, err);
	case FB_FIELD_DATE: return check_date(l, value, err);
	case FB_FIELD_TIME: return check_time(l, value, err);
	case FB_FIELD_CODE: return check_code(st, l, value, err);
	case FB_FIELD_WORD: return check_word(l, value, err);
	default:
		return fb_error_set(err, FB_EINVAL, l->field, "internal: %s is a number", l->field);
	}
}

fb_status fb_limit_check_num(fb_store *st, const fb_limit *l, int64_t v, fb_error *err)
{
	if (l->kind == FB_FIELD_COUNT) {
		if (v < l->min || v > l->max)
			return fb_error_set(err, FB_EINVAL, l->field,
			                    _("must be between %lld and %lld, not %lld"),
			                    (long long)l->min, (long long)l->max, (long long)v);
		return FB_OK;
	}
	if (l->kind != FB_FIELD_MASK)
		return fb_error_set(err, FB_EINVAL, l->field, "internal: %s is not a number",
		                    l->field);
	uint32_t known;
	if (fb_category_bits(st, l->category, &known, err) != FB_OK)
		return err ? err->code : FB_EDB;
	if (v < 0 || ((uint64_t)v & ~(uint64_t)known))
		return fb_error_set(err, FB_EINVAL, l->field,
		                    _("names a kind that does not exist (there are %d %s)"),
		                    __builtin_popcount(known),
		                    fb_category_label(st, "meta_kind", l->category));
	return FB_OK;
}

/* ---- shorthands for the validators ---- */

fb_status fb_check(fb_store *st, int id, const char *value, fb_error *err)
{
	return fb_limit_check_text(st, &fb_limits[id], value, err);
}

fb_status fb_check_num(fb_store *st, int id, int64_t value, fb_error *err)
{
	return fb_limit_check_num(st, &fb_limits[id], value, err);
}
