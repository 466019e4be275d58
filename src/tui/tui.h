/* tui.h - the terminal front end's one entry point (the CLI calls it when no
 * command is given). */
#ifndef FIELDBOOK_TUI_H
#define FIELDBOOK_TUI_H

enum {
	FB_TUI_MKDIRS = 1, /* db_path is the default one: make its missing folders (0700) */
};

/* Run the curses front end on the database at db_path (created if missing;
 * flags: FB_TUI_...). Returns the process exit code: 0 on a normal quit, 1
 * when the database cannot be opened or read or the terminal is unusable
 * (message on stderr), 2 without a terminal. The terminal is restored
 * before returning, also on error. */
int fb_tui_run(const char *db_path, int flags);

#endif
