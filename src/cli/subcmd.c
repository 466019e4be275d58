/* subcmd.c - the frame every command with subcommands shares (fieldbook
 * unit add, log list ...): choosing the subcommand, reading its options,
 * and naming the option behind a field the core refused. What the values
 * mean is the command's; parsing a value is cli.c's. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

int cli_subcommand(fb_cli *cli, const char *cmd, int argc, char **argv, const cli_sub *subs,
                   size_t n, void (*help)(void))
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		help();
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (size_t i = 0; i < n; i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].fn(cli, argc, argv);
	return cli_usage(cmd, _("unknown subcommand '%s'"), argv[1]);
}

int cli_options(const char *cmd, int argc, char **argv, int skip, const struct option *opts,
                int first, const char **v, void (*help)(void))
{
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc - skip, argv + skip, ":h", opts, NULL)) != -1) {
		if (c == 'h') {
			help();
			return -1;
		}
		if (c == ':' || c == '?')
			return cli_bad_option(cmd, c, argv + skip, optind);
		v[c - first] = optarg ? optarg : "1";
	}
	return 0;
}

int cli_sub_options(const char *cmd, int argc, char **argv, int first, const struct option *opts,
                    int lo, const char **v, size_t nv, void (*help)(void))
{
	memset(v, 0, nv * sizeof *v);
	int rc = cli_options(cmd, argc, argv, first - 1, opts, lo, v, help);
	if (rc)
		return rc;
	if (optind < argc - first + 1)
		return cli_usage(cmd, _("unexpected argument '%s'"), argv[first - 1 + optind]);
	return 0;
}

int cli_fail_field(fb_error *err, const char *const (*map)[2], size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(err->field, map[i][0])) {
			snprintf(err->field, sizeof err->field, "%s", map[i][1]);
			break;
		}
	return cli_fail(err);
}
