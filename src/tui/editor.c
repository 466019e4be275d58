/* editor.c - the external editor (see editor.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fieldbook/disk.h"
#include "dialog.h"
#include "editor.h"
#include "term.h"

/* The first of name found on $PATH, as a full path into out; 0 if none. */
static int on_path(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH");
	for (const char *p = path ? path : ""; *p;) {
		size_t n = strcspn(p, ":");
		if (n > 0 && (size_t)snprintf(out, size, "%.*s/%s", (int)n, p, name) < size &&
		    access(out, X_OK) == 0)
			return 1;
		p += n + (p[n] == ':');
	}
	return 0;
}

/* How to save and come back in the editor at path, by what it really is
 * (Debian's "editor" is a link to nano or vim); NULL when unknown. */
static const char *how_to_leave(const char *path)
{
	char real[PATH_MAX];
	const char *name = realpath(path, real) ? strrchr(real, '/') + 1 : strrchr(path, '/') + 1;
	if (strstr(name, "nano"))
		return _("To save and come back: Ctrl-O, Enter, then Ctrl-X.");
	if (name[0] == 'v' || strstr(name, "vim") || !strcmp(name, "nvi"))
		return _("To save and come back: Esc, then type :wq and Enter (:q! leaves without "
		         "saving).");
	return NULL;
}

/* The editor to run into out: $VISUAL, $EDITOR, or editor, nano, vi from
 * the PATH. *chosen is set when it was not the person's own choice (then
 * they are told how to leave it first). 0 if there is none. */
static int find_editor(char *out, size_t size, int *chosen)
{
	static const char *friendly[] = {"editor", "nano", "vi"};
	const char *e = getenv("VISUAL");
	if (!e || !*e)
		e = getenv("EDITOR");
	*chosen = 0;
	if (e && *e) {
		snprintf(out, size, "%s", e);
		return 1;
	}
	*chosen = 1;
	for (size_t i = 0; i < sizeof friendly / sizeof friendly[0]; i++)
		if (on_path(friendly[i], out, size))
			return 1;
	return 0;
}

/* Run editor on path with the terminal handed over; its wait status. */
static int run_editor(const char *editor, const char *path)
{
	int status = -1;
	tui_term_suspend();
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", editor, path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	tui_term_resume();
	return pid > 0 ? status : -1;
}

/* 1 when the person wants to go on into editor (told how to leave it). */
static int may_open(tui_app *app, const char *editor)
{
	char q[600];
	const char *how = how_to_leave(editor);
	snprintf(q, sizeof q, _("The text opens in %s.\n%s\nOpen it?"), editor,
	         how ? how : _("Save the file and quit the editor to come back."));
	return tui_confirm(app, q);
}

/* The file the editor gets (mode 0600, its name into path): in the
 * database's private folder, else (a folder we may not write) in TMPDIR. */
static int edit_file(tui_app *app, char *path, size_t n)
{
	fb_error err;
	int fd = app->db_path ? fb_disk_scratch_file(app->db_path, "edit", ".txt", path, n, &err)
	                      : -1;
	if (fd >= 0)
		return fd;
	const char *tmpdir = getenv("TMPDIR");
	snprintf(path, n, "%s/fieldbook-XXXXXX.txt", tmpdir && *tmpdir ? tmpdir : "/tmp");
	return mkostemps(path, 4, O_CLOEXEC);
}

int tui_external_edit(tui_app *app, const char *text, char **out)
{
	char editor[4096], path[4096];
	int chosen;
	*out = NULL;
	if (!find_editor(editor, sizeof editor, &chosen)) {
		tui_say(app, 1, "%s", _("No text editor was found: type the text here, or set "
		                        "EDITOR (for example EDITOR=nano) and start again."));
		return 0;
	}
	if (chosen && !may_open(app, editor)) {
		tui_say(app, 0, "%s", _("The text stays as it was."));
		return 0;
	}
	/* 0600 in the database's private folder, locked while we wait: a kill
	 * leaves it there, and the next start of fieldbook removes it */
	int fd = edit_file(app, path, sizeof path);
	if (fd < 0)
		return -1;
	size_t n = strlen(text);
	int bad = write(fd, text, n) != (ssize_t)n;
	int status = bad ? -1 : run_editor(editor, path);
	if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		FILE *f = fopen(path, "r");
		if (f) {
			*out = tui_read_all(f, NULL);
			fclose(f);
		}
	}
	unlink(path);
	close(fd);
	return *out ? 1 : -1;
}
