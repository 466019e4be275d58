/* signature.c - make, read and check manifest.sig (see signature.h). The
 * signature is Ed25519ph (RFC 8032, libsodium's crypto_sign_init/update/
 * final): the signed lines, then the manifest, streamed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "fieldbook/i18n.h"
#include "manifest.h"
#include "signature.h"

#define MAGIC "fieldbook-signature 1\n"

static void hex(char *out, size_t size, const unsigned char *b, size_t n)
{
	sodium_bin2hex(out, size, b, n);
}

/* The multi-part signing state over the signed lines and the manifest. */
static void sig_state(crypto_sign_state *c, const char *text, size_t tn, const char *manifest,
                      size_t n)
{
	crypto_sign_init(c);
	crypto_sign_update(c, (const unsigned char *)text, tn);
	crypto_sign_update(c, (const unsigned char *)manifest, n);
}

fb_status fb_sig_make(fb_store *st, int64_t seq, const char *manifest, size_t n, char **out,
                      size_t *outlen, fb_error *err)
{
	fb_pubkeys k;
	unsigned char prev[FB_KEY_BYTES], rsig[FB_SIG_BYTES];
	fb_status s = fb_keys_own(st, &k, err);
	if (s)
		return s;
	int rotated = fb_keys_rotation(st, prev, rsig, err);
	if (rotated < 0)
		return err && err->code ? err->code : FB_EDB;
	char sk[65], bk[65], pk[65], rs[129];
	hex(sk, sizeof sk, k.sign, FB_KEY_BYTES);
	hex(bk, sizeof bk, k.box, FB_KEY_BYTES);
	char *text = malloc(FB_SIG_MAX);
	if (!text)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	int len = snprintf(text, FB_SIG_MAX, MAGIC "device %s\nseq %lld\nsign_key %s\nbox_key %s\n",
	                   fb_store_device(st), (long long)seq, sk, bk);
	if (rotated) {
		hex(pk, sizeof pk, prev, FB_KEY_BYTES);
		hex(rs, sizeof rs, rsig, FB_SIG_BYTES);
		len += snprintf(text + len, FB_SIG_MAX - (size_t)len, "rotated_from %s %s\n", pk, rs);
	}
	/* The secret key stays in the store: sign the Ed25519ph digest there. */
	crypto_sign_state c;
	sig_state(&c, text, (size_t)len, manifest, n);
	unsigned char sig[FB_SIG_BYTES];
	if ((s = fb_keys_sign_state(st, &c, sig, err))) {
		free(text);
		return s;
	}
	char sh[129];
	hex(sh, sizeof sh, sig, FB_SIG_BYTES);
	len += snprintf(text + len, FB_SIG_MAX - (size_t)len, "signature %s\n", sh);
	*out = text;
	*outlen = (size_t)len;
	return FB_OK;
}

static fb_status line_err(fb_error *err, long line, const char *why)
{
	fb_error_set(err, FB_EFORMAT, NULL, "%s", why);
	fb_error_at(err, FB_SIG_NAME, line);
	return FB_EFORMAT;
}

/* val as exactly n bytes of lowercase hex into out: 1, or 0. */
static int unhex(const char *val, unsigned char *out, size_t n)
{
	size_t got = 0;
	const char *end = NULL;
	if (strlen(val) != 2 * n)
		return 0;
	return sodium_hex2bin(out, n, val, 2 * n, NULL, &got, &end) == 0 && got == n && !*end;
}

fb_status fb_sig_parse(const char *s, size_t n, fb_bundle_sig *sig, fb_error *err)
{
	memset(sig, 0, sizeof *sig);
	if (n > FB_SIG_MAX || memchr(s, 0, n))
		return line_err(err, 0, _("the signature is damaged"));
	if (n < sizeof MAGIC - 1 || memcmp(s, MAGIC, sizeof MAGIC - 1))
		return line_err(err, 1, _("not a fieldbook signature"));
	int have = 0;
	long line = 1;
	for (const char *p = s + sizeof MAGIC - 1, *end = s + n; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char buf[400];
		size_t len = (size_t)((nl ? nl : end) - p);
		line++;
		if (!nl || len >= sizeof buf)
			return line_err(err, line, _("the signature is damaged"));
		memcpy(buf, p, len);
		buf[len] = 0;
		const char *start = p;
		p = nl + 1;
		char *val = strchr(buf, ' ');
		if (!val)
			return line_err(err, line, _("the signature is damaged"));
		*val++ = 0;
		int ok = 1;
		if (!strcmp(buf, "device") && !(have & 1)) {
			ok = fb_uuid_valid(val);
			if (ok)
				memcpy(sig->device, val, 37);
			have |= 1;
		} else if (!strcmp(buf, "seq") && !(have & 2)) {
			char *e;
			long long v = strtoll(val, &e, 10);
			ok = *val >= '0' && *val <= '9' && !*e && v > 0;
			sig->seq = v;
			have |= 2;
		} else if (!strcmp(buf, "sign_key") && !(have & 4)) {
			ok = unhex(val, sig->k.sign, FB_KEY_BYTES);
			have |= 4;
		} else if (!strcmp(buf, "box_key") && !(have & 8)) {
			ok = unhex(val, sig->k.box, FB_KEY_BYTES);
			have |= 8;
		} else if (!strcmp(buf, "rotated_from") && !sig->rotated) {
			char *sp = strchr(val, ' ');
			ok = sp != NULL;
			if (ok) {
				*sp++ = 0;
				ok = unhex(val, sig->prev_sign, FB_KEY_BYTES) &&
				     unhex(sp, sig->rotation_sig, FB_SIG_BYTES);
			}
			sig->rotated = 1;
		} else if (!strcmp(buf, "signature") && have == 15) {
			if (!unhex(val, sig->sig, FB_SIG_BYTES) || p != end)
				return line_err(err, line, _("the signature is damaged"));
			sig->signed_len = (size_t)(start - s);
			return FB_OK;
		} else {
			ok = 0;
		}
		if (!ok)
			return line_err(err, line, _("the signature is damaged"));
	}
	return line_err(err, line, _("the signature is incomplete"));
}

int fb_sig_verify(const fb_bundle_sig *sig, const char *text, const char *manifest, size_t n,
                  const unsigned char pk[FB_KEY_BYTES])
{
	crypto_sign_state c;
	sig_state(&c, text, sig->signed_len, manifest, n);
	return crypto_sign_final_verify(&c, sig->sig, pk) == 0;
}

int fb_sig_rotation_valid(const fb_bundle_sig *sig)
{
	char msg[256];
	size_t n = fb_keys_rotation_msg(sig->device, &sig->k, msg, sizeof msg);
	return sig->rotated && crypto_sign_verify_detached(sig->rotation_sig, (unsigned char *)msg,
	                                                   n, sig->prev_sign) == 0;
}
