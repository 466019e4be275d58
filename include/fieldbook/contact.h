/* contact.h - the contacts ledger: enterprises, workers, households and
 * grassroots unions met. Names, phones and ID numbers are personal data:
 * optional, stored as text. */
#ifndef FIELDBOOK_CONTACT_H
#define FIELDBOOK_CONTACT_H

#include <stdint.h>
#include "fieldbook/store.h"

typedef struct fb_contact {
	int64_t id;
	char uuid[37];
	int64_t group_id;
	int64_t log_id;       /* the log it was met in, 0 if none */
	char *kind;           /* category contact_kind: enterprise, worker, household, union */
	char *name;           /* required */
	char *org;            /* the enterprise / union it belongs to */
	char *subkind;        /* enterprise_kind or worker_kind code, optional */
	char *phone;          /* text */
	char *id_number;      /* text */
	char *note;
	char *met_on;         /* YYYY-MM-DD */
	int64_t rev;
	int deleted;
} fb_contact;

fb_status fb_contact_validate(fb_store *st, const fb_contact *c, fb_error *err);
fb_status fb_contact_save(fb_store *st, fb_contact *c, fb_error *err);
fb_status fb_contact_get(fb_store *st, int64_t id, fb_contact *out, fb_error *err);
void fb_contact_free(fb_contact *c);

#endif
