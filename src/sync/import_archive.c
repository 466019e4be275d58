/* import_archive.c - the bundle as an archive: every member checked before
 * one is read (names, duplicates, sizes, compression ratio, encryption),
 * the manifest read and parsed, each table's member streamed through the
 * CSV reader and held to what the manifest vouches for. libzip's English
 * messages become ones a person understands, in their language. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fieldbook/i18n.h"
#include "import.h"

#define BOMB_RATIO 200       /* uncompressed/compressed beyond this is refused */
#define BOMB_MIN (16u << 20) /* ... for members larger than this */

/* What a libzip error code (and the system errno behind it, if any) means
 * to the person holding the file. */
static const char *zip_message(int zerr, int serr, char *buf, size_t size)
{
	switch (zerr) {
	case ZIP_ER_NOENT: return _("no such file");
	case ZIP_ER_NOZIP:
		return _(
			"not a zip file: a bundle is the .zip file that 'fieldbook export' writes");
	case ZIP_ER_INCONS:
	case ZIP_ER_EOF:
		return _("the zip file is damaged or incomplete (copied before it was finished?)");
	case ZIP_ER_CRC: return _("the zip file is damaged: a member's checksum does not match");
	case ZIP_ER_ZLIB:
	case ZIP_ER_COMPRESSED_DATA:
		return _("the zip file is damaged: its compressed data cannot be read");
	case ZIP_ER_MULTIDISK: return _("the zip file is split into several parts");
	case ZIP_ER_COMPNOTSUPP:
		return _("packed in a way fieldbook does not read: export the bundle again");
	case ZIP_ER_ENCRNOTSUPP:
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD: return _("the zip file is encrypted");
	case ZIP_ER_MEMORY: return _("out of memory");
	case ZIP_ER_OPEN:
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
	case ZIP_ER_TELL:
		snprintf(buf, size, _("cannot read the file: %s"), strerror(serr ? serr : EIO));
		return buf;
	default:
		snprintf(buf, size, _("cannot be read as a zip file (libzip error %d)"), zerr);
		return buf;
	}
}

/* A bundle error for file from libzip's error, in words (zip_message). */
static fb_status zip_err(fb_error *err, const char *file, zip_error_t *ze)
{
	char buf[256];
	return imp_bundle_err(
		err, file, "%s",
		zip_message(zip_error_code_zip(ze), zip_error_code_system(ze), buf, sizeof buf));
}

/* Is name a member we expect? Its table index, IMP_MANIFEST for the
 * manifest, IMP_SIGNATURE for its signature, -1 otherwise. */
static int member_kind(const char *name)
{
	if (!strcmp(name, FB_MANIFEST_NAME))
		return IMP_MANIFEST;
	if (!strcmp(name, FB_SIG_NAME))
		return IMP_SIGNATURE;
	for (int i = 0; i < fb_sync_ntables; i++)
		if (!strcmp(name, fb_sync_tables[i].file))
			return i;
	return -1;
}

/* Check one member's entry: name, encryption, size, ratio. */
static fb_status check_member(zip_t *za, zip_int64_t i, const char *path, uint64_t cap,
                              zip_int64_t index[IMP_NMEMBERS], fb_error *err)
{
	zip_stat_t zs;
	const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
	if (!name || zip_stat_index(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &zs))
		return imp_bundle_err(err, path, _("unreadable member %lld"), (long long)i);
	char shown[128];
	fb_text_visible(name, 0, shown, sizeof shown);
	if (name[0] == '/' || strstr(name, "..") || strchr(name, '\\'))
		return imp_bundle_err(err, path,
		                      _("member '%.100s' points outside the bundle: "
		                        "refused"),
		                      shown);
	int k = member_kind(name);
	if (k < 0)
		return imp_bundle_err(err, path,
		                      _("unexpected member '%.100s': not a fieldbook "
		                        "bundle"),
		                      shown);
	if (index[k] >= 0)
		return imp_bundle_err(err, path, _("member '%s' appears twice: refused"), name);
	index[k] = i;
	if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) && zs.encryption_method != ZIP_EM_NONE)
		return imp_bundle_err(err, path, _("member '%s' is encrypted"), name);
	if (!(zs.valid & ZIP_STAT_SIZE) || zs.size > cap ||
	    (k == IMP_MANIFEST && zs.size > FB_MANIFEST_MAX) ||
	    (k == IMP_SIGNATURE && zs.size > FB_SIG_MAX))
		return imp_bundle_err(err, path, _("member '%s' is too large (%llu bytes): refused"),
		                      name, (unsigned long long)zs.size);
	uint64_t ratio =
		zs.size / ((zs.valid & ZIP_STAT_COMP_SIZE) && zs.comp_size ? zs.comp_size : 1);
	if ((zs.valid & ZIP_STAT_COMP_SIZE) && zs.size > BOMB_MIN && ratio > BOMB_RATIO)
		return imp_bundle_err(err, path,
		                      _("member '%s' expands %llu times: refused as a "
		                        "decompression bomb"),
		                      name, (unsigned long long)ratio);
	return FB_OK;
}

