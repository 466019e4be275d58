/* cmd_key.c - fieldbook key show|rotate|backup|restore: this device's
 * keys. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "fieldbook/keys.h"
#include "output.h"

static void key_help(void)
{
	printf(_("Usage: fieldbook key show|rotate\n"
	         "       fieldbook key backup FILE | key restore FILE\n"
	         "This device's keys: the fingerprint a person at the other end compares\n"
	         "before pinning them (show), new keys announced by the old ones (rotate),\n"
	         "and a backup of the secret keys\n"
	         "protected by a passphrase, asked for on the terminal (or read from the\n"
	         "first line of standard input when it is not a terminal).\n"));
}

/* A passphrase from the terminal (not echoed), or the first line of stdin.
 * Into buf; 0, or -1 if none could be read. */
static int read_passphrase(const char *prompt, char *buf, size_t size)
{
	int tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty) {
		fprintf(stderr, "%s", prompt);
		fflush(stderr);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *got = fgets(buf, (int)size, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!got)
		return -1;
	buf[strcspn(buf, "\r\n")] = 0;
	return 0;
}

static int key_show(fb_store *st)
{
	fb_pubkeys k;
	fb_error err = {0};
	if (fb_keys_own(st, &k, &err))
		return cli_fail(&err);
	char fp[FB_FINGERPRINT_SIZE], sign[65], box[65];
	fb_key_fingerprint(&k, fp);
	sodium_bin2hex(sign, sizeof sign, k.sign, sizeof k.sign);
	sodium_bin2hex(box, sizeof box, k.box, sizeof k.box);
	cli_printf(_("Device:       %s\n"), fb_store_device(st));
	cli_printf(_("Fingerprint:  %s\n"), fp);
	cli_printf(_("Signing key:  %s\n"), sign);
	cli_printf(_("Sealing key:  %s\n"), box);
	return EXIT_OK;
}

static int key_backup(fb_store *st, const char *path, int restore)
{
	char pass[512];
	if (read_passphrase(_("Passphrase: "), pass, sizeof pass))
		return cli_error(EXIT_USER, "%s", _("no passphrase given"));
	fb_error err = {0};
	fb_status s = restore ? fb_keys_restore(st, path, pass, &err)
	                      : fb_keys_backup(st, path, pass, &err);
	sodium_memzero(pass, sizeof pass);
	if (s)
		return cli_fail(&err);
	if (restore)
		cli_printf(_("Keys restored: this database is device %s again.\n"),
		           fb_store_device(st));
	else
		cli_printf(_("Secret keys written to %s, protected by the passphrase. Keep it apart "
		             "from the laptop.\n"), path);
	return EXIT_OK;
}

int cmd_key(fb_cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("key", _("name a subcommand: show, rotate, backup, restore"));
	const char *sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		key_help();
		return EXIT_OK;
	}
	int needs_file = !strcmp(sub, "backup") || !strcmp(sub, "restore");
	if (!needs_file && strcmp(sub, "show") && strcmp(sub, "rotate"))
		return cli_usage("key", _("unknown subcommand '%s'"), sub);
	if (argc != 2 + needs_file)
		return cli_usage("key", needs_file ? _("name the backup file") : _("too many arguments"));
	fb_store *st = cli_store(cli, 0);
	if (!st)
		return EXIT_USER;
	if (!strcmp(sub, "show"))
		return key_show(st);
	if (needs_file)
		return key_backup(st, argv[2], !strcmp(sub, "restore"));
	fb_error err = {0};
	if (fb_keys_rotate(st, &err))
		return cli_fail(&err);
	cli_printf(_("New keys made; the old ones signed them. The next bundle tells the other "
	             "side.\n"));
	return key_show(st);
}
