/* inbox.c - headquarters' inbox (inbox.h): the bundles of a folder by
 * name, each entry's manifest read as the import reads it, what this
 * database knows of its sender and of the bundle; summaries in words. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "fieldbook/i18n.h"
#include "fieldbook/text.h"
#include "import.h"
#include "inbox.h"

struct fb_inbox {
	char *dir;
	char **names;
	int n, cap;
	const char *pins;        /* fingerprints compared, or NULL */
};

void fb_inbox_set_pins(fb_inbox *ib, const char *pins) { ib->pins = pins; }

/* 1 if name is a bundle's: ends in .zip (any case), not hidden. */
static int bundle_name(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 4 && !strcasecmp(name + n - 4, ".zip");
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

fb_status fb_inbox_open(const char *dir, fb_inbox **out, fb_error *err)
{
	*out = NULL;
	DIR *d = opendir(dir);
	if (!d) {
		fb_error_set(err, FB_EIO, NULL, _("cannot read the folder: %s"), strerror(errno));
		fb_error_at(err, dir, 0);
		return FB_EIO;
	}
	fb_inbox *ib = calloc(1, sizeof *ib);
	if (!ib || !(ib->dir = strdup(dir)))
		goto oom;
	struct dirent *de;
	errno = 0;
	while ((de = readdir(d))) {
		if (!bundle_name(de->d_name))
			continue;
		if (ib->n == ib->cap) {
			int cap = ib->cap ? ib->cap * 2 : 64;
			char **nn = realloc(ib->names, (size_t)cap * sizeof *nn);
			if (!nn)
				goto oom;
			ib->names = nn, ib->cap = cap;
		}
		if (!(ib->names[ib->n] = strdup(de->d_name)))
			goto oom;
		ib->n++;
	}
	if (errno) {
		int e = errno;
		closedir(d);
		fb_inbox_close(ib);
		fb_error_set(err, FB_EIO, NULL, _("cannot read the folder: %s"), strerror(e));
		fb_error_at(err, dir, 0);
		return FB_EIO;
	}
	closedir(d);
	if (ib->n)
		qsort(ib->names, (size_t)ib->n, sizeof *ib->names, by_name);
	*out = ib;
	return FB_OK;
oom:
	closedir(d);
	fb_inbox_close(ib);
	return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
}

void fb_inbox_close(fb_inbox *ib)
{
	if (!ib)
		return;
	for (int i = 0; i < ib->n; i++)
		free(ib->names[i]);
	free(ib->names);
	free(ib->dir);
	free(ib);
}

int fb_inbox_count(const fb_inbox *ib) { return ib ? ib->n : 0; }
const char *fb_inbox_dir(const fb_inbox *ib) { return ib->dir; }
const char *fb_inbox_name(const fb_inbox *ib, int i) { return ib->names[i]; }

const char *fb_inbox_path(const fb_inbox *ib, int i, char *buf, size_t size)
{
	size_t n = strlen(ib->dir);
	snprintf(buf, size, "%s%s%s", ib->dir, n && ib->dir[n - 1] == '/' ? "" : "/", ib->names[i]);
	return buf;
}

/* What this database knows: the group's id, the bundle imported before. */
static int known(fb_store *st, fb_inbox_entry *e, fb_error *err)
{
	if (e->group_uuid[0]) {
		e->group_id = fb_store_id_of(st, "work_groups", e->group_uuid);
		if (e->group_id < 0)
			return fb_store_dberr(st, err), -1;
	}
	sqlite3_stmt *s =
		fb_store_stmt(st, "SELECT imported_at FROM sync_imports WHERE bundle_id = ?1", err);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, e->bundle_id, -1, SQLITE_TRANSIENT);
	int rc = fb_store_step(st, s, err);
	if (rc == 1) {
		const char *at = (const char *)sqlite3_column_text(s, 0);
		e->imported = 1;
		snprintf(e->imported_at, sizeof e->imported_at, "%s", at ? at : "");
	}
	sqlite3_reset(s);
	return rc < 0 ? -1 : 0;
}

