/* screens.h - the screens, each in its own file over the runtime and the
 * runners; main.c (the entry point) opens them. A screen never opens
 * another file's screen: the home screen says where to go and main.c goes
 * there. */
#ifndef TUI_SCREENS_H
#define TUI_SCREENS_H

#include "app.h"
#include "view.h"

/* setup.c: the welcome screen of an empty database (set up my group, or
 * demo data). 0 when the database has a group now, -1 to quit. */
int tui_first_run(tui_app *app);

/* home.c: where to go from the home screen. */
typedef enum tui_go {
	TUI_GO_QUIT,
	TUI_GO_LOGS,
	TUI_GO_TICKETS,
	TUI_GO_MINE,
	TUI_GO_NEWLOG,
	TUI_GO_NEWTICKET,
	TUI_GO_PEOPLE,
	TUI_GO_WHO,
	TUI_GO_REPORTS,
	TUI_GO_SYNC,
	TUI_GO_DUE,
	TUI_GO_LEDGER,
	TUI_GO_INBOX,
	TUI_GO_CONFLICTS
} tui_go;
/* The home screen (today's log, my tickets, this week against the targets)
 * until a key says where to go. */
tui_go tui_home(tui_app *app);

/* hq.c: headquarters' home (every group side by side, what needs HQ
 * today) until a key says where to go. */
tui_go tui_hq_home(tui_app *app);

/* logs.c: the list, a log's details, the form. */
void tui_logs(tui_app *app);
/* Edit a log (id 0: new); draft_text restores a draft. Returns 1 if saved. */
int tui_log_form(tui_app *app, int64_t id, const char *draft_text);

/* tickets.c: the list (mine: my open tickets), details with the timeline
 * and the actions, the form (as tui_log_form). */
void tui_tickets(tui_app *app, int mine);
int tui_ticket_form(tui_app *app, int64_t id, const char *draft_text);

/* history.c: the history of record uuid of table (who, when, field: old →
 * new), oldest first, under title. */
void tui_history(tui_app *app, const char *title, const char *table, const char *uuid);

/* people.c: people and groups; adding a person to my group. */
void tui_people(tui_app *app);

/* reports.c: the reports list, compiling, a report and its sections. */
void tui_reports(tui_app *app);
/* One report (its deadline, sections, submitting): for the reports due. */
void tui_report_open(tui_app *app, int64_t id);
/* reports_due.c: the reports due, their deadlines and states. */
void tui_reports_due(tui_app *app);

/* ledger.c: the contact ledger: my group's units (matching as typed),
 * a unit's details; coverage of my group and of me, where to go next. */
void tui_ledger(tui_app *app);
void tui_coverage(tui_app *app);

/* sync.c: bundles: export, check, import. */
void tui_sync(tui_app *app);
/* Progress of a bundle's export or import (fb_*_opts.progress; ctx: the app). */
void tui_sync_progress(void *ctx, const char *table, long rows);
/* The counts per table and the issues of an import (or an export's rows)
 * into a view; the inbox shows a bundle's result with it. */
struct fb_sync_summary;
void tui_sync_summary_fill(tui_view *v, const struct fb_sync_summary *sum, int exported);

/* conflicts.c: conflicts to settle (station and HQ alike): the list, both
 * versions of one, keep or take. */
void tui_conflicts(tui_app *app);
/* A line in a record's details when it has an open conflict (uuid). */
void tui_conflict_note(tui_app *app, tui_view *v, const char *uuid);

/* inbox.c: headquarters' inbox: a folder of bundles, each checked or
 * imported (one or all) with progress and its result. */
void tui_inbox(tui_app *app);

#endif
