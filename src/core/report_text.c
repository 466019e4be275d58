/* report_text.c - growable strings and display-width tables shared by the
 * report and statistics renderers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/encode.h"
#include "fieldbook/category.h"
#include "fieldbook/text.h"
#include "report_text.h"

/* Make room for n more bytes plus the NUL; 0 on success. */
static int sb_reserve(fb_sb *b, size_t n)
{
	if (b->oom)
		return -1;
	if (b->len + n + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void fb_sb_addn(fb_sb *b, const char *s, size_t n)
{
	if (sb_reserve(b, n) < 0)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void fb_sb_add(fb_sb *b, const char *s) { fb_sb_addn(b, s ? s : "", s ? strlen(s) : 0); }

void fb_sb_addf(fb_sb *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || sb_reserve(b, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void fb_sb_fit(fb_sb *b, const char *s, int cols)
{
	if (cols <= 0)
		return;
	size_t size = strlen(s ? s : "") + (size_t)cols * 4 + 8;
	char *tmp = malloc(size);
	if (!tmp) {
		b->oom = 1;
		return;
	}
	fb_sb_add(b, fb_text_fit(s ? s : "", cols, tmp, size));
	free(tmp);
}

void fb_sb_rfit(fb_sb *b, const char *s, int cols)
{
	int w = (int)fb_text_width(s ? s : "");
	if (w >= cols) {
		fb_sb_fit(b, s, cols);
		return;
	}
	fb_sb_repeat(b, " ", cols - w);
	fb_sb_add(b, s);
}

void fb_sb_repeat(fb_sb *b, const char *s, int n)
{
	for (int i = 0; i < n; i++)
		fb_sb_add(b, s);
}

/* s through an encoder (CSV cell of kind, or JSON) onto b. */
static void sb_encoded(fb_sb *b, const char *s, int json, fb_csv_kind kind)
{
	size_t n = s ? strlen(s) : 0;
	if (sb_reserve(b, json ? FB_JSON_MAX(n) : FB_CSV_CELL_MAX(n)) < 0)
		return;
	b->len += json ? fb_json_encode(b->p + b->len, s ? s : "", n)
	               : fb_csv_cell_encode(b->p + b->len, s, n, kind);
	b->p[b->len] = '\0';
}

void fb_sb_csv(fb_sb *b, const char *s) { sb_encoded(b, s, 0, FB_CSV_NUMBER); }

void fb_sb_json(fb_sb *b, const char *s) { sb_encoded(b, s, 1, FB_CSV_TEXT); }

/* The code point at s (0 at the end) and its length in bytes. */
static uint32_t cp_at(const char *s, size_t *len)
{
	uint32_t c = 0;
	size_t n = *s ? fb_utf8_decode(s, strnlen(s, 4), &c) : 0;
	if (len)
		*len = n ? n : 1;
	return c;
}

/* The start of the character before byte i (> 0) of s. */
static size_t prev_char(const char *s, size_t i)
{
	do
		i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
	return i;
}

/* Move a break at byte brk of s (0 < brk, s[brk] not NUL) so that the next
 * line does not start with closing punctuation and this one does not end
 * with an opening bracket: the character before the punctuation goes down
 * with it; when the line would then be empty, the punctuation hangs at its
 * end instead (one character wider than the page). */
static size_t kinsoku(const char *s, size_t brk)
{
	size_t n, b = brk;
	if (fb_cp_no_line_start(cp_at(s + b, NULL))) {
		while (b > 0 && fb_cp_no_line_start(cp_at(s + b, NULL)))
			b = prev_char(s, b);
		if (b == 0) { /* nothing to pull down: hang the punctuation */
			b = brk;
			while (fb_cp_no_line_start(cp_at(s + b, &n)))
				b += n;
			return b;
		}
	}
	while (b > 0 && fb_cp_no_line_end(cp_at(s + prev_char(s, b), NULL)))
		b = prev_char(s, b);
	return b > 0 ? b : brk;
}

/* Wrap one line (no newline in it) of len bytes. */
static void wrap_line(fb_sb *b, const char *line, size_t len, int width)
{
	size_t lead = 0;
	while (lead < len && line[lead] == ' ')
		lead++;
	int indent = (int)lead + (len > lead + 1 && !strncmp(line + lead, "- ", 2) ? 2 : 0);
	if (indent > width / 2)
		indent = 0;
	char *copy = strndup(line, len);
	if (!copy) {
		b->oom = 1;
		return;
	}
	const char *rest = copy;
	int avail = width, first = 1;
	while (*rest) {
		if ((int)fb_text_width(rest) <= avail) {
			fb_sb_add(b, rest);
			break;
		}
		size_t cut = fb_text_prefix(rest, avail);
		if (cut == 0) /* a character wider than the room: take it anyway */
			cut = fb_utf8_decode(rest, strlen(rest), &(uint32_t){0});
		size_t brk = cut;
		for (size_t i = cut; i > 0; i--)
			if (rest[i] == ' ' && i > cut / 2) {
				brk = i;
				break;
			}
		if (rest[brk] != ' ')
			brk = kinsoku(rest, brk);
		fb_sb_addn(b, rest, brk);
		rest += brk;
		while (*rest == ' ')
			rest++;
		if (*rest) {
			fb_sb_add(b, "\n");
			fb_sb_repeat(b, " ", indent);
		}
		if (first)
			avail = width - indent;
		first = 0;
	}
	free(copy);
}

void fb_sb_wrap(fb_sb *b, const char *text, int width)
{
	for (const char *p = text ? text : ""; *p;) {
		size_t len = strcspn(p, "\n");
		wrap_line(b, p, len, width < 10 ? 10 : width);
		p += len;
		if (*p == '\n') {
			fb_sb_add(b, "\n");
			p++;
		}
	}
}

char *fb_sb_take(fb_sb *b)
{
	char *p = b->oom ? NULL : b->p;
	if (b->oom)
		free(b->p);
	if (p == NULL && !b->oom)
		p = strdup("");
	b->p = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
	return p;
}

void fb_sb_free(fb_sb *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

void fb_tbl_init(fb_tbl *t, int ncols, const char *const *head, const int *right)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols > FB_TBL_MAXCOLS ? FB_TBL_MAXCOLS : ncols;
	for (int i = 0; i < t->ncols; i++) {
		t->head[i] = head[i];
		t->right[i] = right ? right[i] : 0;
	}
}

void fb_tbl_row(fb_tbl *t, const char *const *cells)
{
	if (t->oom)
		return;
	if (t->nrows == t->caprows) {
		int cap = t->caprows ? t->caprows * 2 : 16;
		char **c = realloc(t->cells, sizeof *c * (size_t)cap * (size_t)t->ncols);
		if (!c) {
			t->oom = 1;
			return;
		}
		t->cells = c;
		t->caprows = cap;
	}
	char **row = t->cells + (size_t)t->nrows * (size_t)t->ncols;
	for (int i = 0; i < t->ncols; i++) {
		row[i] = strdup(cells[i] ? cells[i] : "");
		if (!row[i])
			t->oom = 1;
	}
	t->nrows++;
}

/* The text of row r, column c of t ("" for NULL). */
static const char *cell(const fb_tbl *t, int r, int c)
{
	const char *s = t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
	return s ? s : "";
}

/* Column widths: the widest of head and cells, capped by maxw. */
static void widths(const fb_tbl *t, int *w)
{
	for (int c = 0; c < t->ncols; c++) {
		w[c] = (int)fb_text_width(t->head[c]);
		for (int r = 0; r < t->nrows; r++) {
			int cw = (int)fb_text_width(cell(t, r, c));
			if (cw > w[c])
				w[c] = cw;
		}
		if (t->maxw[c] > 0 && w[c] > t->maxw[c])
			w[c] = t->maxw[c];
		if (w[c] < 1)
			w[c] = 1;
	}
}

/* One cell padded to w columns, aligned; for Markdown, | inside is escaped
 * by replacing it with a full-width bar so the table stays a table. */
static void put_cell(fb_sb *b, const char *s, int w, int right, int md)
{
	char *esc = NULL;
	if (md && strchr(s, '|')) {
		fb_sb tmp = {0};
		for (const char *p = s; *p; p++)
			*p == '|' ? fb_sb_add(&tmp, "｜") : fb_sb_addn(&tmp, p, 1);
		esc = fb_sb_take(&tmp);
		if (esc)
			s = esc;
	}
	if (right)
		fb_sb_rfit(b, s, w);
	else
		fb_sb_fit(b, s, w);
	free(esc);
}

void fb_tbl_render(const fb_tbl *t, fb_tbl_style style, int indent, fb_sb *b)
{
	int w[FB_TBL_MAXCOLS];
	if (style == FB_TBL_CSV) {
		fb_sb_add(b, FB_CSV_BOM);
		for (int r = -1; r < t->nrows; r++) {
			for (int c = 0; c < t->ncols; c++) {
				if (c)
					fb_sb_add(b, ",");
				fb_sb_csv(b, r < 0 ? t->head[c] : cell(t, r, c));
			}
			fb_sb_add(b, FB_CSV_EOL);
		}
		return;
	}
	widths(t, w);
	int md = style == FB_TBL_MARKDOWN, show[FB_TBL_MAXCOLS];
	int total = indent;
	for (int c = 0; c < t->ncols; c++) {
		show[c] = 1;
		total += w[c] + (c ? 2 : 0);
	}
	/* Too wide for the page: leave out optional columns, last first. */
	for (int c = t->ncols - 1; !md && t->page > 0 && total > t->page && c >= 0; c--)
		if (t->optional[c]) {
			show[c] = 0;
			total -= w[c] + 2;
		}
	for (int r = -2; r < t->nrows; r++) {
		fb_sb_repeat(b, " ", indent);
		size_t start = b->len;
		int first = 1;
		for (int c = 0; c < t->ncols; c++) {
			if (!show[c])
				continue;
			fb_sb_add(b, md ? (first ? "| " : " | ") : (first ? "" : "  "));
			first = 0;
			if (r == -1 && md) { /* the rule under the head */
				fb_sb_repeat(b, "-", w[c] - (t->right[c] ? 1 : 0));
				if (t->right[c])
					fb_sb_add(b, ":");
			} else if (r == -1) {
				fb_sb_repeat(b, "─", w[c]);
			} else {
				put_cell(b, r < 0 ? t->head[c] : cell(t, r, c), w[c], t->right[c],
				         md);
			}
		}
		if (md) {
			fb_sb_add(b, " |");
		} else if (!b->oom) { /* no trailing blanks in plain text */
			while (b->len > start && b->p[b->len - 1] == ' ')
				b->p[--b->len] = '\0';
		}
		fb_sb_add(b, "\n");
	}
}

void fb_tbl_free(fb_tbl *t)
{
	for (size_t i = 0; i < (size_t)t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof *t);
}

void fb_sb_kinds(fb_sb *b, fb_store *st, const char *kind, uint32_t mask, int flags, const char *none)
{
	char list[1024]; /* 32 labels of at most 63 bytes do not fit; 8 kinds do */
	fb_category_mask_format(st, kind, mask, flags, list, sizeof list);
	fb_sb_add(b, list[0] ? list : none);
}