/* Check every member of the archive before reading any: only the names we
 * know, each once, within the size caps, not encrypted. */
static fb_status check_members(zip_t *za, const char *path, uint64_t cap,
                               zip_int64_t index[IMP_NMEMBERS], fb_error *err)
{
	for (int i = 0; i < IMP_NMEMBERS; i++)
		index[i] = -1;
	zip_int64_t n = zip_get_num_entries(za, 0);
	if (n > 2 * IMP_NMEMBERS)
		return imp_bundle_err(err, path, _("too many members (%lld): not a fieldbook bundle"),
		                      (long long)n);
	fb_status s = FB_OK;
	for (zip_int64_t i = 0; i < n && s == FB_OK; i++)
		s = check_member(za, i, path, cap, index, err);
	if (s == FB_OK && index[IMP_MANIFEST] < 0)
		s = imp_bundle_err(err, path, _("no %s: not a fieldbook bundle"), FB_MANIFEST_NAME);
	if (s == FB_OK && index[IMP_SIGNATURE] < 0)
		s = imp_bundle_err(err, path, _("the bundle is not signed: it was made by a fieldbook "
		                                "from before signatures, or changed. Ask the sender to "
		                                "update fieldbook and export it again"));
	return s;
}

/* Member idx (at most max bytes) into a new buffer *out (NUL-terminated;
 * caller frees), its length into *n. */
static fb_status read_small(zip_t *za, zip_int64_t idx, const char *name, size_t max, char **out,
                            size_t *n, fb_error *err)
{
	*out = NULL;
	zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!zf)
		return zip_err(err, name, zip_get_error(za));
	char *buf = malloc(max + 2);
	zip_int64_t k = buf ? zip_fread(zf, buf, max + 1) : -1;
	fb_status s = FB_OK;
	if (!buf)
		s = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	else if (k < 0)
		s = zip_err(err, name, zip_file_get_error(zf));
	else if ((uint64_t)k > max)
		s = imp_bundle_err(err, name, _("too large: refused"));
	zip_fclose(zf);
	if (s) {
		free(buf);
		return s;
	}
	buf[k] = 0;
	*out = buf;
	*n = (size_t)k;
	return FB_OK;
}

fb_status imp_verify_manifest(importer *im, const char *sig, size_t sn, const char *man, size_t mn,
                              fb_error *err)
{
	fb_status s = imp_check_signature(im, sig, sn, man, mn, err);
	if (s == FB_OK)
		s = fb_manifest_parse(man, mn, im->m, err);
	if (s == FB_OK)
		s = imp_check_sender(im, err);
	if (s == FB_OK) {
		fb_sha256 c;
		fb_sha256_init(&c);
		fb_sha256_update(&c, man, mn);
		fb_sha256_hex(&c, im->manifest_sha);
	}
	return s;
}

/* Read manifest.sig and manifest.txt, check the signature against the
 * pinned key, then parse the manifest; its SHA-256 into im->manifest_sha.
 * A bundle that came sealed must hold the very manifest and signature its
 * first chunk held (im->sealed_*). */
