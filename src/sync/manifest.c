/* manifest.c - read and write manifest.txt (see manifest.h and
 * packaging/fieldbook-bundle.5): one "key value" pair per line. */
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fieldbook/i18n.h"
#include "fieldbook/store.h"
#include "fieldbook/text.h"
#include "sync.h"
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
	if (!*s)
		return 0;
	int64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - (*s - '0')) / 10)
			return 0;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 1;
}

/* 1 if v holds a character that must never reach a terminal raw (controls,
 * escapes, invisible format characters): refused in names and ids. */
static int has_unsafe(const char *v)
{
	size_t n = strlen(v);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += fb_utf8_decode(v + i, n - i, &cp);
		if (fb_cp_unsafe(cp))
			return 1;
	}
	return 0;
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

/* The first line: the magic word and a format this build reads. */
static fb_status parse_format(fb_manifest *m, const char *key, const char *val, long line,
                              fb_error *err)
{
	int64_t v;
	if (strcmp(key, MAGIC) || !parse_i64(val, &v))
		return line_err(err, line, "", _("not a fieldbook bundle manifest"));
	if (v > FB_BUNDLE_FORMAT) {
		fb_error_set(err, FB_EFORMAT, "format",
		             _("bundle format %lld is newer than this fieldbook "
		               "reads (%d): update fieldbook"),
		             (long long)v, FB_BUNDLE_FORMAT);
		fb_error_at(err, FB_MANIFEST_NAME, line);
		return FB_EFORMAT;
	}
	if (v < 1)
		return line_err(err, line, "format", _("bad format version"));
	m->format = (int)v;
	return FB_OK;
}

/* seen DEVICE REVISION */
static fb_status parse_seen(fb_manifest *m, char *val, long line, fb_error *err)
{
	char *sp = strchr(val, ' ');
	fb_manifest_seen *e = &m->seen[m->nseen];
	if (m->nseen >= FB_MANIFEST_SEEN)
		return line_err(err, line, "seen", _("too many entries"));
	if (sp)
		*sp++ = 0;
	if (!sp || !*val || has_unsafe(val) || !put(e->origin, sizeof e->origin, val) ||
	    !parse_i64(sp, &e->rev))
		return line_err(err, line, "seen", _("expected: seen DEVICE REVISION"));
	m->nseen++;
	return FB_OK;
}

/* history_head DEVICE SEQ HASH whole|part */
static fb_status parse_head(fb_manifest *m, const char *val, long line, fb_error *err)
{
	char dev[80], seq[32], hash[80], kind[16], extra;
	fb_manifest_head *h = &m->head[m->nheads];
	if (m->nheads >= FB_MANIFEST_HEADS)
		return line_err(err, line, "history_head", _("too many entries"));
	if (sscanf(val, "%79s %31s %79s %15s %c", dev, seq, hash, kind, &extra) != 4 ||
	    has_unsafe(dev) || !put(h->device, sizeof h->device, dev) || !parse_i64(seq, &h->seq) ||
	    h->seq < 1 || !is_hex64(hash) || (strcmp(kind, "whole") && strcmp(kind, "part")))
		return line_err(err, line, "history_head",
		                _("expected: history_head DEVICE NUMBER HASH whole|part"));
	if (fb_manifest_find_head(m, dev))
		return line_err(err, line, "history_head", _("device listed twice"));
	memcpy(h->hash, hash, 65);
	h->whole = !strcmp(kind, "whole");
	m->nheads++;
	return FB_OK;
}

/* file NAME ROWS SHA256 */
static fb_status parse_file(fb_manifest *m, const char *val, long line, fb_error *err)
{
	char name[64], sha[80], rows[32], extra;
	fb_manifest_file *f = &m->file[m->nfiles];
	int64_t r;
	if (m->nfiles >= FB_MANIFEST_FILES)
		return line_err(err, line, "file", _("too many files"));
	if (sscanf(val, "%63s %31s %79s %c", name, rows, sha, &extra) != 3 || !parse_i64(rows, &r) ||
	    r > LONG_MAX || !is_hex64(sha) || !put(f->name, sizeof f->name, name))
		return line_err(err, line, "file", _("expected: file NAME ROWS SHA256"));
	if (fb_manifest_find(m, name))
		return line_err(err, line, "file", _("file listed twice"));
	f->rows = (long)r;
	memcpy(f->sha256, sha, 65);
	m->nfiles++;
	return FB_OK;
}

