/* output.c - tables, CSV and JSON on stdout, text for a person, and the
 * one loop that shows a keyset list (see output.h for the rules). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fieldbook/encode.h"
#include "output.h"

int fb_format_parse(const char *s, unsigned allowed, fb_format *out)
{
	static const char *const names[] = {"table", "csv", "json", "text"};
	for (int i = 0; i < 4; i++)
		if (!strcmp(s, names[i]) && (allowed & (1u << i))) {
			*out = (fb_format)i;
			return 0;
		}
	return -1;
}

/* After a write to out: a failure is recorded with its errno while that is
 * still the write's (the stream only keeps a flag). */
static void check_out(FILE *out)
{
	if (ferror(out))
		cli_output_failed(errno ? errno : EIO);
}

/* s[0..n) through an encoder onto out: JSON (json) or a CSV cell of kind.
 * Small values go through the stack, large ones through the heap. */
static void put_encoded(FILE *out, const char *s, size_t n, int json, fb_csv_kind kind)
{
	char stack[4096], *buf = stack;
	size_t need = json ? FB_JSON_MAX(n) : FB_CSV_CELL_MAX(n);
	if (need > sizeof stack && !(buf = malloc(need))) {
		cli_output_failed(ENOMEM);
		return;
	}
	size_t k = json ? fb_json_encode(buf, s, n) : fb_csv_cell_encode(buf, s, n, kind);
	fwrite(buf, 1, k, out);
	check_out(out);
	if (buf != stack)
		free(buf);
}

void cli_json(FILE *out, const char *s)
{
	put_encoded(out, s ? s : "", s ? strlen(s) : 0, 1, FB_CSV_TEXT);
}

void cli_jobj_begin(cli_jobj *o, FILE *out)
{
	o->out = out;
	o->n = 0;
	putc('{', out);
}

void cli_jobj_key(cli_jobj *o, const char *key)
{
	if (o->n++)
		fputs(", ", o->out);
	cli_json(o->out, key);
	fputs(": ", o->out);
}

void cli_jobj_str(cli_jobj *o, const char *key, const char *value)
{
	cli_jobj_key(o, key);
	cli_json(o->out, value ? value : "");
}

void cli_jobj_int(cli_jobj *o, const char *key, long long value)
{
	cli_jobj_key(o, key);
	fprintf(o->out, "%lld", value);
}

void cli_jobj_end(cli_jobj *o) { putc('}', o->out); }

/* s as text for a person: unsafe code points visible, LF and TAB kept. */
static void put_visible(FILE *out, const char *s)
{
	char *v = fb_text_visible_dup(s, FB_VISIBLE_KEEP_NL | FB_VISIBLE_KEEP_TAB);
	if (!v) {
		cli_output_failed(ENOMEM);
		return;
	}
	fputs(v, out);
	check_out(out);
	free(v);
}

void cli_printf(const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		cli_output_failed(ENOMEM);
		return;
	}
	put_visible(stdout, s);
	free(s);
}

void cli_put_document(const char *text, int csv)
{
	if (!csv) {
		put_visible(stdout, text);
		return;
	}
	if (!isatty(STDOUT_FILENO)) {
		fputs(text, stdout);
		check_out(stdout);
		return;
	}
	/* CSV on a terminal: each record made visible, its CRLF kept */
	for (const char *p = text; *p;) {
		const char *eol = strstr(p, FB_CSV_EOL);
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char *rec = strndup(p, n);
		if (!rec) {
			cli_output_failed(ENOMEM);
			return;
		}
		put_visible(stdout, rec);
		free(rec);
		if (eol)
			fputs(FB_CSV_EOL, stdout);
		p += n + (eol ? 2 : 0);
	}
}

void fb_table_begin(fb_table *t, FILE *out, fb_format fmt, const fb_column *cols, int ncols)
{
	memset(t, 0, sizeof *t);
	t->out = out;
	t->fmt = fmt;
	t->cols = cols;
	t->ncols = ncols < FB_TABLE_MAXCOLS ? ncols : FB_TABLE_MAXCOLS;
	t->tty = isatty(fileno(out));
	if (fmt == FB_FMT_TABLE)
		t->budget = cli_term_width();
	if (fmt == FB_FMT_CSV) {
		fputs(FB_CSV_BOM, out);
		for (int c = 0; c < t->ncols; c++) {
			if (c)
				putc(',', out);
			put_encoded(out, cols[c].key, strlen(cols[c].key), 0, FB_CSV_RAW);
		}
		fputs(FB_CSV_EOL, out);
	} else if (fmt == FB_FMT_JSON) {
		putc('[', out);
	}
}

