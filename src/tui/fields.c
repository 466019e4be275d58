/* fields.c - choices, dates and filter forms from the core (see fields.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/limits.h"
#include "fields.h"
#include "runner.h"

tui_field *tui_form_add_limited(tui_form *fm, const char *record, const char *key,
                                const char *label, tui_field_kind kind, int required)
{
	const fb_limit *l = fb_limit_get(record, key);
	int64_t max = l ? l->max : 0;
	size_t chars = max > 0 ? (size_t)max : FB_LINE_MAX_CHARS;
	if (kind == TUI_F_NUMBER) /* the digits of the largest value */
		for (chars = 1; max >= 10; max /= 10)
			chars++;
	tui_field *f = tui_form_add(fm, key, label, kind, required, chars);
	if (f && kind == TUI_F_NUMBER && l)
		f->num_max = l->max;
	return f;
}

void tui_choices_category(tui_app *app, tui_field *f, const char *kind, const char *any)
{
	/* as many as there are: the list is read again into a larger array
	 * while it comes back full */
	int max = 32, n;
	fb_category *cats = NULL;
	for (;;) {
		cats = tui_xrealloc(cats, (size_t)max * sizeof *cats);
		n = fb_category_list(app->st, kind, cats, max);
		if (n < max)
			break;
		max *= 2;
	}
	if (any)
		tui_form_choice(f, "", any);
	for (int i = 0; i < n; i++)
		tui_form_choice(f, cats[i].code,
		                fb_lang_is_zh() ? cats[i].label_zh : cats[i].label_en);
	free(cats);
}

/* One person of my group as an option (code: the id). */
static int person_choice(const fb_person *p, void *ctx)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)p->id);
	tui_form_choice(ctx, id, p->name);
	return 0;
}

void tui_choices_people(tui_app *app, tui_field *f)
{
	fb_person_each(app->st, app->group_id, person_choice, f, NULL);
}

int tui_form_date(tui_form *fm, const char *key, char out[11])
{
	fb_date d;
	fb_error err;
	char *v = tui_form_get(fm, key);
	int ok = 1;
	out[0] = '\0';
	if (!v[0])
		;
	else if (fb_date_parse(v, &d, key, &err) == FB_OK)
		fb_date_format(d, out);
	else
		tui_form_error(fm, key, err.msg), ok = 0;
	free(v);
	return ok;
}

/* A filter form applies at once; nothing to save but the values. */
static int apply_filter(tui_app *app, tui_form *fm, void *ctx)
{
	char out[11];
	int bad = 0;
	(void)app, (void)ctx;
	if (tui_form_field(fm, "from") && !tui_form_date(fm, "from", out))
		bad = 1;
	if (tui_form_field(fm, "to") && !tui_form_date(fm, "to", out))
		bad = 1;
	return bad ? -1 : 0;
}

int tui_filter_form(tui_app *app, tui_form *fm)
{
	return tui_form_run(app, fm, NULL, 0, apply_filter, NULL);
}

/* 1 if text holds nothing but spaces and tabs. */
static int blank(const char *text) { return !text[strspn(text, " \t")]; }

/* 1 if text is a list of fingerprints: digits in groups (spaces or
 * hyphens between them), several separated by commas. */
static int fingerprints_ok(const char *text)
{
	int digits = 0;
	for (const char *p = text;; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == ',' || !*p) {
			if (!digits)
				return 0;
			if (!*p)
				return 1;
			digits = 0;
		} else if (*p != ' ' && *p != '-' && *p != '\t')
			return 0;
	}
}

int tui_form_fingerprints(tui_form *fm, const char *key, char *out, size_t size)
{
	char *text = tui_form_get(fm, key);
	/* a Chinese input method's comma (，) separates them too */
	for (char *c; (c = strstr(text, "\xef\xbc\x8c"));)
		memmove(c + 1, c + 3, strlen(c + 3) + 1), *c = ',';
	int ok = blank(text) || fingerprints_ok(text);
	if (!ok)
		tui_form_error(
			fm, key,
			_("a fingerprint is digits in groups (as 'fieldbook key show' prints "
		          "it); several are separated by commas"));
	snprintf(out, size, "%s", ok && !blank(text) ? text : "");
	free(text);
	return ok;
}
