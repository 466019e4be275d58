/* cmd_verify.c - fieldbook verify: check the history's hash chains of the
 * whole database (every entry's hash, every link, no entry missing of
 * this device's chain or of a chain received whole). Exit 0 when they
 * hold, 1 naming the first broken link. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

static void verify_help(void)
{
	printf(_("Usage: fieldbook verify\n"
	         "Check that no entry of the history was changed or removed: each device's\n"
	         "entries are chained by their hashes. Exit 0 when every chain holds, 1 with\n"
	         "the first broken link.\n"));
}

int cmd_verify(fb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'h') {
			verify_help();
			return EXIT_OK;
		}
		return cli_bad_option("verify", c, argv, optind);
	}
	if (optind < argc)
		return cli_usage("verify", _("unexpected argument '%s'"), argv[optind]);
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_history_break b;
	fb_error err = {0};
	int64_t n = 0;
	int rc = fb_history_verify(cli->st, &b, &n, &err);
	if (rc < 0)
		return cli_fail(&err);
	if (rc > 0) {
		char msg[512];
		return cli_error(EXIT_USER, _("the history does not hold: %s"),
		                 fb_text_visible(b.msg, 0, msg, sizeof msg));
	}
	cli_printf(_("History verified: %lld entries, every chain holds.\n"), (long long)n);
	return EXIT_OK;
}