int fb_table_row(fb_table *t, const char *const *cells)
{
	if (t->nrows == FB_TABLE_BATCH && fb_table_flush(t))
		return -1;
	if (t->failed)
		return -1;
	/* what a person reads is made visible once, here: widths and cuts
	 * are then of the text as shown */
	int human = t->fmt == FB_FMT_TABLE || (t->fmt == FB_FMT_CSV && t->tty);
	for (int c = 0; c < t->ncols; c++) {
		const char *s = cells[c] ? cells[c] : "";
		char *v = human ? fb_text_visible_dup(s, FB_VISIBLE_KEEP_NL | FB_VISIBLE_KEEP_TAB)
		                : strdup(s);
		if (!v) {
			for (int k = 0; k < c; k++)
				free(t->cells[t->nrows][k]);
			cli_output_failed(ENOMEM);
			t->failed = 1;
			return -1;
		}
		t->cells[t->nrows][c] = v;
	}
	t->nrows++;
	return 0;
}

/* Cell c of a table row, fitted to its column (padded unless last). */
static void print_cell(fb_table *t, int c, const char *s, int last)
{
	char buf[1024];
	int w = t->width[c];
	if (t->cols[c].right) {
		int sw = (int)fb_text_width(s);
		for (int i = sw; i < w; i++)
			putc(' ', t->out);
		fputs(fb_text_cut(s, w, buf, sizeof buf), t->out);
	} else if (last) {
		fputs(fb_text_cut(s, w, buf, sizeof buf), t->out);
	} else {
		fputs(fb_text_fit(s, w, buf, sizeof buf), t->out);
	}
	if (!last)
		fputs("  ", t->out);
}

/* The column widths, from the first batch: as wide as the widest cell (up
 * to max), never narrower than the heading; then, too wide for the
 * terminal, columns are taken from the widest until it fits (each keeps at
 * least 4, or its heading's width). */
static void fix_widths(fb_table *t)
{
	for (int c = 0; c < t->ncols; c++) {
		int title = (int)fb_text_width(_(t->cols[c].title)), w = 0;
		for (int r = 0; r < t->nrows; r++) {
			int cw = (int)fb_text_width(t->cells[r][c]);
			if (cw > w)
				w = cw;
		}
		if (t->cols[c].max && w > t->cols[c].max)
			w = t->cols[c].max;
		t->width[c] = w > title ? w : title;
	}
	int total = 2 * (t->ncols - 1);
	for (int c = 0; c < t->ncols; c++)
		total += t->width[c];
	while (t->budget && total > t->budget) {
		int widest = -1;
		for (int c = 0; c < t->ncols; c++) {
			int floor = (int)fb_text_width(_(t->cols[c].title));
			if (floor < 4)
				floor = 4;
			if (t->width[c] > floor && (widest < 0 || t->width[c] > t->width[widest]))
				widest = c;
		}
		if (widest < 0)
			break;
		t->width[widest]--;
		total--;
	}
	t->fixed = 1;
}