static fb_status read_manifest(importer *im, zip_t *za, const zip_int64_t *index, fb_error *err)
{
	char *sig = NULL, *man = NULL;
	size_t sn = 0, mn = 0;
	fb_status s = read_small(za, index[IMP_SIGNATURE], FB_SIG_NAME, FB_SIG_MAX, &sig, &sn, err);
	if (s == FB_OK)
		s = read_small(za, index[IMP_MANIFEST], FB_MANIFEST_NAME, FB_MANIFEST_MAX, &man, &mn,
		               err);
	if (s == FB_OK && im->sealed_head) {
		if (sn + mn != im->sealed_len || memcmp(im->sealed_head, sig, sn) ||
		    memcmp(im->sealed_head + sn, man, mn))
			s = imp_bundle_err(err, FB_MANIFEST_NAME, _("the sealed bundle's manifest differs "
			                                            "from the one it was opened with: "
			                                            "forged; nothing imported"));
	} else if (s == FB_OK) {
		s = imp_verify_manifest(im, sig, sn, man, mn, err);
	}
	free(sig);
	free(man);
	return s;
}

fb_status imp_open_bundle(importer *im, const char *path, int fd, zip_t **za,
                          zip_int64_t index[IMP_NMEMBERS], fb_error *err)
{
	int zerr = 0;
	errno = 0;
	if (fd >= 0) {
		*za = zip_fdopen(fd, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
		if (!*za)
			close(fd);
	} else {
		*za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	}
	int serr = errno;
	if (!*za && zerr == ZIP_ER_EXISTS)
		return imp_bundle_err(err, path, _("two members have the same name: refused"));
	if (!*za) {
		char buf[256];
		return imp_bundle_err(err, path, "%s", zip_message(zerr, serr, buf, sizeof buf));
	}
	uint64_t cap = im->opts->max_member ? im->opts->max_member : IMP_DEFAULT_MAX_MEMBER;
	fb_status s = check_members(*za, path, cap, index, err);
	if (s == FB_OK)
		s = read_manifest(im, *za, index, err);
	if (s == FB_OK)
		imp_fill_sender(im);
	return s;
}

void imp_fill_sender(importer *im)
{
	struct imp_sender *sd = &im->sender;
	if (im->have_signer) {
		/* checked against the keys pinned here: verified while the manifest
		 * claims what the device was pinned as (else the lanes refuse the
		 * claim) */
		snprintf(sd->device, sizeof sd->device, "%s", im->signer.device);
		snprintf(sd->group, sizeof sd->group, "%s", im->m->source_group);
		sd->is_hq = !sd->group[0];
		sd->verified = sd->is_hq == im->signer.is_hq &&
		               (sd->is_hq || !strcasecmp(sd->group, im->signer.group));
		/* a new device pinned by its fingerprint is HQ only by its own word:
		 * the lanes' first-sight rule decides (a kit or an HQ key's rotation
		 * record is what vouches for headquarters) */
		if (sd->is_hq && im->pin_new && !im->pin_kind_known)
			sd->verified = 0;
		return;
	}
	snprintf(sd->device, sizeof sd->device, "%s", im->m->source_device);
	snprintf(sd->group, sizeof sd->group, "%s", im->m->source_group);
	sd->is_hq = !sd->group[0];
	sd->verified = 0; /* only a signature check sets it */
}

/* A zip member read as a stream, refusing more bytes than it declared. */
typedef struct member {
	zip_file_t *zf;
	uint64_t got, declared;
	int too_big;     /* more bytes than declared */
	zip_error_t *ze; /* libzip's error after a failed read */
} member;

/* The reader's byte source over a member: -1 (errno set) on a read error
 * or once more bytes came than the member declared. */
static ssize_t member_read(void *src, char *buf, size_t n)
{
	member *mb = src;
	zip_int64_t k = zip_fread(mb->zf, buf, n);
	if (k < 0) {
		mb->ze = zip_file_get_error(mb->zf);
		errno = EIO;
		return -1;
	}
	mb->got += (uint64_t)k;
	if (mb->got > mb->declared) {
		mb->too_big = 1;
		errno = EFBIG;
		return -1;
	}
	return (ssize_t)k;
}

/* Open member idx of the current table for member_read (at most its
 * declared size, and the cap). */
static fb_status member_open(importer *im, zip_t *za, zip_int64_t idx, member *mb, fb_error *err)
{
	zip_stat_t zs;
	uint64_t cap = im->opts->max_member ? im->opts->max_member : IMP_DEFAULT_MAX_MEMBER;
	memset(mb, 0, sizeof *mb);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &zs))
		return zip_err(err, im->t->file, zip_get_error(za));
	mb->declared = zs.size < cap ? zs.size : cap;
	mb->zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!mb->zf)
		return zip_err(err, im->t->file, zip_get_error(za));
	return FB_OK;
}

