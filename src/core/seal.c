/* seal.c - personal values sealed and opened (seal.h); the key's life is
 * in seal_keys.c.
 *
 * Subkeys of the data key (crypto_kdf, context "fbseal01"): 1 encrypts
 * (XChaCha20-Poly1305-IETF), 2 makes the nonce (keyed BLAKE2b over the
 * column's name and the plain text, SIV-style: equal values, equal
 * ciphertexts within one database), 3 is the key's check value. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/i18n.h"
#include "fieldbook/seal.h"
#include "fieldbook/text.h"
#include "internal.h"
#include "seal_impl.h"

#define PREFIX_LEN (sizeof FB_SEAL_PREFIX - 1)
#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG crypto_aead_xchacha20poly1305_ietf_ABYTES

int fb_seal_is_value(const char *value)
{
	return value && !strncmp(value, FB_SEAL_PREFIX, PREFIX_LEN);
}

const char *fb_seal_placeholder(void) { return _("(sealed)"); }

fb_status fb_seal_need_key(fb_error *err, const char *field)
{
	return fb_error_set(err, FB_EPERM, field,
	                    _("personal data is sealed with the group's key and nobody signed in "
	                      "holds it: sign in (a new password gets the key at the group "
	                      "leader's next sign-in on this laptop)"));
}

const fb_seal_held *fb_seal_held_key(fb_store *st) { return fb_store_cache_get(st, FB_CACHE_SEAL); }

int fb_seal_key_held(fb_store *st) { return fb_seal_held_key(st) != NULL; }

static void held_free(void *p) { sodium_free(p); /* zeroes it */ }

fb_status fb_seal_hold(fb_store *st, const unsigned char key[FB_SEAL_KEY], fb_error *err)
{
	fb_seal_held *h = sodium_malloc(sizeof *h);
	if (!h)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	memcpy(h->key, key, FB_SEAL_KEY);
	crypto_kdf_derive_from_key(h->enc, sizeof h->enc, 1, FB_SEAL_CONTEXT, key);
	crypto_kdf_derive_from_key(h->mac, sizeof h->mac, 2, FB_SEAL_CONTEXT, key);
	sodium_mprotect_readonly(h);
	fb_store_cache_set(st, FB_CACHE_SEAL, h, held_free);
	return FB_OK;
}

void fb_seal_forget(fb_store *st) { fb_store_cache_set(st, FB_CACHE_SEAL, NULL, NULL); }

void fb_seal_check_value(const unsigned char key[FB_SEAL_KEY], unsigned char check[FB_SEAL_KEY])
{
	crypto_kdf_derive_from_key(check, FB_SEAL_KEY, 3, FB_SEAL_CONTEXT, key);
}

/* Seal plain (n bytes) for col with h: a new "fb1:..." string, NULL out of
 * memory. */
