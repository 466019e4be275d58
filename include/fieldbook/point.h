/* point.h - contact points (联系点, circular 000), the research topics HQ
 * publishes for a year (调研课题) taken up by contact points, and the
 * pairing of an HQ leader with a county union (circular 001) with its
 * visits (at least FB_PAIRING_VISITS_A_YEAR a year).
 *
 * Who may: a contact point is written by its group's leader or by HQ
 * (point.write); topics only by HQ (topic.write); pairings and their
 * visits only by HQ (pairing.write). Every change is in the history; the
 * research liaison's (调研联络员) name and phone are personal data, sealed
 * at rest as workers' are, and kept out of the history. */
#ifndef FIELDBOOK_POINT_H
#define FIELDBOOK_POINT_H

#include <stdint.h>
#include "fieldbook/page.h"
#include "fieldbook/store.h"

#define FB_PAIRING_VISITS_A_YEAR 2

typedef struct fb_point {
	int64_t id;
	char uuid[37];
	int64_t group_id;    /* read only: the unit's group */
	int64_t unit_id;     /* required: a live unit */
	char since[11];      /* YYYY-MM-DD, required, not in the future */
	char *liaison_name;  /* 调研联络员 (personal) */
	char *liaison_phone; /* (personal) */
	int64_t leader_id;   /* the HQ leader responsible: a person of role hq, 0 none */
	char *note;
	int64_t rev;                   /* read only */
	char *unit_name, *leader_name; /* joined, read only */
} fb_point;

typedef struct fb_point_row {
	int64_t id;
	char since[11];
	char unit[304];
	char leader[64];
	char group[64];
	int topics; /* topics taken up */
} fb_point_row;

fb_status fb_point_validate(fb_store *st, const fb_point *p, fb_error *err);
/* Insert (id 0) or update. */
fb_status fb_point_save(fb_store *st, fb_point *p, fb_error *err);
fb_status fb_point_get(fb_store *st, int64_t id, fb_point *out, fb_error *err);
void fb_point_free(fb_point *p);
fb_status fb_point_delete(fb_store *st, int64_t id, fb_error *err);
/* Keyset page, oldest first (since, id); group 0 any. */
int fb_point_page(fb_store *st, int64_t group_id, fb_page_dir dir, const fb_cursor *from,
                  fb_point_row *rows, int max, fb_error *err);
void fb_point_row_cursor(const fb_point_row *row, fb_cursor *c);
/* Contact point `point` takes up topic `topic` (point.write on the point);
 * FB_ESTATE if it already has. */
fb_status fb_point_take_topic(fb_store *st, int64_t point, int64_t topic, fb_error *err);

/* A contact point's topic as a bundle brings it: the point live and of
 * group_id, the topic live. */
typedef struct fb_point_topic {
	int64_t group_id, point_id, topic_id;
} fb_point_topic;
fb_status fb_point_topic_validate(fb_store *st, const fb_point_topic *t, fb_error *err);

typedef struct fb_topic {
	int64_t id;
	char uuid[37];
	int year;    /* 2000..2100 */
	char *title; /* one line, required */
	char *description;
	int64_t published_by; /* read only: the HQ person who published it */
	int64_t rev;
} fb_topic;

typedef struct fb_topic_row {
	int64_t id;
	int year;
	char title[304];
	int points; /* contact points that took it up */
} fb_topic_row;

fb_status fb_topic_validate(fb_store *st, const fb_topic *t, fb_error *err);
fb_status fb_topic_save(fb_store *st, fb_topic *t, fb_error *err);
fb_status fb_topic_get(fb_store *st, int64_t id, fb_topic *out, fb_error *err);
void fb_topic_free(fb_topic *t);
/* Keyset page (year, id), newest year first; year 0 any. */
int fb_topic_page(fb_store *st, int year, fb_page_dir dir, const fb_cursor *from,
                  fb_topic_row *rows, int max, fb_error *err);
void fb_topic_row_cursor(const fb_topic_row *row, fb_cursor *c);

typedef struct fb_pairing {
	int64_t id;
	char uuid[37];
	int64_t group_id;  /* read only: the unit's group */
	int64_t leader_id; /* required: a person of role hq */
	int64_t unit_id;   /* required: a live unit, the county union */
	char since[11];
	char *note;
	int64_t rev;
} fb_pairing;

typedef struct fb_pairing_row {
	int64_t id;
	char leader[64];
	char unit[304];
	char since[11];
	int visits_year; /* visits in the year asked for */
} fb_pairing_row;

typedef struct fb_pairing_visit {
	int64_t id;
	char uuid[37];
	int64_t pairing_id;
	char date[11];
	char mode[32]; /* category contact_mode; "" = on_site */
	char *note;
} fb_pairing_visit;

fb_status fb_pairing_validate(fb_store *st, const fb_pairing *p, fb_error *err);
fb_status fb_pairing_save(fb_store *st, fb_pairing *p, fb_error *err);
fb_status fb_pairing_visit_validate(fb_store *st, const fb_pairing_visit *v, fb_error *err);
fb_status fb_pairing_visit_add(fb_store *st, fb_pairing_visit *v, fb_error *err);
/* Keyset page by id; visits_year counts the visits of `year`. */
int fb_pairing_page(fb_store *st, int year, fb_page_dir dir, const fb_cursor *from,
                    fb_pairing_row *rows, int max, fb_error *err);
void fb_pairing_row_cursor(const fb_pairing_row *row, fb_cursor *c);

#endif
