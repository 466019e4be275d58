/* validate.c - field checks shared by every record type. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/category.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/page.h"
#include "fieldbook/text.h"
#include "internal.h"

static int is_blank(const char *s)
{
	for (; *s; s++) {
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

fb_status fb_check_text(const char *field, const char *value, int required, int single_line,
                        size_t max_chars, fb_error *err)
{
	if (!value || is_blank(value)) {
		if (required)
			return fb_error_set(err, FB_EINVAL, field, _("is required"));
		return FB_OK;
	}
	size_t n = strlen(value);
	if (!fb_utf8_valid(value, n))
		return fb_error_set(err, FB_EINVAL, field, _("is not valid UTF-8 text"));
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (*p >= 0x20 && *p != 0x7F)
			continue;
		if (!single_line && (*p == '\n' || *p == '\t' || *p == '\r'))
			continue;
		if (*p == '\n')
			return fb_error_set(err, FB_EINVAL, field, _("must be a single line"));
		return fb_error_set(err, FB_EINVAL, field, _("contains a control character (0x%02x)"),
		                    *p);
	}
	size_t chars = fb_utf8_chars(value);
	if (chars > max_chars)
		return fb_error_set(err, FB_EINVAL, field,
		                    _("is too long: %zu characters, at most %zu"), chars, max_chars);
	return FB_OK;
}

fb_status fb_check_date(const char *field, const char *value, int required, int no_future,
                        fb_error *err)
{
	if (!value || !*value) {
		if (required)
			return fb_error_set(err, FB_EINVAL, field, _("a date is required (YYYY-MM-DD)"));
		return FB_OK;
	}
	fb_date d;
	fb_status s = fb_date_parse(value, &d, field, err);
	if (s)
		return s;
	char canon[11];
	if (strcmp(fb_date_format(d, canon), value))
		return fb_error_set(err, FB_EINVAL, field, _("'%s' must be written as %s"), value,
		                    canon);
	if (no_future && fb_date_to_days(d) > fb_date_to_days(fb_today()))
		return fb_error_set(err, FB_EINVAL, field, _("%s is in the future"), value);
	return FB_OK;
}

fb_status fb_check_category(fb_store *st, const char *kind, const char *field, const char *code,
                            int required, fb_error *err)
{
	if (!code || !*code) {
		if (required)
			return fb_error_set(err, FB_EINVAL, field, _("is required"));
		return FB_OK;
	}
	if (!fb_category_exists(st, kind, code))
		return fb_error_set(err, FB_EINVAL, field, _("'%s' is not one of the %s"), code,
		                    fb_category_label(st, "meta_kind", kind));
	return FB_OK;
}

fb_status fb_check_range(const char *field, long v, long max, fb_error *err)
{
	if (v < 0 || v > max)
		return fb_error_set(err, FB_EINVAL, field, _("must be between 0 and %ld"), max);
	return FB_OK;
}

char *fb_col_dup(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	return t ? strdup((const char *)t) : NULL;
}

void fb_col_copy(sqlite3_stmt *s, int col, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	fb_text_copy(t ? (const char *)t : "", out, size);
}

void fb_bind_text(sqlite3_stmt *s, int idx, const char *v)
{
	sqlite3_bind_text(s, idx, v ? v : "", -1, SQLITE_STATIC);
}

void fb_bind_opt_id(sqlite3_stmt *s, int idx, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(s, idx, id);
	else
		sqlite3_bind_null(s, idx);
}

int64_t fb_bind_sync(fb_store *st, sqlite3_stmt *s, int origin, int rev, int updated)
{
	char now[21];
	int64_t r = fb_store_next_rev(st);
	sqlite3_bind_text(s, origin, fb_store_device(st), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, rev, r);
	sqlite3_bind_text(s, updated, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	return r;
}

fb_status fb_step_done(fb_store *st, sqlite3_stmt *s, fb_error *err)
{
	int rc = sqlite3_step(s);
	fb_status r = FB_OK;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		r = fb_store_dberr(st, err);
	sqlite3_reset(s);
	return r;
}

void fb_page_sql(const char *key, const char *id, int asc, int dir, char *cond, size_t csize,
                 char *order, size_t osize, int *reverse)
{
	/* Display order is key DESC (asc = 0) or key ASC. "after" the cursor in
	 * display order means smaller keys when descending. */
	const char *fwd_cmp = asc ? ">" : "<", *back_cmp = asc ? "<" : ">";
	const char *fwd_ord = asc ? "ASC" : "DESC", *back_ord = asc ? "DESC" : "ASC";
	*reverse = 0;
	cond[0] = '\0';
	switch (dir) {
	case FB_PAGE_FIRST:
		snprintf(order, osize, "%s %s, %s %s", key, fwd_ord, id, fwd_ord);
		break;
	case FB_PAGE_LAST:
		snprintf(order, osize, "%s %s, %s %s", key, back_ord, id, back_ord);
		*reverse = 1;
		break;
	case FB_PAGE_NEXT:
	case FB_PAGE_AT:
		snprintf(cond, csize, "(%s, %s) %s%s (?1, ?2)", key, id, fwd_cmp,
		         dir == FB_PAGE_AT ? "=" : "");
		snprintf(order, osize, "%s %s, %s %s", key, fwd_ord, id, fwd_ord);
		break;
	default: /* FB_PAGE_PREV */
		snprintf(cond, csize, "(%s, %s) %s (?1, ?2)", key, id, back_cmp);
		snprintf(order, osize, "%s %s, %s %s", key, back_ord, id, back_ord);
		*reverse = 1;
		break;
	}
}

fb_status fb_tombstone(fb_store *st, const char *table, int64_t id, fb_error *err)
{
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE %s SET deleted = 1, origin = ?2, rev = ?3, updated_at = ?4 "
	                          "WHERE id = ?1 AND deleted = 0", table);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return err ? err->code : FB_EDB;
	fb_status rc = fb_store_begin(st, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	fb_bind_sync(st, s, 2, 3, 4);
	rc = fb_step_done(st, s, err);
	if (rc == FB_OK && sqlite3_changes(fb_store_db(st)) == 0)
		rc = FB_ENOTFOUND;
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}
