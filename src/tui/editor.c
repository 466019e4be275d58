/* editor.c - the external editor (see editor.h). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "editor.h"
#include "term.h"

char *tui_external_edit(tui_app *app, const char *text)
{
	const char *tmpdir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/fieldbook-XXXXXX.txt", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemps(path, 4);
	if (fd < 0)
		return NULL;
	size_t n = strlen(text);
	if (write(fd, text, n) != (ssize_t)n) {
		close(fd);
		unlink(path);
		return NULL;
	}
	close(fd);
	const char *editor = getenv("VISUAL");
	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	tui_term_suspend();
	pid_t pid = fork();
	int status = -1;
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
	(void)app;
	char *out = NULL;
	if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		FILE *f = fopen(path, "r");
		if (f) {
			out = tui_read_all(f, NULL);
			fclose(f);
		}
	}
	unlink(path);
	return out;
}
