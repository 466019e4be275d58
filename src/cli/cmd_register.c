/* cmd_register.c - fieldbook export --xlsx: the registers for Excel (the
 * logs register, the ticket register, the people) in one workbook. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "output.h"
#include "register.h"

int cli_export_registers(fb_store *st, const char *out, int64_t group_id,
                         void (*progress)(void *ctx, const char *table, long rows))
{
	fb_register_opts o = {
		.group_id = group_id, .progress = progress, .progress_ctx = (void *)"export"};
	fb_register_counts n;
	fb_error err = {0};
	fb_status s = fb_register_write(st, out, &o, &n, &err);
	if (progress)
		fputc('\n', stderr);
	if (s != FB_OK)
		return cli_fail(&err);
	cli_printf(_("Workbook %s written: %ld daily logs, %ld tickets, %ld people.\n"), out,
	           n.logs, n.tickets, n.people);
	return EXIT_OK;
}