static char *seal_with(const fb_seal_held *h, const char *col, const char *plain, size_t n)
{
	size_t blen = NONCE + n + TAG;
	unsigned char *bin = malloc(blen);
	size_t b64 = sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = malloc(PREFIX_LEN + b64);
	if (!bin || !out) {
		free(bin);
		free(out);
		return NULL;
	}
	crypto_generichash_state g;
	crypto_generichash_init(&g, h->mac, sizeof h->mac, NONCE);
	crypto_generichash_update(&g, (const unsigned char *)col, strlen(col) + 1);
	crypto_generichash_update(&g, (const unsigned char *)plain, n);
	crypto_generichash_final(&g, bin, NONCE);
	unsigned long long clen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(bin + NONCE, &clen, (const unsigned char *)plain,
	                                           n, (const unsigned char *)col, strlen(col), NULL,
	                                           bin, h->enc);
	memcpy(out, FB_SEAL_PREFIX, PREFIX_LEN);
	sodium_bin2base64(out + PREFIX_LEN, b64, bin, blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	free(bin);
	return out;
}

/* Open sealed value of col with h: a new string, NULL if it does not open
 * (*nomem set when memory ran out). */
static char *open_with(const fb_seal_held *h, const char *col, const char *value, int *nomem)
{
	const char *b64 = value + PREFIX_LEN;
	size_t n = strlen(b64), blen = n * 3 / 4 + 3, got = 0;
	unsigned char *bin = malloc(blen);
	*nomem = !bin;
	if (!bin)
		return NULL;
	char *out = NULL;
	if (sodium_base642bin(bin, blen, b64, n, NULL, &got, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
	    got >= NONCE + TAG) {
		out = malloc(got - NONCE - TAG + 1);
		*nomem = !out;
		unsigned long long plen;
		if (out &&
		    crypto_aead_xchacha20poly1305_ietf_decrypt(
			    (unsigned char *)out, &plen, NULL, bin + NONCE, got - NONCE,
			    (const unsigned char *)col, strlen(col), bin, h->enc) == 0 &&
		    !memchr(out, '\0', plen)) {
			out[plen] = '\0';
		} else {
			free(out);
			out = NULL;
		}
	}
	free(bin);
	return out;
}

fb_status fb_seal_text(fb_store *st, const char *col, const char *field, const char *plain,
                       char **out, fb_error *err)
{
	*out = NULL;
	if (!plain || !*plain) {
		*out = strdup("");
	} else if (fb_seal_is_value(plain)) {
		return fb_error_set(err, FB_EINVAL, field,
		                    _("may not begin with \"%s\" (the mark of a sealed value)"),
		                    FB_SEAL_PREFIX);
	} else {
		const fb_seal_held *h = fb_seal_held_key(st);
		if (!h)
			return fb_seal_need_key(err, field);
		*out = seal_with(h, col, plain, strlen(plain));
	}
	return *out ? FB_OK : fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
}

fb_status fb_seal_field(fb_store *st, const char *col, const char *field, char **value, fb_error *err)
{
	char *sealed;
	fb_status rc = fb_seal_text(st, col, field, *value, &sealed, err);
	if (rc)
		return rc;
	free(*value);
	*value = sealed;
	return FB_OK;
}

fb_status fb_seal_many(fb_store *st, int n, const char *const *cols, const char *const *in,
                       char **out, fb_error *err)
{
	for (int i = 0; i < n; i++)
		out[i] = NULL;
	for (int i = 0; i < n; i++) {
		const char *dot = strchr(cols[i], '.');
		fb_status rc =
			fb_seal_text(st, cols[i], dot ? dot + 1 : cols[i], in[i], &out[i], err);
		if (rc) {
			fb_seal_many_free(n, out);
			return rc;
		}
	}
	return FB_OK;
}

void fb_seal_many_free(int n, char **out)
{
	for (int i = 0; i < n; i++) {
		free(out[i]);
		out[i] = NULL;
	}
}

fb_status fb_seal_open_text(fb_store *st, const char *col, const char *value, char **out,
                            fb_error *err)
{
	*out = NULL;
	if (!fb_seal_is_value(value)) {
		*out = strdup(value ? value : "");
		return *out ? FB_OK : fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	const fb_seal_held *h = fb_seal_held_key(st);
	if (!h)
		return fb_seal_need_key(err, col);
	int nomem;
	*out = open_with(h, col, value, &nomem);
	if (*out)
		return FB_OK;
	return nomem ? fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"))
	             : fb_error_set(err, FB_EINVAL, col,
	                            _("a sealed value that this database's key does not open"));
}

char *fb_seal_reveal(fb_store *st, const char *col, const char *value)
{
	char *out = NULL;
	fb_status rc = fb_seal_open_text(st, col, value, &out, NULL);
	if (rc == FB_ENOMEM)
		return NULL;
	return rc ? strdup(fb_seal_placeholder()) : out;
}

char *fb_seal_reveal_buf(fb_store *st, const char *col, const char *value, char *out, size_t size)
{
	if (!size)
		return out;
	char *v = fb_seal_reveal(st, col, value);
	fb_text_copy(v ? v : "", out, size);
	free(v);
	return out;
}

fb_status fb_seal_reveal_field(fb_store *st, const char *col, char **value, fb_error *err)
{
	if (!*value || !fb_seal_is_value(*value))
		return FB_OK;
	char *v = fb_seal_reveal(st, col, *value);
	if (!v)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	free(*value);
	*value = v;
	return FB_OK;
}

/* fb_open(col, value): see fb_seal_register. */
static void sql_open(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *col = (const char *)sqlite3_value_text(argv[0]);
	const char *value = (const char *)sqlite3_value_text(argv[1]);
	if (!col || !value) {
		sqlite3_result_null(ctx);
		return;
	}
	if (!fb_seal_is_value(value)) {
		sqlite3_result_text(ctx, value, -1, SQLITE_TRANSIENT);
		return;
	}
	const fb_seal_held *h = fb_seal_held_key(sqlite3_user_data(ctx));
	int nomem = 0;
	char *out = h ? open_with(h, col, value, &nomem) : NULL;
	if (nomem)
		sqlite3_result_error_nomem(ctx);
	else if (out)
		sqlite3_result_text(ctx, out, -1, free);
	else
		sqlite3_result_null(ctx);
}

fb_status fb_seal_register(fb_store *st, fb_error *err)
{
	sqlite3 *db = fb_store_db(st);
	if (sqlite3_create_function(db, "fb_open", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, st, sql_open,
	                            NULL, NULL) != SQLITE_OK)
		return fb_error_set(err, FB_EDB, "", "%s", sqlite3_errmsg(db));
	return FB_OK;
}

char *fb_seal_with_held(const fb_seal_held *h, const char *col, const char *plain)
{
	return seal_with(h, col, plain, strlen(plain));
}
