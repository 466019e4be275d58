/* seal.c - sealed bundles (see seal.h): libsodium's crypto_box_seal for
 * the stream key, crypto_secretstream_xchacha20poly1305 over the content,
 * crypto_pwhash (argon2id) for a kit's passphrase. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fieldbook/i18n.h"
#include "seal.h"

#define KIND_KEY 1
#define KIND_PASS 2
#define KEYID_BYTES 8
#define SEALED_KEY (crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES)
#define SALT crypto_pwhash_SALTBYTES
#define PASS_BLOCK (SALT + 16)  /* salt, opslimit and memlimit (8 bytes each) */
#define SS_HEADER crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
/* the first record's plaintext: its length, the signature and the
 * manifest (their caps, FB_SIG_MAX and FB_MANIFEST_MAX), padded */
#define HEAD_MAX (4u + 4096u + (256u << 10) + 4096u)
#define HEAD_PAD 4096
/* the file's header: magic, kind, key block (the larger), stream header */
#define FILE_HEAD_MAX (FB_SEAL_MAGIC_LEN + 1 + KEYID_BYTES + SEALED_KEY + SS_HEADER + PASS_BLOCK)

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t k = write(fd, c, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Read exactly n bytes: n, fewer at the end of the file, -1 on error. */
static ssize_t read_all(int fd, void *p, size_t n)
{
	char *c = p;
	size_t got = 0;
	while (got < n) {
		ssize_t k = read(fd, c + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

static void key_id(const unsigned char box[FB_KEY_BYTES], unsigned char id[KEYID_BYTES])
{
	crypto_generichash(id, KEYID_BYTES, box, FB_KEY_BYTES, (const unsigned char *)"fb-seal", 7);
}

/* A kit's stream key from its passphrase and limits; 0 or -1. */
static int pass_key(unsigned char *key, const char *pass, const unsigned char *salt,
                    uint64_t ops, uint64_t mem)
{
	return crypto_pwhash(key, crypto_secretstream_xchacha20poly1305_KEYBYTES, pass, strlen(pass),
	                     salt, ops, (size_t)mem, crypto_pwhash_ALG_ARGON2ID13);
}

/* One record: its length, then the ciphertext of n bytes of m. */
static int put_record(int out_fd, crypto_secretstream_xchacha20poly1305_state *ss,
                      unsigned char *c, const unsigned char *m, size_t n, unsigned char tag,
                      const unsigned char *ad, size_t adn)
{
	unsigned long long cn;
	unsigned char len[4];
	crypto_secretstream_xchacha20poly1305_push(ss, c, &cn, m, n, ad, adn, tag);
	put_be32(len, (uint32_t)cn);
	return write_all(out_fd, len, 4) || write_all(out_fd, c, (size_t)cn) ? -1 : 0;
}

static fb_status io_fail(fb_error *err)
{
	return fb_error_set(err, FB_EIO, NULL, _("cannot write the bundle: %s"), strerror(errno));
}

fb_status fb_seal_write(int in_fd, int out_fd, const fb_seal_to *to, const char *head, size_t hn,
                        fb_error *err)
{
	unsigned char fh[FILE_HEAD_MAX];
	size_t fhn = 0;
	unsigned char *key = sodium_malloc(crypto_secretstream_xchacha20poly1305_KEYBYTES);
	size_t plain_cap = HEAD_MAX > FB_SEAL_CHUNK ? HEAD_MAX : FB_SEAL_CHUNK;
	unsigned char *plain = malloc(plain_cap), *c = malloc(plain_cap + ABYTES);
	fb_status s = FB_OK;
	if (!key || !plain || !c || hn + 4 + HEAD_PAD > HEAD_MAX) {
		s = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		goto out;
	}
	memcpy(fh, FB_SEAL_MAGIC, FB_SEAL_MAGIC_LEN);
	fhn = FB_SEAL_MAGIC_LEN;
	if (to->to) {
		fh[fhn++] = KIND_KEY;
		key_id(to->to->box, fh + fhn);
		fhn += KEYID_BYTES;
		crypto_secretstream_xchacha20poly1305_keygen(key);
		crypto_box_seal(fh + fhn, key, crypto_secretstream_xchacha20poly1305_KEYBYTES,
		                to->to->box);
		fhn += SEALED_KEY;
	} else {
		uint64_t ops = crypto_pwhash_OPSLIMIT_MODERATE,
		         mem = crypto_pwhash_MEMLIMIT_INTERACTIVE * 4;
		fh[fhn++] = KIND_PASS;
		randombytes_buf(fh + fhn, SALT);
		put_le64(fh + fhn + SALT, ops);
		put_le64(fh + fhn + SALT + 8, mem);
		if (pass_key(key, to->passphrase, fh + fhn, ops, mem)) {
			s = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
			goto out;
		}
		fhn += PASS_BLOCK;
	}
	crypto_secretstream_xchacha20poly1305_state ss;
	crypto_secretstream_xchacha20poly1305_init_push(&ss, fh + fhn, key);
	fhn += SS_HEADER;
	if (write_all(out_fd, fh, fhn)) {
		s = io_fail(err);
		goto out;
	}
	/* The first record: the signature and the manifest, padded (their
	 * size says nothing of the content), bound to the header. */
	put_be32(plain, (uint32_t)hn);
	memcpy(plain + 4, head, hn);
	size_t padded;
	if (sodium_pad(&padded, plain, hn + 4, HEAD_PAD, plain_cap) ||
	    put_record(out_fd, &ss, c, plain, padded, 0, fh, fhn)) {
		s = io_fail(err);
		goto out;
	}
	if (lseek(in_fd, 0, SEEK_SET) < 0) {
		s = io_fail(err);
		goto out;
	}
	for (;;) {
		ssize_t k = read_all(in_fd, plain, FB_SEAL_CHUNK);
		if (k < 0) {
			s = fb_error_set(err, FB_EIO, NULL, _("cannot read the bundle being written: %s"),
			                 strerror(errno));
			break;
		}
		unsigned char tag = (size_t)k < FB_SEAL_CHUNK ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
		                                             : 0;
		if (put_record(out_fd, &ss, c, plain, (size_t)k, tag, NULL, 0)) {
			s = io_fail(err);
			break;
		}
		if (tag)
			break;
	}
out:
	sodium_free(key);
	free(plain);
	free(c);
	return s;
}

int fb_seal_is_sealed(int fd)
{
	char m[FB_SEAL_MAGIC_LEN];
	ssize_t n = pread(fd, m, sizeof m, 0);
	return n == (ssize_t)sizeof m && !memcmp(m, FB_SEAL_MAGIC, sizeof m);
}

static fb_status bad(fb_error *err, const char *path, const char *why)
{
	fb_error_set(err, FB_EFORMAT, NULL, "%s", why);
	fb_error_at(err, path, 0);
	return FB_EFORMAT;
}

static fb_status damaged(fb_seal_reader *r, fb_error *err)
{
	return bad(err, r->path, _("the sealed bundle is damaged or was changed (a byte differs, "
	                           "or it was cut off): nothing imported; copy it again from the "
	                           "sender"));
}

/* The next record into r->plain: its length into *n and tag into *tag. */
static fb_status next_record(fb_seal_reader *r, size_t cap, const unsigned char *ad, size_t adn,
                             size_t *n, unsigned char *tag, fb_error *err)
{
	unsigned char len[4];
	ssize_t k = read_all(r->fd, len, 4);
	if (k < 0)
		return fb_error_set(err, FB_EIO, NULL, _("cannot read %s: %s"), r->path, strerror(errno));
	if (k != 4)
		return damaged(r, err);
	uint32_t cn = be32(len);
	if (cn < ABYTES || cn > cap + ABYTES)
		return damaged(r, err);
	if ((k = read_all(r->fd, r->buf, cn)) != (ssize_t)cn)
		return k < 0 ? fb_error_set(err, FB_EIO, NULL, _("cannot read %s: %s"), r->path,
		                            strerror(errno))
		             : damaged(r, err);
	unsigned long long mn;
	if (crypto_secretstream_xchacha20poly1305_pull(&r->ss, r->plain, &mn, tag, r->buf, cn, ad,
	                                               adn))
		return damaged(r, err);
	*n = (size_t)mn;
	return FB_OK;
}

fb_status fb_seal_open(fb_seal_reader *r, int fd, const char *path, fb_store *st,
                       const char *passphrase, char **head, size_t *hn, fb_error *err)
{
	memset(r, 0, sizeof *r);
	r->fd = fd;
	r->path = path;
	*head = NULL;
	r->buf = malloc(HEAD_MAX + ABYTES);
	r->plain = malloc(HEAD_MAX);
	unsigned char *key = sodium_malloc(crypto_secretstream_xchacha20poly1305_KEYBYTES);
	unsigned char fh[FILE_HEAD_MAX];
	size_t fhn = FB_SEAL_MAGIC_LEN + 1;
	fb_status s = FB_OK;
	if (!r->buf || !r->plain || !key) {
		s = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		goto out;
	}
	if (lseek(fd, 0, SEEK_SET) < 0 || read_all(fd, fh, fhn) != (ssize_t)fhn ||
	    memcmp(fh, FB_SEAL_MAGIC, FB_SEAL_MAGIC_LEN)) {
		s = bad(err, path, _("not a sealed fieldbook bundle"));
		goto out;
	}
	int kind = fh[FB_SEAL_MAGIC_LEN];
	size_t block = kind == KIND_KEY ? KEYID_BYTES + SEALED_KEY : kind == KIND_PASS ? PASS_BLOCK : 0;
	if (!block || read_all(fd, fh + fhn, block + SS_HEADER) != (ssize_t)(block + SS_HEADER)) {
		s = damaged(r, err);
		goto out;
	}
	if (kind == KIND_KEY && !st) {
		s = bad(err, path, _("this is a bundle, not a station kit"));
		goto out;
	}
	if (kind == KIND_PASS && (!passphrase || !*passphrase)) {
		s = bad(err, path, _("this is a station kit: start a station from it with "
		                     "'fieldbook init --from'"));
		goto out;
	}
	if (kind == KIND_KEY) {
		s = fb_keys_unseal(st, fh + fhn + KEYID_BYTES, SEALED_KEY, key, err);
		if (s == FB_ENOTFOUND) {
			fb_pubkeys own;
			unsigned char id[KEYID_BYTES];
			int ours = fb_keys_own(st, &own, NULL) == FB_OK &&
			           (key_id(own.box, id), !memcmp(id, fh + fhn, KEYID_BYTES));
			s = bad(err, path, ours ? _("the sealed bundle is damaged or was changed: its key "
			                            "cannot be opened; nothing imported")
			                        : _("this bundle is sealed for another device: only the "
			                            "machine it was written for can open it. Nothing "
			                            "imported"));
		}
		if (s)
			goto out;
	} else {
		const unsigned char *p = fh + fhn;
		uint64_t ops = le64(p + SALT), mem = le64(p + SALT + 8);
		if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > crypto_pwhash_OPSLIMIT_SENSITIVE ||
		    mem < crypto_pwhash_MEMLIMIT_MIN || mem > crypto_pwhash_MEMLIMIT_SENSITIVE) {
			s = damaged(r, err);
			goto out;
		}
		if (pass_key(key, passphrase, p, ops, mem)) {
			s = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
			goto out;
		}
	}
	fhn += block;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&r->ss, fh + fhn, key)) {
		s = damaged(r, err);
		goto out;
	}
	fhn += SS_HEADER;
	size_t n;
	unsigned char tag;
	s = next_record(r, HEAD_MAX, fh, fhn, &n, &tag, err);
	if (s && kind == KIND_PASS) {
		s = fb_error_set(err, FB_EINVAL, "passphrase", _("wrong passphrase, or the kit is "
		                                                 "damaged: nothing was set up"));
		goto out;
	}
	size_t unpadded;
	if (s == FB_OK && (tag != 0 || sodium_unpad(&unpadded, r->plain, n, HEAD_PAD) ||
	                   unpadded < 4 || be32(r->plain) > unpadded - 4))
		s = damaged(r, err);
	if (s)
		goto out;
	*hn = be32(r->plain);
	*head = malloc(*hn + 1);
	if (!*head) {
		s = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		goto out;
	}
	memcpy(*head, r->plain + 4, *hn);
	(*head)[*hn] = 0;
out:
	sodium_free(key);
	return s;
}

fb_status fb_seal_rest(fb_seal_reader *r, int out_fd, fb_error *err)
{
	while (!r->done) {
		size_t n;
		unsigned char tag;
		fb_status s = next_record(r, FB_SEAL_CHUNK, NULL, 0, &n, &tag, err);
		if (s)
			return s;
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
			r->done = 1;
		else if (tag != 0)
			return damaged(r, err);
		if (write_all(out_fd, r->plain, n))
			return fb_error_set(err, FB_EIO, NULL, _("cannot write a temporary file: %s"),
			                    strerror(errno));
	}
	char extra;
	if (read_all(r->fd, &extra, 1) != 0) /* bytes after the end: changed */
		return damaged(r, err);
	return FB_OK;
}

void fb_seal_close(fb_seal_reader *r)
{
	free(r->buf);
	free(r->plain);
	r->buf = r->plain = NULL;
}

int fb_seal_tmpfile(const char *near)
{
	char *copy = strdup(near ? near : ".");
	if (!copy)
		return -1;
	const char *dir = near ? dirname(copy) : ".";
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
		/* no O_TMPFILE here: a named file removed at once */
		char tmp[4200];
		snprintf(tmp, sizeof tmp, "%s/.fieldbook.tmp.XXXXXX", dir);
		fd = mkstemp(tmp);
		if (fd >= 0)
			unlink(tmp);
	}
	free(copy);
	return fd;
}
