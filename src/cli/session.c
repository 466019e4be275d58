/* session.c - the command line's session: the database opened on demand
 * and the person signed in as --as, through the core (fieldbook/auth.h),
 * with the password read by secret.c. */
#include <stdio.h>

#include "cli.h"
#include "fieldbook/disk.h"

fb_store *cli_store(fb_cli *cli, int create)
{
	if (cli->st)
		return cli->st;
	fb_error err = {0};
	/* A database we may read but not write (a copy on a read-only stick)
	 * still shows its contents; a write then says it is read-only. */
	int flags = create ? FB_OPEN_CREATE : FB_OPEN_MAY_READONLY;
	if (create && cli->default_path)
		flags |= FB_OPEN_MKDIRS;
	fb_status s = fb_store_open(cli->db_path, flags, &cli->st, &err);
	if (s != FB_OK) {
		cli_fail(&err);
		return NULL;
	}
	/* what a killed export or editor session left behind goes */
	if (!fb_store_readonly(cli->st))
		fb_disk_clean_leftovers(cli->db_path);
	/* what cannot be had (write-ahead logging...) is said once; a read-only
	 * file says so at the first write, in one line */
	if (fb_store_warning(cli->st) && !fb_store_readonly(cli->st))
		cli_error(0, _("warning: %s"), fb_store_warning(cli->st));
	if (!cli->defer_sign_in && cli_sign_in(cli) != EXIT_OK)
		return NULL;
	return cli->st;
}

int cli_sign_in(fb_cli *cli)
{
	if (!cli->as || cli->signed_in)
		return EXIT_OK;
	fb_error err = {0};
	/* a database being set up has nobody to sign in as yet: its first
	 * bundle or `init` puts people on its roster */
	int setting_up = fb_auth_setting_up(cli->st, &err);
	if (setting_up < 0)
		return cli_fail(&err);
	if (setting_up)
		return EXIT_OK;
	char prompt[256];
	snprintf(prompt, sizeof prompt, _("Password or PIN for %s: "), cli->as);
	if (cli_secret(cli, prompt, cli->secret, sizeof cli->secret))
		return EXIT_USER;
	fb_auth_result r;
	if (fb_auth_sign_in(cli->st, cli->as, cli->secret, &r, &err) != FB_OK) {
		char f[64];
		snprintf(f, sizeof f, "--as %s", cli->as);
		fb_text_copy(f, err.field, sizeof err.field);
		return cli_fail(&err);
	}
	cli->signed_in = 1;
	if (r.first && cli->password_fd < 0) /* a script's stderr stays one line */
		cli_note(_("%s had no password yet: the one given is theirs from now on"), cli->as);
	if (r.must_change)
		cli_note(_("the password of %s was reset: change it with 'fieldbook --as NAME person "
		           "passwd'"),
		         cli->as);
	return EXIT_OK;
}