/* 1 if s is an integer JSON may carry as a number. */
static int json_number(const char *s)
{
	const char *p = s + (*s == '-');
	if (!*p || (*p == '0' && p[1]))
		return 0;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

/* A row in the table's format (aligned table, CSV or a JSON object). */
static void write_row(fb_table *t, char *const *cells)
{
	switch (t->fmt) {
	case FB_FMT_CSV:
		for (int c = 0; c < t->ncols; c++) {
			if (c)
				putc(',', t->out);
			put_encoded(t->out, cells[c], strlen(cells[c]), 0,
			            t->cols[c].number ? FB_CSV_NUMBER : FB_CSV_TEXT);
		}
		fputs(FB_CSV_EOL, t->out);
		break;
	case FB_FMT_JSON:
		fputs(t->total ? ",\n {" : "\n {", t->out);
		for (int c = 0; c < t->ncols; c++) {
			fprintf(t->out, "%s\"%s\": ", c ? ", " : "", t->cols[c].key);
			if (t->cols[c].number && json_number(cells[c]))
				fputs(cells[c], t->out);
			else
				cli_json(t->out, cells[c]);
		}
		putc('}', t->out);
		break;
	default:
		for (int c = 0; c < t->ncols; c++)
			print_cell(t, c, cells[c], c == t->ncols - 1);
		putc('\n', t->out);
	}
}

int fb_table_flush(fb_table *t)
{
	if (t->fmt == FB_FMT_TABLE && !t->fixed && !t->failed) {
		fix_widths(t);
		for (int c = 0; c < t->ncols; c++)
			print_cell(t, c, _(t->cols[c].title), c == t->ncols - 1);
		putc('\n', t->out);
	}
	for (int r = 0; r < t->nrows; r++) {
		if (!t->failed) {
			write_row(t, t->cells[r]);
			check_out(t->out);
		}
		for (int c = 0; c < t->ncols; c++)
			free(t->cells[r][c]);
		t->total++;
	}
	t->nrows = 0;
	/* a full disk or a closed pipe: stop here, not after a million rows */
	if (ferror(t->out) || cli_output_failed(0))
		t->failed = 1;
	return t->failed ? -1 : 0;
}

int fb_table_end(fb_table *t)
{
	fb_table_flush(t);
	if (t->fmt == FB_FMT_JSON && !t->failed)
		fputs(t->total ? "\n]\n" : "]\n", t->out);
	if (fflush(t->out) || ferror(t->out)) {
		check_out(t->out);
		t->failed = 1;
	}
	return t->failed ? -1 : 0;
}

int cli_list_options(const char *cmd, const char *format, const char *limit, const char *after,
                     fb_format *fmt, long *lim, int64_t *aft)
{
	*fmt = FB_FMT_TABLE, *lim = 50, *aft = 0;
	if (format &&
	    fb_format_parse(format, 1u << FB_FMT_TABLE | 1u << FB_FMT_CSV | 1u << FB_FMT_JSON, fmt))
		return cli_usage(cmd, _("--format must be table, csv or json"));
	if (limit && cli_int("--limit", limit, 0, 100000000L, lim))
		return EXIT_USER;
	if (after && cli_id("--after", after, aft))
		return EXIT_USER;
	return EXIT_OK;
}

int cli_show_format(const char *cmd, const char *format, fb_format *fmt)
{
	*fmt = FB_FMT_TEXT;
	if (format && fb_format_parse(format, 1u << FB_FMT_TEXT | 1u << FB_FMT_JSON, fmt))
		return cli_usage(cmd, _("--format must be text or json"));
	return EXIT_OK;
}

int cli_list_run(const cli_list *l, fb_page_dir dir, fb_cursor *cur, const char *cmd)
{
	fb_table t;
	fb_table_begin(&t, stdout, l->fmt, l->cols, l->ncols);
	long left = l->limit > 0 ? l->limit : -1, shown = 0;
	int64_t last = 0;
	int more = 0;
	fb_error err = {0};
	for (;;) {
		/* up to the limit, one row more: it tells whether more follow */
		int want = left < 0 || left >= CLI_LIST_BATCH ? CLI_LIST_BATCH : (int)left + 1;
		int n = l->fetch(l->ctx, dir, cur, want, &err);
		if (n < 0) {
			fb_table_end(&t);
			return cli_fail(&err);
		}
		int take = left >= 0 && n > left ? (int)left : n;
		for (int i = 0; i < take; i++)
			if (l->emit(l->ctx, i, &t, &err)) {
				fb_table_end(&t);
				/* a write error is left for main() to report */
				return err.code ? cli_fail(&err) : EXIT_USER;
			}
		if (take > 0)
			last = l->cursor(l->ctx, take - 1, cur);
		shown += take;
		if (left >= 0 && n > left) {
			more = 1;
			break;
		}
		if (n < want)
			break;
		if (left > 0)
			left -= n;
		dir = FB_PAGE_NEXT;
	}
	if (fb_table_end(&t))
		return EXIT_USER;
	if (more)
		cli_note(_("%ld shown, and more follow: the next ones with '%s ... --after %lld' "
		           "(the same options), all of them with --limit 0."),
		         shown, cmd, (long long)last);
	return EXIT_OK;
}
