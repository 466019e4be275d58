/* seal.h - a sealed bundle: the whole zip encrypted so that only its
 * recipient opens it (packaging/fieldbook-bundle.5, SEALED BUNDLES).
 *
 *   "FBSEALD1"  kind (1 byte)  key block  secretstream header (24 bytes)
 *   records: 4-byte big-endian length, then that many bytes of
 *   crypto_secretstream_xchacha20poly1305 ciphertext
 *
 * kind 1: the key block is the first 8 bytes of BLAKE2b of the recipient's
 * X25519 public key (which device it is for) and a crypto_box_seal of the
 * random stream key. kind 2 (a station kit): a salt and argon2id limits
 * from which a passphrase gives the stream key. The first record holds the
 * signature and the manifest (padded), authenticated with the header as
 * additional data; then the zip in 64 kB records, the last tagged FINAL:
 * a cut-off file, a changed byte anywhere, a record moved or dropped is
 * refused. Memory stays flat at any size. */
#ifndef FB_SYNC_SEAL_H
#define FB_SYNC_SEAL_H

#include <stddef.h>
#include <sodium.h>

#include "fieldbook/keys.h"
#include "fieldbook/store.h"

#define FB_SEAL_MAGIC "FBSEALD1"
#define FB_SEAL_MAGIC_LEN 8
#define FB_SEAL_CHUNK (64u << 10)

/* What seals: to a device's key (to != NULL) or with a passphrase. */
typedef struct fb_seal_to {
	const fb_pubkeys *to;
	const char *passphrase;
} fb_seal_to;

/* Seal: head (signature and manifest, hn bytes) then the zip read from
 * in_fd (from its start) into out_fd. */
fb_status fb_seal_write(int in_fd, int out_fd, const fb_seal_to *to, const char *head, size_t hn,
                        fb_error *err);

/* 1 if the file fd begins like a sealed bundle (fd rewound). */
int fb_seal_is_sealed(int fd);

typedef struct fb_seal_reader {
	int fd;
	const char *path;
	crypto_secretstream_xchacha20poly1305_state ss;
	unsigned char *buf;          /* one record's ciphertext */
	unsigned char *plain;
	int done;                    /* the FINAL record was read */
} fb_seal_reader;

/* Open the sealed bundle fd (for path, in messages): with this device's
 * keys (st) or the passphrase; the first record's signature and manifest
 * into *head (caller frees) and *hn. A bundle for another device, a wrong
 * passphrase, a damaged or cut-off file: FB_EINVAL/FB_EFORMAT saying so. */
fb_status fb_seal_open(fb_seal_reader *r, int fd, const char *path, fb_store *st,
                       const char *passphrase, char **head, size_t *hn, fb_error *err);
/* The rest (the zip) into out_fd; the file must end with its FINAL record. */
fb_status fb_seal_rest(fb_seal_reader *r, int out_fd, fb_error *err);
void fb_seal_close(fb_seal_reader *r);

/* An anonymous temporary file (no name: nothing is left after a kill) in
 * the folder of near (the database's: a plain zip never lands on the
 * stick). -1 with errno on failure. */
int fb_seal_tmpfile(const char *near);

#endif
