/* secret.c - passwords for --as: read from --password-fd N (scripts) or
 * from the terminal with echo off, never from the command line. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

/* One line from fd into buf without its line end, byte by byte (so that
 * nothing after the line is taken from a pipe the next read needs).
 * 1 read (an empty line at the end of input), -1 error (errno) or too long
 * (errno 0). */
static int read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;
	for (;;) {
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0 || c == '\n')
			break;
		if (n + 1 >= size)
			return -1;
		buf[n++] = c;
	}
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return 1;
}

/* The terminal's echo goes back on after a signal too. */
static struct termios saved_tio;
static int tty_fd = -1;

static void restore_echo(int sig)
{
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSAFLUSH, &saved_tio);
	signal(sig, SIG_DFL);
	raise(sig);
}

int cli_secret(fb_cli *cli, const char *prompt, char *buf, size_t size)
{
	buf[0] = '\0';
	errno = 0;
	if (cli->password_fd >= 0) {
		int r = read_line(cli->password_fd, buf, size);
		if (r < 0)
			return cli_error(EXIT_USER, _("cannot read the password from --password-fd %d: "
			                              "%s"),
			                 cli->password_fd,
			                 errno ? strerror(errno) : _("the line is too long"));
		return EXIT_OK;
	}
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return cli_error(EXIT_USER, _("no terminal to ask for the password: give it on a file "
		                              "descriptor with --password-fd N"));
	struct termios tio;
	int have_tio = tcgetattr(fd, &tio) == 0;
	if (have_tio) {
		saved_tio = tio;
		tty_fd = fd;
		signal(SIGINT, restore_echo);
		signal(SIGTERM, restore_echo);
		tio.c_lflag &= ~(tcflag_t)ECHO;
		tio.c_lflag |= ECHONL;
		tcsetattr(fd, TCSAFLUSH, &tio);
	}
	if (write(fd, prompt, strlen(prompt)) < 0) { /* the prompt is best effort */
	}
	int r = read_line(fd, buf, size);
	if (have_tio) {
		tcsetattr(fd, TCSAFLUSH, &saved_tio);
		tty_fd = -1;
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
	}
	close(fd);
	if (r < 0)
		return cli_error(EXIT_USER, _("cannot read the password from the terminal"));
	return EXIT_OK;
}

int cli_new_secret(fb_cli *cli, const char *prompt, char *buf, size_t size)
{
	if (cli_secret(cli, prompt, buf, size))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_auth_secret_check(buf, &err) != FB_OK)
		return cli_fail(&err);
	if (cli->password_fd < 0) {
		char again[160];
		if (cli_secret(cli, _("Once more: "), again, sizeof again))
			return EXIT_USER;
		int same = !strcmp(buf, again);
		explicit_bzero(again, sizeof again);
		if (!same)
			return cli_error(EXIT_USER, _("the two passwords differ; nothing was changed"));
	}
	return EXIT_OK;
}
