/* lanes.h - what a bundle may change, from who sent it (fieldbook-bundle(5),
 * LANES). The rules are a table, one row per travelling table; the
 * decision for one row is a pure function of facts the importer gathers
 * (lanes.c asks the database for them), so that it can be tested alone. */
#ifndef FB_SYNC_LANES_H
#define FB_SYNC_LANES_H

#include <stdint.h>

/* The rule of one table for a bundle from a station (HQ's lane is every
 * table, every group). */
typedef struct imp_lane_rule {
	const char *table;
	const char *group_col;  /* the column naming the record's group (NULL: none) */
	int group_text;         /* ... by its uuid as text, not a reference ("": HQ's) */
	int own_group;          /* the record is a group itself (work_groups) */
	int hq_only;            /* only headquarters may change it (targets) */
	int roles;              /* people: the role hq only from headquarters */
	const char *via_ticket; /* the record's group is its ticket's (ticket_events), or
	                         * with "log_uuid" its daily log's (log_units, log_workers) */
	const char *actors[3];  /* people the record names, who must be of the group */
	int actor_required;     /* the first actor must be named (a ticket step) */
} imp_lane_rule;

/* The rule of table, or NULL if it has none (a table of no lane). */
const imp_lane_rule *imp_lane_rule_of(const char *table);

/* Why a row is outside the sender's lane. */
typedef enum imp_lane_why {
	LANE_OK,
	LANE_SELF,        /* claims this database's own change, which it never made */
	LANE_HQ_ONLY,     /* a table only headquarters may change */
	LANE_GROUP,       /* the record is another group's */
	LANE_HQ_RECORD,   /* the record is headquarters' (no group) */
	LANE_ROLE_HQ,     /* makes someone headquarters staff */
	LANE_HQ_PERSON,   /* changes headquarters staff */
	LANE_NO_ACTOR,    /* a step without the person who took it */
	LANE_ACTOR_HQ,    /* names headquarters staff as the person acting */
	LANE_ACTOR_GROUP, /* names a person of another group */
	LANE_ORIGIN       /* a change made by a device of another lane */
} imp_lane_why;

#define IMP_LANE_ACTORS 3

/* What the importer knows of one row. Groups are work_groups uuids: ""
 * for none (headquarters' records), NULL for "no such version". */
typedef struct imp_lane_facts {
	const imp_lane_rule *rule;
	int sender_hq;
	int sender_self; /* the bundle says it comes from this database */
	const char *sender_group;
	int changes;             /* the row would change something here */
	int origin_self;         /* its origin is this database's device */
	int origin_other_lane;   /* its origin is a known device of another lane */
	const char *row_group;   /* the group the row names */
	const char *local_group; /* the group of this database's version (NULL: none) */
	int row_role_hq, local_role_hq;
	int nactors;
	const char *actor_group[IMP_LANE_ACTORS]; /* NULL: not named */
	int actor_hq[IMP_LANE_ACTORS];
	int bad_actor; /* out: which actor a LANE_ACTOR_* names */
} imp_lane_facts;

/* The verdict on one row. */
imp_lane_why imp_lane_decide(imp_lane_facts *f);

#endif
