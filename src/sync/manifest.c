/* manifest.c - read and write manifest.txt (see manifest.h and
 * packaging/fieldbook-bundle.5): one "key value" pair per line. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "fieldbook/i18n.h"
#include "fieldbook/sync.h"
#include "manifest.h"

#define MAGIC "fieldbook-bundle"

static int is_hex64(const char *s)
{
	if (strlen(s) != 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

/* A non-negative decimal integer that fits in int64. */
static int parse_i64(const char *s, int64_t *out)
{
	if (!*s || strlen(s) > 18)
		return 0;
	int64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 1;
}

/* Copy a value into a fixed field; 0 if it does not fit. */
static int put(char *dst, size_t size, const char *v)
{
	size_t n = strlen(v);
	if (n >= size)
		return 0;
	memcpy(dst, v, n + 1);
	return 1;
}

static int line_err(fb_error *err, long line, const char *key, const char *why)
{
	fb_error_set(err, FB_EFORMAT, key, "%s", why);
	fb_error_at(err, FB_MANIFEST_NAME, line);
	return FB_EFORMAT;
}

fb_status fb_manifest_parse(const char *s, size_t n, fb_manifest *m, fb_error *err)
{
	memset(m, 0, sizeof *m);
	m->format = -1;
	if (n > FB_MANIFEST_MAX)
		return line_err(err, 0, "", _("the manifest is too large"));
	if (memchr(s, 0, n) || !fb_utf8_valid(s, n))
		return line_err(err, 0, "", _("the manifest is not UTF-8 text"));
	long line = 0;
	int have_id = 0, have_dev = 0, have_created = 0;
	const char *p = s, *end = s + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		line++;
		char buf[512];
		size_t len = (size_t)(le - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (len >= sizeof buf)
			return line_err(err, line, "", _("line too long"));
		memcpy(buf, p, len);
		buf[len] = 0;
		p = nl ? nl + 1 : end;
		if (!len || buf[0] == '#')
			continue;
		char *val = strchr(buf, ' ');
		if (val)
			*val++ = 0;
		else
			val = buf + len;
		const char *key = buf;
		if (line == 1 || m->format < 0) {
			int64_t v;
			if (strcmp(key, MAGIC) || !parse_i64(val, &v))
				return line_err(err, line, "",
				                _("not a fieldbook bundle manifest"));
			if (v > FB_BUNDLE_FORMAT) {
				fb_error_set(err, FB_EFORMAT, "format",
				             _("bundle format %lld is newer than this fieldbook "
				               "reads (%d): update fieldbook"), (long long)v, FB_BUNDLE_FORMAT);
				fb_error_at(err, FB_MANIFEST_NAME, line);
				return FB_EFORMAT;
			}
			if (v < 1)
				return line_err(err, line, "format", _("bad format version"));
			m->format = (int)v;
			continue;
		}
		if (!strcmp(key, "bundle_id")) {
			if (!fb_uuid_valid(val) || !put(m->bundle_id, sizeof m->bundle_id, val))
				return line_err(err, line, key, _("not a UUID"));
			have_id = 1;
		} else if (!strcmp(key, "source_device")) {
			if (!*val || !put(m->source_device, sizeof m->source_device, val))
				return line_err(err, line, key, _("bad device id"));
			have_dev = 1;
		} else if (!strcmp(key, "source_group")) {
			if ((*val && !fb_uuid_valid(val)) || !put(m->source_group, sizeof m->source_group, val))
				return line_err(err, line, key, _("not a UUID"));
		} else if (!strcmp(key, "source_group_name")) {
			if (!put(m->source_group_name, sizeof m->source_group_name, val))
				return line_err(err, line, key, _("too long"));
		} else if (!strcmp(key, "created_at")) {
			if (strlen(val) != 20 || val[10] != 'T' || val[19] != 'Z' ||
			    !put(m->created_at, sizeof m->created_at, val))
				return line_err(err, line, key, _("not a time like 2026-11-22T08:00:00Z"));
			have_created = 1;
		} else if (!strcmp(key, "rev_from") || !strcmp(key, "rev_to")) {
			if (!parse_i64(val, key[4] == 'f' ? &m->rev_from : &m->rev_to))
				return line_err(err, line, key, _("not a number"));
		} else if (!strcmp(key, "seen")) {
			char *sp = strchr(val, ' ');
			fb_manifest_seen *e = &m->seen[m->nseen];
			if (m->nseen >= FB_MANIFEST_SEEN)
				return line_err(err, line, key, _("too many entries"));
			if (!sp)
				return line_err(err, line, key, _("expected: seen DEVICE REVISION"));
			*sp++ = 0;
			if (!*val || !put(e->origin, sizeof e->origin, val) || !parse_i64(sp, &e->rev))
				return line_err(err, line, key, _("expected: seen DEVICE REVISION"));
			m->nseen++;
		} else if (!strcmp(key, "file")) {
			char name[64], sha[80], rows[32], extra;
			fb_manifest_file *f = &m->file[m->nfiles];
			int64_t r;
			if (m->nfiles >= FB_MANIFEST_FILES)
				return line_err(err, line, key, _("too many files"));
			if (sscanf(val, "%63s %31s %79s %c", name, rows, sha, &extra) != 3 ||
			    !parse_i64(rows, &r) || !is_hex64(sha) ||
			    !put(f->name, sizeof f->name, name))
				return line_err(err, line, key, _("expected: file NAME ROWS SHA256"));
			if (fb_manifest_find(m, name))
				return line_err(err, line, key, _("file listed twice"));
			f->rows = (long)r;
			memcpy(f->sha256, sha, 65);
			m->nfiles++;
		}
		/* other keys: written by a newer fieldbook of the same format; ignored */
	}
	if (m->format < 0)
		return line_err(err, 0, "", _("not a fieldbook bundle manifest"));
	if (!have_id || !have_dev || !have_created)
		return line_err(err, line, !have_id ? "bundle_id" : !have_dev ? "source_device"
		                                                             : "created_at",
		                _("missing"));
	return FB_OK;
}

int fb_manifest_write(const fb_manifest *m, FILE *f)
{
	fprintf(f, MAGIC " %d\n", m->format);
	fprintf(f, "bundle_id %s\nsource_device %s\nsource_group %s\nsource_group_name %s\n",
	        m->bundle_id, m->source_device, m->source_group, m->source_group_name);
	fprintf(f, "created_at %s\nrev_from %" PRId64 "\nrev_to %" PRId64 "\n", m->created_at,
	        m->rev_from, m->rev_to);
	for (int i = 0; i < m->nseen; i++)
		fprintf(f, "seen %s %" PRId64 "\n", m->seen[i].origin, m->seen[i].rev);
	for (int i = 0; i < m->nfiles; i++)
		fprintf(f, "file %s %ld %s\n", m->file[i].name, m->file[i].rows, m->file[i].sha256);
	return ferror(f) ? -1 : 0;
}

const fb_manifest_file *fb_manifest_find(const fb_manifest *m, const char *name)
{
	for (int i = 0; i < m->nfiles; i++)
		if (!strcmp(m->file[i].name, name))
			return &m->file[i];
	return NULL;
}

int64_t fb_manifest_seen_rev(const fb_manifest *m, const char *origin)
{
	for (int i = 0; i < m->nseen; i++)
		if (!strcmp(m->seen[i].origin, origin))
			return m->seen[i].rev;
	return 0;
}
