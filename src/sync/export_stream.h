/* export_stream.h - the bundle's members as libzip sources (export_stream.c):
 * each table streamed from its query as CSV, the manifest written last, and
 * the archive written into an open file. The job in export.c fills these in
 * and hands them to libzip. Not public API. */
#ifndef FB_EXPORT_STREAM_H
#define FB_EXPORT_STREAM_H

#include <pthread.h>
#include <stdint.h>
#include <zip.h>

#include "csvio.h"
#include "manifest.h"
#include "sha256.h"
#include "sqlstore.h"
#include "sync.h"
#include "tables.h"

/* One table streamed into the zip, in two threads. A producer thread
 * steps the query and formats rows into 256 kB chunks; libzip, in the
 * caller's thread, pulls the chunks through this source, hashing them
 * (SHA-256 here, CRC-32 in libzip) and writing them out. On two cores the
 * hashing and writing overlap the reading and formatting. Nothing is
 * written twice and at most RING chunks are held. The connection is used
 * by the producer only, and only while the caller waits in zip_close(). */
#define RING 3
#define CHUNK (128u << 10)

/* References are exported as the other row's uuid. A few people and
 * groups account for every log, so a small direct-mapped cache per column
 * replaces a correlated subquery per row and cell. */
#define REF_SLOTS 256
typedef struct ref_cache {
	int64_t id[REF_SLOTS]; /* 0: empty (ids start at 1) */
	char uuid[REF_SLOTS][37];
} ref_cache;

typedef struct chunk {
	char *data;
	size_t len, cap;
} chunk;

typedef struct table_src {
	fb_store *st;
	const fb_sync_table *t;
	int64_t since;    /* -1: full export */
	int64_t group_id; /* 0: every group */
	const fb_export_opts *opts;
	fb_manifest_file *mf; /* rows and hash, filled in at close */
	int64_t *maxrev;
	sqlite3_stmt *s;
	int revcol;
	fb_csv_writer w; /* the producer's chunk being filled */
	ref_cache *refs; /* one per C_REF column */
	zip_error_t error;
	fb_error *err; /* first failure, for the caller */
	/* between the threads, under mu */
	pthread_t thread;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	chunk ring[RING]; /* filled chunks: ring[head .. head+count) */
	unsigned head, count;
	int done;   /* the producer published its last chunk */
	int failed; /* the producer stopped on an error */
	int cancel; /* the consumer gave up: stop producing */
	long rows;
	/* the consumer's own */
	size_t pos;    /* read offset in ring[head] */
	long reported; /* rows last told to the progress callback */
	fb_sha256 sha;
} table_src;

/* The manifest, written last: made when libzip opens it, by which time
 * every table has been streamed and hashed; then its signature. The text
 * is the job's (text, len): the signature's source reads it. */
typedef struct manifest_src {
	fb_manifest *m;
	fb_store *st;             /* for the signature: the device's key */
	int64_t seq;              /* the bundle's sequence number */
	int is_sig;               /* this source is manifest.sig */
	char **mtext;             /* the manifest's text (the job owns it) */
	size_t *mlen;
	char **stext;             /* the signature's (the job owns it) */
	size_t *slen;
	char *text;               /* what this source serves */
	size_t len, pos;
	fb_error *err;            /* a signing failure, for the caller */
	zip_error_t error;
} manifest_src;

/* The source of a table member (ud: a table_src the job filled in; freed at
 * ZIP_SOURCE_FREE). */
zip_int64_t exp_table_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd);
/* The source of the manifest (ud: a manifest_src; freed at ZIP_SOURCE_FREE). */
zip_int64_t exp_manifest_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd);
/* A zip archive written into the open file fd (not closed by it); NULL
 * with errno set. */
zip_t *exp_open_output(int fd);

#endif