/* The error of a member that could not be read to its end. */
static fb_status member_err(importer *im, const member *mb, fb_error *err)
{
	if (mb->too_big)
		return imp_bundle_err(err, im->t->file, _("longer than its declared size: refused"));
	if (mb->ze)
		return zip_err(err, im->t->file, mb->ze);
	return imp_bundle_err(err, im->t->file,
	                      _("cannot read: the bundle is damaged (truncated or changed)"));
}

/* The current table's member is not what the manifest vouches for. */
static fb_status checksum_err(importer *im, fb_error *err)
{
	return imp_bundle_err(err, im->t->file,
	                      _("checksum does not match the manifest: the bundle "
	                        "is damaged or was changed"));
}

/* The no-op path: this bundle, with this very manifest, was applied
 * before, and every row then either went in or lost to a newer version.
 * Rows are never removed and versions only grow, so applying it again
 * changes nothing: check that the member's bytes are still the ones the
 * manifest vouches for (SHA-256, no more than declared) and count its rows
 * unchanged, without parsing a single record. */
static fb_status verify_known_member(importer *im, zip_t *za, zip_int64_t idx,
                                     const fb_manifest_file *mf, fb_error *err)
{
	member mb;
	fb_status s = member_open(im, za, idx, &mb, err);
	if (s)
		return s;
	fb_sha256 sha;
	fb_sha256_init(&sha);
	ssize_t k;
	while ((k = member_read(&mb, im->buf, IMP_BUF)) > 0)
		fb_sha256_update(&sha, im->buf, (size_t)k);
	char hex[65];
	fb_sha256_hex(&sha, hex);
	if (k < 0)
		s = member_err(im, &mb, err);
	else if (strcmp(hex, mf->sha256))
		s = checksum_err(im, err);
	zip_fclose(mb.zf);
	if (s)
		return s;
	im->cnt->rows = mf->rows;
	im->cnt->unchanged = mf->rows;
	return FB_OK;
}

fb_status imp_read_member(importer *im, zip_t *za, zip_int64_t idx, const fb_manifest_file *mf,
                          fb_error *err)
{
	if (im->known_content)
		return verify_known_member(im, za, idx, mf, err);
	member mb;
	fb_status s = member_open(im, za, idx, &mb, err);
	if (s)
		return s;
	fb_csv_reader *r = fb_csv_reader_new(im->t->file, member_read, &mb);
	if (!r) {
		zip_fclose(mb.zf);
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	s = imp_read_csv(im, r, err);
	char sha[65];
	fb_csv_reader_sha(r, sha);
	if (s == FB_EIO || mb.too_big)
		s = member_err(im, &mb, err);
	else if (s == FB_OK && strcmp(sha, mf->sha256))
		s = checksum_err(im, err);
	else if (s == FB_OK && mf->rows != im->cnt->rows)
		s = imp_bundle_err(err, im->t->file,
		                   _("%ld rows, the manifest says %ld: the bundle "
		                     "is damaged or was changed"),
		                   im->cnt->rows, mf->rows);
	fb_csv_reader_free(r);
	zip_fclose(mb.zf);
	return s;
}