int fb_inbox_entry_get(fb_store *st, const fb_inbox *ib, int i, fb_inbox_entry *e, fb_error *err)
{
	char path[4096];
	struct stat sb;
	fb_error perr = {0};
	memset(e, 0, sizeof *e);
	e->index = i;
	fb_text_visible(ib->names[i], 0, e->name, sizeof e->name);
	fb_inbox_path(ib, i, path, sizeof path);
	e->size = stat(path, &sb) == 0 ? (int64_t)sb.st_size : -1;
	fb_manifest *m = malloc(sizeof *m);
	if (!m)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory")), -1;
	if (e->size < 0) {
		snprintf(e->error, sizeof e->error, "%s: %s", e->name,
		         _("the file is gone (was the stick removed?)"));
	} else if (imp_peek_bundle(st, path, ib->pins, m, &perr) != FB_OK) {
		fb_error_format(&perr, e->error, sizeof e->error);
	} else {
		e->readable = 1;
		memcpy(e->bundle_id, m->bundle_id, sizeof e->bundle_id);
		memcpy(e->device, m->source_device, sizeof e->device);
		memcpy(e->group_uuid, m->source_group, sizeof e->group_uuid);
		fb_text_visible(m->source_group_name, 0, e->group_name, sizeof e->group_name);
		memcpy(e->created_at, m->created_at, sizeof e->created_at);
	}
	free(m);
	return e->readable ? known(st, e, err) : 0;
}

/* printf at out + off, never past size; the new end. */
__attribute__((format(printf, 4, 5))) static size_t add(char *out, size_t size, size_t off,
                                                        const char *fmt, ...)
{
	va_list ap;
	if (off + 1 >= size)
		return off;
	va_start(ap, fmt);
	int n = vsnprintf(out + off, size - off, fmt, ap);
	va_end(ap);
	off += n > 0 ? (size_t)n : 0;
	return off < size ? off : size - 1;
}

/* Append one kind of count (kind 0 inserted, 1 updated) after what:
 * "; new 工作日志 5, 问题 2" (the separator only when start < off). */
static size_t words_kind(const fb_sync_summary *sum, size_t start, size_t off, const char *what,
                         int kind, char *out, size_t size)
{
	int first = 1;
	for (int i = 0; i < sum->ntables; i++) {
		const fb_sync_counts *c = &sum->t[i];
		long n = kind == 0 ? c->inserted : c->updated;
		if (!n)
			continue;
		if (first)
			off = add(out, size, off, "%s%s ", off > start ? _("; ") : "", what);
		else
			off = add(out, size, off, "%s", _(", "));
		off = add(out, size, off, "%s %ld", fb_sync_table_label(c->table), n);
		first = 0;
	}
	return off;
}

char *fb_sync_summary_words(const fb_sync_summary *sum, char *out, size_t size)
{
	long rejected = 0, conflicts = 0;
	size_t off = 0;
	out[0] = '\0';
	for (int i = 0; i < sum->ntables; i++)
		rejected += sum->t[i].rejected, conflicts += sum->t[i].conflicts;
	if (sum->source_group_name[0])
		off = add(out, size, off, _("%s: "), sum->source_group_name);
	size_t start = off;
	off = words_kind(sum, start, off,
	                 sum->dry_run ? _("would add") : C_("import summary", "new"), 0, out, size);
	off = words_kind(sum, start, off,
	                 sum->dry_run ? _("would update") : C_("import summary", "updated"), 1, out,
	                 size);
	if (rejected)
		off = add(out, size, off, _("%s%ld rejected"), off > start ? _("; ") : "", rejected);
	if (conflicts)
		off = add(out, size, off, _("%s%ld conflicts to settle"),
		          off > start ? _("; ") : "", conflicts);
	if (off == start)
		add(out, size, off, "%s",
		    sum->already ? _("imported before, nothing new") : _("nothing new"));
	return out;
}

fb_status fb_inbox_import(fb_store *st, const fb_inbox *ib, int i, int new_group,
                          const fb_import_opts *opts, fb_sync_summary *sum, fb_error *err)
{
	char path[4096];
	fb_inbox_entry e;
	memset(sum, 0, sizeof *sum);
	if (fb_inbox_entry_get(st, ib, i, &e, err) < 0)
		return err->code;
	if (!e.readable)
		return fb_error_set(err, FB_EFORMAT, NULL, "%s", e.error);
	if (!opts->dry_run && e.group_uuid[0] && !e.group_id && !new_group)
		return fb_error_set(
			err, FB_EINVAL, NULL,
			_("it comes from a work group this database does not know yet: %s"),
			e.group_name);
	return fb_bundle_import(st, fb_inbox_path(ib, i, path, sizeof path), opts, sum, err);
}
