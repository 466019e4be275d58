/* limits_table.h - the one table of field limits (limits.h says what each
 * column means). Included twice: by validate.c to build fb_limits[], and by
 * internal.h to name each entry (FB_L_LOGS_UNIT...), so the validators
 * reach their entry without a search. Not public API. */

/* X(id, record, field, kind, required, min, max, when, category, words) */
#define FB_LIMIT_TABLE(X)                                                                             \
	X(GROUPS_NAME, "work_groups", "name", FB_FIELD_NAME, 1, 0, 40, 0, NULL, NULL)                 \
	X(GROUPS_STATION, "work_groups", "station", FB_FIELD_NAME, 1, 0, 60, 0, NULL, NULL)           \
	X(GROUPS_STATION_KIND, "work_groups", "station_kind", FB_FIELD_CODE, 0, 0, 0, 0,              \
	  "station_kind", NULL)                                                                       \
	X(GROUPS_COUNTY, "work_groups", "county", FB_FIELD_NAME, 0, 0, 40, 0, NULL, NULL)             \
	X(GROUPS_SUPERVISOR, "work_groups", "supervisor", FB_FIELD_NAME, 0, 0, 16, 0, NULL, NULL)     \
	X(GROUPS_STARTED_ON, "work_groups", "started_on", FB_FIELD_DATE, 0, 0, 0, FB_WHEN_PLAN,       \
	  NULL, NULL)                                                                                 \
	X(GROUPS_ENDS_ON, "work_groups", "ends_on", FB_FIELD_DATE, 0, 0, 0, FB_WHEN_PLAN, NULL, NULL) \
                                                                                                      \
	X(PEOPLE_NAME, "people", "name", FB_FIELD_NAME, 1, 0, 16, 0, NULL, NULL)                      \
	X(PEOPLE_ROLE, "people", "role", FB_FIELD_CODE, 1, 0, 0, 0, "role", NULL)                     \
	X(PEOPLE_UNIT, "people", "unit", FB_FIELD_NAME, 0, 0, 60, 0, NULL, NULL)                      \
	X(PEOPLE_PHONE, "people", "phone", FB_FIELD_PHONE, 0, 0, 32, 0, NULL, NULL)                   \
	X(PEOPLE_JOINED_ON, "people", "joined_on", FB_FIELD_DATE, 0, 0, 0, FB_WHEN_PLAN, NULL, NULL)  \
                                                                                                      \
	X(LOGS_DATE, "logs", "date", FB_FIELD_DATE, 1, 0, 0, FB_WHEN_PAST, NULL, NULL)                \
	X(LOGS_UNIT, "logs", "unit", FB_FIELD_NAME, 1, 0, 100, 0, NULL, NULL)                         \
	X(LOGS_ACTIVITY, "logs", "activity", FB_FIELD_CODE, 1, 0, 0, 0, "activity", NULL)             \
	X(LOGS_ENTERPRISE_KINDS, "logs", "enterprise_kinds", FB_FIELD_MASK, 0, 0, 0, 0,               \
	  "enterprise_kind", NULL)                                                                    \
	X(LOGS_WORKER_KINDS, "logs", "worker_kinds", FB_FIELD_MASK, 0, 0, 0, 0, "worker_kind", NULL)  \
	X(LOGS_ENTERPRISES, "logs", "enterprises", FB_FIELD_COUNT, 0, 0, 1000, 0, NULL, NULL)         \
	X(LOGS_WORKERS, "logs", "workers", FB_FIELD_COUNT, 0, 0, 10000, 0, NULL, NULL)                \
	X(LOGS_HOUSEHOLDS, "logs", "households", FB_FIELD_COUNT, 0, 0, 1000, 0, NULL, NULL)           \
	X(LOGS_CONTENT, "logs", "content", FB_FIELD_TEXT, 1, 0, FB_TEXT_MAX_CHARS, 0, NULL, NULL)     \
	X(LOGS_FINDINGS, "logs", "findings", FB_FIELD_TEXT, 0, 0, FB_TEXT_MAX_CHARS, 0, NULL, NULL)   \
	X(LOGS_ACTIONS, "logs", "actions", FB_FIELD_TEXT, 0, 0, FB_TEXT_MAX_CHARS, 0, NULL, NULL)     \
	X(LOGS_NEXT_STEP, "logs", "next_step", FB_FIELD_TEXT, 0, 0, FB_TEXT_MAX_CHARS, 0, NULL, NULL) \
                                                                                                      \
	X(CONTACTS_KIND, "contacts", "kind", FB_FIELD_CODE, 1, 0, 0, 0, "contact_kind", NULL)         \
	X(CONTACTS_NAME, "contacts", "name", FB_FIELD_NAME, 1, 0, 60, 0, NULL, NULL)                  \
	X(CONTACTS_ORG, "contacts", "org", FB_FIELD_NAME, 0, 0, 100, 0, NULL, NULL)                   \
	X(CONTACTS_SUBKIND, "contacts", "subkind", FB_FIELD_CODE, 0, 0, 0, 0,                         \
	  "enterprise_kind|worker_kind", NULL)                                                        \
	X(CONTACTS_PHONE, "contacts", "phone", FB_FIELD_PHONE, 0, 0, 32, 0, NULL, NULL)               \
	X(CONTACTS_ID_NUMBER, "contacts", "id_number", FB_FIELD_NAME, 0, 0, 32, 0, NULL, NULL)        \
	X(CONTACTS_NOTE, "contacts", "note", FB_FIELD_TEXT, 0, 0, 2000, 0, NULL, NULL)                \
	X(CONTACTS_MET_ON, "contacts", "met_on", FB_FIELD_DATE, 0, 0, 0, FB_WHEN_PAST, NULL, NULL)    \
                                                                                                      \
	X(UNITS_KIND, "units", "kind", FB_FIELD_CODE, 1, 0, 0, 0, "contact_kind", NULL)               \
	X(UNITS_NAME, "units", "name", FB_FIELD_NAME, 1, 0, 100, 0, NULL, NULL)                       \
	X(UNITS_ENTERPRISE_KINDS, "units", "enterprise_kinds", FB_FIELD_MASK, 0, 0, 0, 0,             \
	  "enterprise_kind", NULL)                                                                    \
	X(UNITS_OWNERSHIP, "units", "ownership", FB_FIELD_CODE, 0, 0, 0, 0, "ownership", NULL)        \
	X(UNITS_SECTOR, "units", "sector", FB_FIELD_NAME, 0, 0, 40, 0, NULL, NULL)                    \
	X(UNITS_HEADCOUNT, "units", "headcount", FB_FIELD_COUNT, 0, 0, 1000000, 0, NULL, NULL)        \
	X(UNITS_ADDRESS, "units", "address", FB_FIELD_LINE, 0, 0, 100, 0, NULL, NULL)                 \
	X(UNITS_HAS_UNION, "units", "has_union", FB_FIELD_WORD, 0, 0, 0, 0, NULL, fb_words_has_union) \
	X(UNITS_CONTACT_PERSON, "units", "contact_person", FB_FIELD_NAME, 0, 0, 30, 0, NULL, NULL)    \
	X(UNITS_CONTACT_PHONE, "units", "contact_phone", FB_FIELD_PHONE, 0, 0, 32, 0, NULL, NULL)     \
	X(UNITS_NOTE, "units", "note", FB_FIELD_TEXT, 0, 0, 2000, 0, NULL, NULL)                      \
                                                                                                      \
	X(WORKERS_NAME, "workers", "name", FB_FIELD_NAME, 1, 0, 16, 0, NULL, NULL)                    \
	X(WORKERS_PHONE, "workers", "phone", FB_FIELD_PHONE, 0, 0, 32, 0, NULL, NULL)                 \
	X(WORKERS_ID_NUMBER, "workers", "id_number", FB_FIELD_NAME, 0, 0, 18, 0, NULL, NULL)          \
	X(WORKERS_WORKER_KINDS, "workers", "worker_kinds", FB_FIELD_MASK, 0, 0, 0, 0,                 \
	  "worker_kind", NULL)                                                                        \
	X(WORKERS_RAISED, "workers", "raised", FB_FIELD_TEXT, 0, 0, 2000, 0, NULL, NULL)              \
                                                                                                      \
	X(LINKS_MODE, "log_units", "mode", FB_FIELD_CODE, 1, 0, 0, 0, "contact_mode", NULL)           \
                                                                                                      \
	X(SHEETS_DATE, "contact_sheets", "date", FB_FIELD_DATE, 1, 0, 0, FB_WHEN_PAST, NULL, NULL)    \
	X(SHEETS_MODE, "contact_sheets", "mode", FB_FIELD_CODE, 1, 0, 0, 0, "contact_mode", NULL)     \
	X(SHEETS_MET_WITH, "contact_sheets", "met_with", FB_FIELD_NAME, 0, 0, 60, 0, NULL, NULL)      \
	X(SHEETS_CONTENT, "contact_sheets", "content", FB_FIELD_TEXT, 1, 0, FB_TEXT_MAX_CHARS, 0,     \
	  NULL, NULL)                                                                                 \
	X(SHEETS_OPINIONS, "contact_sheets", "opinions", FB_FIELD_TEXT, 0, 0, FB_TEXT_MAX_CHARS,      \
	  0, NULL, NULL)                                                                              \
	X(SHEETS_PROBLEM, "contact_sheets", "problem", FB_FIELD_TEXT, 0, 0, FB_TEXT_MAX_CHARS, 0,     \
	  NULL, NULL)                                                                                 \
	X(SHEETS_BEYOND, "contact_sheets", "beyond", FB_FIELD_COUNT, 0, 0, 1, 0, NULL, NULL)          \
	X(SHEETS_HANDED_TO, "contact_sheets", "handed_to", FB_FIELD_NAME, 0, 0, 60, 0, NULL, NULL)    \
	X(SHEETS_FEEDBACK, "contact_sheets", "feedback", FB_FIELD_TEXT, 0, 0, FB_TEXT_MAX_CHARS,      \
	  0, NULL, NULL)                                                                              \
	X(SHEETS_FILED_ON, "contact_sheets", "filed_on", FB_FIELD_DATE, 0, 0, 0, FB_WHEN_PAST,        \
	  NULL, NULL)                                                                                 \
                                                                                                      \
	X(TICKETS_OPENED_ON, "tickets", "opened_on", FB_FIELD_DATE, 1, 0, 0, FB_WHEN_PAST, NULL,      \
	  NULL)                                                                                       \
	X(TICKETS_DUE_ON, "tickets", "due_on", FB_FIELD_DATE, 0, 0, 0, FB_WHEN_PLAN, NULL, NULL)      \
	X(TICKETS_TITLE, "tickets", "title", FB_FIELD_NAME, 1, 0, 100, 0, NULL, NULL)                 \
	X(TICKETS_DESCRIPTION, "tickets", "description", FB_FIELD_TEXT, 1, 0, FB_TEXT_MAX_CHARS,      \
	  0, NULL, NULL)                                                                              \
	X(TICKETS_UNIT, "tickets", "unit", FB_FIELD_NAME, 0, 0, 100, 0, NULL, NULL)                   \
	X(TICKETS_RAISED_BY, "tickets", "raised_by", FB_FIELD_NAME, 0, 0, 60, 0, NULL, NULL)          \
	X(TICKETS_CATEGORY, "tickets", "category", FB_FIELD_CODE, 1, 0, 0, 0, "problem", NULL)        \
	X(TICKETS_ROUTING, "tickets", "routing", FB_FIELD_CODE, 1, 0, 0, 0, "routing", NULL)          \
	X(TICKETS_STATUS, "tickets", "status", FB_FIELD_CODE, 0, 0, 0, 0, "ticket_status", NULL)      \
                                                                                                      \
	X(EVENTS_KIND, "ticket_events", "kind", FB_FIELD_CODE, 1, 0, 0, 0, "ticket_event", NULL)      \
	X(EVENTS_AT, "ticket_events", "at", FB_FIELD_TIME, 0, 0, 0, FB_WHEN_PAST, NULL, NULL)         \
	X(EVENTS_BODY, "ticket_events", "body", FB_FIELD_TEXT, 0, 0, FB_TEXT_MAX_CHARS, 0, NULL,      \
	  NULL)                                                                                       \
	X(EVENTS_DEPT, "ticket_events", "dept", FB_FIELD_NAME, 0, 0, 60, 0, NULL, NULL)               \
	X(EVENTS_ROUTING, "ticket_events", "routing", FB_FIELD_CODE, 0, 0, 0, 0, "routing", NULL)     \
	X(EVENTS_STATUS_AFTER, "ticket_events", "status_after", FB_FIELD_CODE, 0, 0, 0, 0,            \
	  "ticket_status", NULL)                                                                      \
                                                                                                      \
	X(REPORTS_KIND, "reports", "kind", FB_FIELD_WORD, 1, 0, 0, 0, NULL, fb_words_report_kind)     \
	X(REPORTS_PERIOD_START, "reports", "period_start", FB_FIELD_DATE, 1, 0, 0, FB_WHEN_PAST,      \
	  NULL, NULL)                                                                                 \
	X(REPORTS_PERIOD_END, "reports", "period_end", FB_FIELD_DATE, 1, 0, 0, FB_WHEN_PLAN, NULL,    \
	  NULL)                                                                                       \
	X(REPORTS_PERIOD_LABEL, "reports", "period_label", FB_FIELD_NAME, 1, 0, 23, 0, NULL, NULL)    \
	X(REPORTS_REVISION_NO, "reports", "revision_no", FB_FIELD_COUNT, 1, 1, 1000000, 0, NULL,      \
	  NULL)                                                                                       \
	X(REPORTS_STATUS, "reports", "status", FB_FIELD_WORD, 1, 0, 0, 0, NULL,                       \
	  fb_words_report_status)                                                                     \
	X(REPORTS_WORK_DONE, "reports", "work_done", FB_FIELD_TEXT, 0, 0, FB_TEXT_MAX_CHARS, 0,       \
	  NULL, NULL)                                                                                 \
	X(REPORTS_RESEARCH, "reports", "research", FB_FIELD_TEXT, 0, 0, FB_TEXT_MAX_CHARS, 0,         \
	  NULL, NULL)                                                                                 \
	X(REPORTS_PROBLEMS, "reports", "problems", FB_FIELD_TEXT, 0, 0, FB_TEXT_MAX_CHARS, 0,         \
	  NULL, NULL)                                                                                 \
	X(REPORTS_NEXT_PLAN, "reports", "next_plan", FB_FIELD_TEXT, 0, 0, FB_TEXT_MAX_CHARS, 0,       \
	  NULL, NULL)                                                                                 \
	X(REPORTS_FIGURES, "reports", "figures", FB_FIELD_TEXT, 0, 0, FB_FIELD_MAX_BYTES / 4, 0,      \
	  NULL, NULL)                                                                                 \
	X(REPORTS_SUBMITTED_AT, "reports", "submitted_at", FB_FIELD_TIME, 0, 0, 0, FB_WHEN_PAST,      \
	  NULL, NULL)                                                                                 \
                                                                                                      \
	X(POINTS_SINCE, "contact_points", "since", FB_FIELD_DATE, 1, 0, 0, FB_WHEN_PAST, NULL, NULL)  \
	X(POINTS_LIAISON_NAME, "contact_points", "liaison_name", FB_FIELD_NAME, 0, 0, 16, 0, NULL,    \
	  NULL)                                                                                       \
	X(POINTS_LIAISON_PHONE, "contact_points", "liaison_phone", FB_FIELD_PHONE, 0, 0, 32, 0,       \
	  NULL, NULL)                                                                                 \
	X(POINTS_NOTE, "contact_points", "note", FB_FIELD_TEXT, 0, 0, 2000, 0, NULL, NULL)            \
	X(TOPICS_YEAR, "research_topics", "year", FB_FIELD_COUNT, 1, 2000, 2100, 0, NULL, NULL)       \
	X(TOPICS_TITLE, "research_topics", "title", FB_FIELD_LINE, 1, 0, 100, 0, NULL, NULL)          \
	X(TOPICS_DESCRIPTION, "research_topics", "description", FB_FIELD_TEXT, 0, 0,                  \
	  FB_TEXT_MAX_CHARS, 0, NULL, NULL)                                                           \
	X(PAIRINGS_SINCE, "pairings", "since", FB_FIELD_DATE, 1, 0, 0, FB_WHEN_PLAN, NULL, NULL)      \
	X(PAIRINGS_NOTE, "pairings", "note", FB_FIELD_TEXT, 0, 0, 2000, 0, NULL, NULL)                \
	X(PVISITS_DATE, "pairing_visits", "date", FB_FIELD_DATE, 1, 0, 0, FB_WHEN_PAST, NULL, NULL)   \
	X(PVISITS_MODE, "pairing_visits", "mode", FB_FIELD_CODE, 1, 0, 0, 0, "contact_mode", NULL)    \
	X(PVISITS_NOTE, "pairing_visits", "note", FB_FIELD_TEXT, 0, 0, 2000, 0, NULL, NULL)           \
                                                                                                      \
	X(TARGETS_SCOPE, "targets", "scope", FB_FIELD_WORD, 1, 0, 0, 0, NULL, fb_words_target_scope)  \
	X(TARGETS_METRIC, "targets", "metric", FB_FIELD_WORD, 1, 0, 0, 0, NULL,                       \
	  fb_words_target_metric)                                                                     \
	X(TARGETS_PERIOD, "targets", "period", FB_FIELD_WORD, 1, 0, 0, 0, NULL,                       \
	  fb_words_target_period)                                                                     \
	X(TARGETS_VALUE, "targets", "value", FB_FIELD_COUNT, 0, 0, 100000, 0, NULL, NULL)             \
	X(TARGETS_NOTE, "targets", "note", FB_FIELD_LINE, 0, 0, 80, 0, NULL, NULL)                    \
                                                                                                      \
	X(HQ_FEDERATION, "hq", "federation", FB_FIELD_NAME, 1, 0, 60, 0, NULL, NULL)                  \
	X(HQ_DEPARTMENT, "hq", "department", FB_FIELD_NAME, 0, 0, 60, 0, NULL, NULL)                  \
	X(HQ_BUNDLE_DAYS, "hq", "bundle_days", FB_FIELD_COUNT, 1, 1, 366, 0, NULL, NULL)              \
                                                                                                      \
	X(SYNC_REV, "*", "rev", FB_FIELD_COUNT, 1, 0, INT64_MAX, 0, NULL, NULL)                       \
	X(SYNC_UPDATED_AT, "*", "updated_at", FB_FIELD_TIME, 1, 0, 0, FB_WHEN_PAST, NULL, NULL)       \
	X(SYNC_DELETED, "*", "deleted", FB_FIELD_COUNT, 1, 0, 1, 0, NULL, NULL)
