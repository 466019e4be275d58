/* summary.c - what an import found: its issues and notes, the summary as
 * JSON (one line, codes not labels: for scripts), table labels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/encode.h"
#include "fieldbook/i18n.h"
#include "fieldbook/text.h"
#include "import.h"
#include "sync_internal.h"

/* Fill an issue, its texts cut to fit and made visible. */
static void put_issue(fb_sync_issue *is, int conflict, const char *file, long line,
                      const char *field, const char *uuid, const char *msg)
{
	is->conflict = conflict;
	fb_text_copy(file ? file : "", is->file, sizeof is->file);
	is->line = line;
	fb_text_visible(field ? field : "", 0, is->field, sizeof is->field);
	snprintf(is->uuid, sizeof is->uuid, "%s", uuid ? uuid : "");
	fb_text_visible(msg, 0, is->msg, sizeof is->msg);
}

void fb_sync_add_issue(fb_sync_summary *sum, int conflict, const char *file, long line,
                       const char *field, const char *uuid, const char *msg)
{
	if (sum->nissues >= FB_SYNC_MAX_ISSUES) {
		sum->more_issues++;
		return;
	}
	put_issue(&sum->issue[sum->nissues++], conflict, file, line, field, uuid, msg);
}

void fb_sync_set_what(fb_sync_summary *sum, const char *what)
{
	if (sum->nissues && !sum->more_issues)
		fb_text_visible(what, 0, sum->issue[sum->nissues - 1].what,
		                sizeof sum->issue[0].what);
}

void fb_sync_add_note(fb_sync_summary *sum, const char *file, long line, const char *field,
                      const char *msg)
{
	if (sum->nnotes >= FB_SYNC_MAX_NOTES) {
		sum->more_notes++;
		return;
	}
	put_issue(&sum->note[sum->nnotes++], 0, file, line, field, NULL, msg);
}

const char *fb_sync_table_label(const char *table)
{
	for (int i = 0; i < fb_sync_ntables; i++)
		if (!strcmp(fb_sync_tables[i].name, table))
			return _(fb_sync_tables[i].label);
	return table;
}

void fb_sync_json_str(FILE *f, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char small[256], *out = FB_JSON_MAX(n) <= sizeof small ? small : malloc(FB_JSON_MAX(n));
	if (!out) { /* out of memory: an empty string, never a torn one */
		fputs("\"\"", f);
		return;
	}
	fwrite(out, 1, fb_json_encode(out, s ? s : "", n), f);
	if (out != small)
		free(out);
}

/* The issues (or notes) as a JSON array of objects. */
static void json_issues(FILE *f, const fb_sync_issue *list, int n, const char *note_kind)
{
	fputc('[', f);
	for (int i = 0; i < n; i++) {
		const fb_sync_issue *is = &list[i];
		fprintf(f, "%s{\"kind\":\"%s\",\"file\":", i ? "," : "",
		        note_kind      ? note_kind
		        : is->conflict ? "conflict"
		                       : "rejected");
		fb_sync_json_str(f, is->file);
		fprintf(f, ",\"line\":%ld,\"field\":", is->line);
		fb_sync_json_str(f, is->field);
		fputs(",\"uuid\":", f);
		fb_sync_json_str(f, is->uuid);
		if (is->what[0]) {
			fputs(",\"what\":", f);
			fb_sync_json_str(f, is->what);
		}
		fputs(",\"message\":", f);
		fb_sync_json_str(f, is->msg);
		fputc('}', f);
	}
	fputc(']', f);
}

char *fb_sync_summary_json(const fb_sync_summary *sum)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	static const char *const keys[] = {"bundle_id", "source_device", "source_group",
	                                   "source_group_name", "created_at"};
	const char *vals[] = {sum->bundle_id, sum->source_device, sum->source_group,
	                      sum->source_group_name, sum->created_at};
	for (int i = 0; i < 5; i++) {
		fprintf(f, "%s\"%s\":", i ? "," : "{", keys[i]);
		fb_sync_json_str(f, vals[i]);
	}
	fprintf(f, ",\"fingerprint\":\"%s\",\"pinned\":%s", sum->fingerprint,
	        sum->pinned ? "true" : "false");
	fprintf(f,
	        ",\"from_hq\":%s,\"clock_behind_days\":%ld,\"clone_suspected\":%s,"
	        "\"clone_note\":",
	        sum->sender_hq ? "true" : "false", sum->clock_behind_days,
	        sum->clone_suspected ? "true" : "false");
	fb_sync_json_str(f, sum->clone_note);
	fprintf(f,
	        ",\"dry_run\":%s,\"already_imported\":%s,\"converted_from_gb18030\":%d,"
	        "\"tables\":{",
	        sum->dry_run ? "true" : "false", sum->already ? "true" : "false", sum->converted);
	for (int i = 0; i < sum->ntables; i++) {
		const fb_sync_counts *c = &sum->t[i];
		fprintf(f,
		        "%s\"%s\":{\"rows\":%ld,\"inserted\":%ld,\"updated\":%ld,\"unchanged\":%ld,"
		        "\"conflicts\":%ld,\"rejected\":%ld}",
		        i ? "," : "", c->table, c->rows, c->inserted, c->updated, c->unchanged,
		        c->conflicts, c->rejected);
	}
	fputs("},\"issues\":", f);
	json_issues(f, sum->issue, sum->nissues, NULL);
	fprintf(f, ",\"more_issues\":%ld,\"notes\":", sum->more_issues);
	json_issues(f, sum->note, sum->nnotes, "note");
	fprintf(f, ",\"more_notes\":%ld}", sum->more_notes);
	fclose(f);
	return buf;
}

void fb_sync_summary_identity(fb_sync_summary *sum, const fb_manifest *m)
{
	snprintf(sum->bundle_id, sizeof sum->bundle_id, "%s", m->bundle_id);
	snprintf(sum->source_device, sizeof sum->source_device, "%s", m->source_device);
	snprintf(sum->source_group, sizeof sum->source_group, "%s", m->source_group);
	snprintf(sum->source_group_name, sizeof sum->source_group_name, "%s", m->source_group_name);
	snprintf(sum->created_at, sizeof sum->created_at, "%s", m->created_at);
	sum->rev_from = m->rev_from;
	sum->rev_to = m->rev_to;
}
