/* ticket_impl.h - what the ticket module's files share (ticket.c,
 * ticket_life.c, ticket_step.c, ticket_list.c). Not public API. */
#ifndef FIELDBOOK_TICKET_IMPL_H
#define FIELDBOOK_TICKET_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "fieldbook/perm.h"
#include "fieldbook/ticket.h"

/* ---- the life cycle and the history (ticket_life.c) ---- */

/* The transition table's row of an event kind, NULL if none. */
struct transition;
const struct transition *fb_ticket_find_transition(const char *kind);
/* Insert ev (uuid, revision and origin filled in) with the status after it. */
fb_status fb_ticket_event_insert(fb_store *st, fb_ticket_event *ev, const char *status_after,
                                 fb_error *err);

/* ---- the ticket record (ticket.c) ---- */

/* The ticket id as stored, for a permission check: its group, opener and
 * owner into *on, its routing into routing (may be NULL). FB_ENOTFOUND if
 * there is no live ticket id. */
fb_status fb_ticket_stored(fb_store *st, int64_t id, fb_perm_on *on, char *routing, size_t rsize,
                           fb_error *err);

#endif