/* One "key value" line after the first; *have gets a bit for each key that
 * must be present (1 bundle_id, 2 source_device, 4 created_at). Unknown keys
 * were written by a newer fieldbook of the same format: ignored. */
static fb_status parse_pair(fb_manifest *m, const char *key, char *val, long line, int *have,
                            fb_error *err)
{
	if (!strcmp(key, "bundle_id")) {
		if (!fb_uuid_valid(val) || !put(m->bundle_id, sizeof m->bundle_id, val))
			return line_err(err, line, key, _("not a UUID"));
		*have |= 1;
	} else if (!strcmp(key, "source_device")) {
		if (!*val || strchr(val, ' ') || has_unsafe(val) ||
		    !put(m->source_device, sizeof m->source_device, val))
			return line_err(err, line, key, _("bad device id"));
		*have |= 2;
	} else if (!strcmp(key, "source_group")) {
		if ((*val && !fb_uuid_valid(val)) ||
		    !put(m->source_group, sizeof m->source_group, val))
			return line_err(err, line, key, _("not a UUID"));
	} else if (!strcmp(key, "source_group_name")) {
		if (has_unsafe(val))
			return line_err(err, line, key, _("holds a control or invisible character"));
		if (!put(m->source_group_name, sizeof m->source_group_name, val))
			return line_err(err, line, key, _("too long"));
	} else if (!strcmp(key, "created_at")) {
		struct tm tm = {0};
		const char *end = strptime(val, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (!end || *end || strlen(val) != 20 ||
		    !put(m->created_at, sizeof m->created_at, val))
			return line_err(err, line, key, _("not a time like 2026-11-22T08:00:00Z"));
		*have |= 4;
	} else if (!strcmp(key, "rev_from") || !strcmp(key, "rev_to")) {
		if (!parse_i64(val, key[4] == 'f' ? &m->rev_from : &m->rev_to))
			return line_err(err, line, key, _("not a number"));
	} else if (!strcmp(key, "seen")) {
		return parse_seen(m, val, line, err);
	} else if (!strcmp(key, "file")) {
		return parse_file(m, val, line, err);
	} else if (!strcmp(key, "history_head")) {
		return parse_head(m, val, line, err);
	}
	return FB_OK;
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
	int have = 0;
	fb_status rc = FB_OK;
	for (const char *p = s, *end = s + n; p < end && rc == FB_OK;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		char buf[512];
		line++;
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
		rc = m->format < 0 ? parse_format(m, buf, val, line, err)
		                   : parse_pair(m, buf, val, line, &have, err);
	}
	if (rc)
		return rc;
	if (m->format < 0)
		return line_err(err, 0, "", _("not a fieldbook bundle manifest"));
	if (have != 7)
		return line_err(err, line,
		                !(have & 1)   ? "bundle_id"
		                : !(have & 2) ? "source_device"
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
	for (int i = 0; i < m->nheads; i++)
		fprintf(f, "history_head %s %" PRId64 " %s %s\n", m->head[i].device, m->head[i].seq,
		        m->head[i].hash, m->head[i].whole ? "whole" : "part");
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

const fb_manifest_head *fb_manifest_find_head(const fb_manifest *m, const char *device)
{
	for (int i = 0; i < m->nheads; i++)
		if (!strcmp(m->head[i].device, device))
			return &m->head[i];
	return NULL;
}

int64_t fb_manifest_seen_rev(const fb_manifest *m, const char *origin)
{
	for (int i = 0; i < m->nseen; i++)
		if (!strcmp(m->seen[i].origin, origin))
			return m->seen[i].rev;
	return 0;
}
