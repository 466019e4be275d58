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
const char *const fb_words_target_metric[] = {
	"enterprises", "workers", "households", "grassroots_days", "contact_days",
	"contact_units", "research_topics", "reports", "logs", NULL};
const char *const fb_words_target_period[] = {"programme", "year", "half_year", "month", "week",
                                              NULL};

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
	case FB_FIELD_MASK: return 20;                  /* -9223372036854775808 */
	case FB_FIELD_DATE: return 10;
	case FB_FIELD_TIME: return 20;
	default: return 64;                             /* codes */
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
static fb_status check_char(const fb_limit *l, uint32_t cp, uint32_t next, size_t pos,
                            fb_error *err)
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

/* Text kinds: valid UTF-8, the characters the kind allows, the length. */
static fb_status check_chars(const fb_limit *l, const char *v, fb_error *err)
{
	size_t n = strlen(v), chars = 0;
	if (!fb_utf8_valid(v, n))
		return fb_error_set(err, FB_EINVAL, l->field, _("is not valid UTF-8 text"));
	for (size_t i = 0; i < n;) {
		uint32_t cp, next = 0;
		i += fb_utf8_decode(v + i, n - i, &cp);
		if (i < n)
			fb_utf8_decode(v + i, n - i, &next);
		chars++;
		fb_status s = check_char(l, cp, next, chars, err);
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

/* The day d (canonical YYYY-MM-DD) within l's window; skew: days more a
 * time may be ahead. */
static fb_status check_window(const fb_limit *l, const char *shown, const char *day, int skew,
                              fb_error *err)
{
	char first[11], last[11];
	fb_when_window(l->when, first, last);
	if (strcmp(day, first) < 0)
		return fb_error_set(err, FB_EINVAL, l->field,
		                    _("%s is before %s: is the computer's clock right?"), shown, first);
	if (skew) {
		fb_date d;
		fb_date_parse(last, &d, l->field, NULL);
		fb_date_format(fb_date_add(d, skew), last);
	}
	if (strcmp(day, last) <= 0)
		return FB_OK;
	if (l->when == FB_WHEN_PAST)
		return fb_error_set(err, FB_EINVAL, l->field, _("%s is in the future"), shown);
	return fb_error_set(err, FB_EINVAL, l->field,
	                    _("%s is more than a year ahead (at most %s)"), shown, last);
}

/* A date field: canonical YYYY-MM-DD within l's window. */
static fb_status check_date(const fb_limit *l, const char *v, fb_error *err)
{
	fb_date d;
	fb_status s = fb_date_parse(v, &d, l->field, err);
	if (s)
		return s;
	char canon[11];
	if (strcmp(fb_date_format(d, canon), v))
		return fb_error_set(err, FB_EINVAL, l->field, _("'%s' must be written as %s"), v,
		                    canon);
	return check_window(l, v, canon, 0, err);
}

/* 1 if s is a real UTC time written YYYY-MM-DDTHH:MM:SSZ; its day into day. */
static int valid_time(const char *s, char day[11])
{
	int h, mi, sec, n = 0;
	if (strlen(s) != 20 || s[10] != 'T' || s[19] != 'Z')
		return 0;
	for (int i = 0; i < 19; i++)
		if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && (s[i] < '0' || s[i] > '9'))
			return 0;
	if (sscanf(s + 11, "%2d:%2d:%2d%n", &h, &mi, &sec, &n) != 3 || n != 8 || h > 23 ||
	    mi > 59 || sec > 59)
		return 0;
	memcpy(day, s, 10);
	day[10] = '\0';
	fb_date d;
	char canon[11];
	return fb_date_parse(day, &d, "", NULL) == FB_OK && !strcmp(fb_date_format(d, canon), day);
}

/* A time field: YYYY-MM-DDTHH:MM:SSZ within l's window (PAST: a day of clock skew). */
static fb_status check_time(const fb_limit *l, const char *v, fb_error *err)
{
	char day[11];
	if (!valid_time(v, day))
		return fb_error_set(err, FB_EINVAL, l->field,
		                    _("'%.40s' is not a time like 2026-11-22T08:30:00Z"), v);
	return check_window(l, v, day, l->when == FB_WHEN_PAST ? FB_CLOCK_SKEW_DAYS : 0, err);
}

/* ---- codes ---- */

/* A category code of any of the kinds "a|b". */
static fb_status check_code(fb_store *st, const fb_limit *l, const char *v, fb_error *err)
{
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
			return fb_error_set(err, FB_EINVAL, l->field, _("a date is required (YYYY-MM-DD)"));
		return fb_error_set(err, FB_EINVAL, l->field, _("is required"));
	}
	if (strlen(value) > fb_limit_max_bytes(l) && l->kind != FB_FIELD_DATE &&
	    l->kind != FB_FIELD_TIME && l->kind != FB_FIELD_CODE && l->kind != FB_FIELD_WORD)
		return fb_error_set(err, FB_EINVAL, l->field,
		                    _("is too long: %zu bytes, at most %lld characters"), strlen(value),
		                    (long long)l->max);
	switch (l->kind) {
	case FB_FIELD_NAME:
	case FB_FIELD_LINE:
	case FB_FIELD_TEXT:
	case FB_FIELD_PHONE: return check_chars(l, value, err);
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
		return fb_error_set(err, FB_EINVAL, l->field, "internal: %s is not a number", l->field);
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
