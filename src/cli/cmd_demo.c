/* cmd_demo.c - fieldbook demo: synthetic data of a chosen size. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"

/* The demo's progress on stderr, on one line rewritten (CR); 0 to go on. */
static int show_progress(long done, long total, void *ctx)
{
	(void)ctx;
	putc('\r', stderr);
	fprintf(stderr, _("demo: %ld of %ld daily logs (%ld%%)"), done, total,
	        total ? done * 100 / total : 100);
	if (done >= total)
		putc('\n', stderr);
	return 0;
}

int cmd_demo(fb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"logs", required_argument, NULL, 'n'},
		{"groups", required_argument, NULL, 'g'},
		{"seed", required_argument, NULL, 's'},
		{"end", required_argument, NULL, 'e'},
		{"progress", no_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	fb_demo_opts o = {.logs = 2000};
	long v;
	int c, progress = isatty(2);
	char end[11];
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (cli_int("--logs", optarg, 0, 100000000L, &v))
				return EXIT_USER;
			o.logs = v;
			break;
		case 'g':
			if (cli_int("--groups", optarg, 1, 1000, &v))
				return EXIT_USER;
			o.groups = (int)v;
			break;
		case 's':
			if (cli_int("--seed", optarg, 0, 0x7fffffffL, &v))
				return EXIT_USER;
			o.seed = (uint64_t)v;
			break;
		case 'e':
			if (cli_date("--end", optarg, end))
				return EXIT_USER;
			o.end_on = end;
			break;
		case 'p': progress = 1; break;
		case 'h':
			printf(_("Usage: fieldbook demo [--logs N] [--groups G] [--seed S] [--end "
			         "DATE]\n"
			         "Fill the database with realistic synthetic data: work groups of "
			         "3-5 cadres\n"
			         "with Chinese names, N daily logs (default 2000) of 100-400 "
			         "characters\n"
			         "ending on DATE (default today), contacts, and tickets with "
			         "histories.\n"
			         "The same seed gives the same data.\n"
			         "  --progress   show progress even when stderr is not a "
			         "terminal\n"));
			printf(_("Every person of a demo database signs in with the password %s\n"
			         "(fieldbook --as NAME ...). Demo data goes only into a new "
			         "database or a\n"
			         "demo one.\n"),
			       FB_DEMO_PASSWORD);
			return EXIT_OK;
		default: return cli_bad_option("demo", c, argv, optind);
		}
	}
	if (optind < argc)
		return cli_usage("demo", _("unexpected argument '%s'"), argv[optind]);
	fb_store *st = cli_store(cli, 1);
	if (!st)
		return EXIT_USER;
	if (progress)
		o.progress = show_progress;
	fb_error err = {0};
	if (fb_demo_generate(st, &o, &err) != FB_OK)
		return cli_fail(&err);
	cli_printf(_("Demo data written to %s: %ld daily logs.\n"), cli->db_path, o.logs);
	cli_printf(_("Everyone signs in with the demo password %s.\n"), FB_DEMO_PASSWORD);
	return EXIT_OK;
}
