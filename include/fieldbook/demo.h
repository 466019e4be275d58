/* demo.h - realistic synthetic data (Chinese names, units, text). */
#ifndef FIELDBOOK_DEMO_H
#define FIELDBOOK_DEMO_H

#include <stdint.h>
#include "fieldbook/store.h"

typedef struct fb_demo_opts {
	long logs;          /* daily logs to write */
	int groups;         /* work groups (3-5 people each) */
	uint64_t seed;      /* same seed, same data */
	const char *end_on; /* last day of logs, YYYY-MM-DD (default: today) */
	/* called every ~1% and at the end; non-zero return cancels (rolled back) */
	int (*progress)(long done, long total, void *ctx);
	void *ctx;
} fb_demo_opts;

/* Fill the store: groups, people, logs with contacts, tickets with
 * histories. One transaction per batch of logs. */
fb_status fb_demo_generate(fb_store *st, const fb_demo_opts *o, fb_error *err);

#endif
