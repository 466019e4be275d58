/* output.c - tables, CSV and JSON on stdout. */
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <string.h>

#include "fieldbook/i18n.h"
#include "fieldbook/text.h"
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

void fb_json_string(FILE *out, const char *s)
{
	putc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				putc(*p, out);
		}
	}
	putc('"', out);
}

void fb_csv_field(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

void fb_table_begin(fb_table *t, FILE *out, fb_format fmt, const fb_column *cols, int ncols)
{
	memset(t, 0, sizeof *t);
	t->out = out;
	t->fmt = fmt;
	t->cols = cols;
	t->ncols = ncols < FB_TABLE_MAXCOLS ? ncols : FB_TABLE_MAXCOLS;
	if (fmt == FB_FMT_TABLE) {
		struct winsize ws;
		const char *env = getenv("COLUMNS");
		if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			t->budget = ws.ws_col;
		else if (env && atoi(env) > 0)
			t->budget = atoi(env);
	}
	if (fmt == FB_FMT_CSV) {
		fputs("\xEF\xBB\xBF", out);
		for (int c = 0; c < t->ncols; c++) {
			if (c)
				putc(',', out);
			fb_csv_field(out, cols[c].key);
		}
		putc('\n', out);
	} else if (fmt == FB_FMT_JSON) {
		putc('[', out);
	}
}

void fb_table_row(fb_table *t, const char *const *cells)
{
	if (t->nrows == FB_TABLE_BATCH)
		fb_table_flush(t);
	for (int c = 0; c < t->ncols; c++)
		t->cells[t->nrows][c] = strdup(cells[c] ? cells[c] : "");
	t->nrows++;
}

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

void fb_table_flush(fb_table *t)
{
	if (t->fmt == FB_FMT_TABLE && !t->fixed) {
		for (int c = 0; c < t->ncols; c++) {
			/* As wide as the widest cell of the first batch, up to max,
			 * but never narrower than the heading. */
			int title = (int)fb_text_width(t->cols[c].title), w = 0;
			for (int r = 0; r < t->nrows; r++) {
				int cw = (int)fb_text_width(t->cells[r][c]);
				if (cw > w)
					w = cw;
			}
			if (t->cols[c].max && w > t->cols[c].max)
				w = t->cols[c].max;
			t->width[c] = w > title ? w : title;
		}
		/* Too wide for the terminal: take columns from the widest until
		 * it fits (each keeps at least 4, or its heading's width). */
		int total = 2 * (t->ncols - 1);
		for (int c = 0; c < t->ncols; c++)
			total += t->width[c];
		while (t->budget && total > t->budget) {
			int widest = -1;
			for (int c = 0; c < t->ncols; c++) {
				int floor = (int)fb_text_width(t->cols[c].title);
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
		for (int c = 0; c < t->ncols; c++)
			print_cell(t, c, t->cols[c].title, c == t->ncols - 1);
		putc('\n', t->out);
	}
	for (int r = 0; r < t->nrows; r++) {
		switch (t->fmt) {
		case FB_FMT_CSV:
			for (int c = 0; c < t->ncols; c++) {
				if (c)
					putc(',', t->out);
				fb_csv_field(t->out, t->cells[r][c]);
			}
			putc('\n', t->out);
			break;
		case FB_FMT_JSON:
			fputs(t->total ? ",\n {" : "\n {", t->out);
			for (int c = 0; c < t->ncols; c++) {
				fprintf(t->out, "%s\"%s\": ", c ? ", " : "", t->cols[c].key);
				if (t->cols[c].number && t->cells[r][c][0])
					fputs(t->cells[r][c], t->out);
				else
					fb_json_string(t->out, t->cells[r][c]);
			}
			putc('}', t->out);
			break;
		default:
			for (int c = 0; c < t->ncols; c++)
				print_cell(t, c, t->cells[r][c], c == t->ncols - 1);
			putc('\n', t->out);
		}
		for (int c = 0; c < t->ncols; c++)
			free(t->cells[r][c]);
		t->total++;
	}
	t->nrows = 0;
}

void fb_table_end(fb_table *t)
{
	fb_table_flush(t);
	if (t->fmt == FB_FMT_JSON)
		fputs(t->total ? "\n]\n" : "]\n", t->out);
	fflush(t->out);
}
