/* draft.c - the draft file (see draft.h). */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fieldbook/file.h"
#include "fieldbook/store.h"
#include "fieldbook/text.h"
#include "draft.h"

int tui_draft_save(tui_draft *d)
{
	char tmp[sizeof d->path + 16];
	if (!d->form || !d->path[0])
		return -1;
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", d->path);
	int fd = mkstemp(tmp); /* mode 0600 */
	if (fd < 0)
		return -1;
	char *body = tui_form_serialize(d->form);
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		free(body);
		return -1;
	}
	fprintf(f, "fieldbook-draft 1\nkind=%s\nid=%lld\nuuid=%s\nperson=%lld\nsaved=%lld\n--\n%s",
	        d->kind, (long long)d->id, d->uuid, (long long)d->person, (long long)time(NULL),
	        body);
	free(body);
	/* fsync, rename over the old draft, fsync the folder (a power cut then
	 * leaves the old draft or the new one, whole) */
	int bad = fflush(f) != 0 || fb_file_commit(fileno(f), tmp, d->path, NULL) != FB_OK;
	if (fclose(f) != 0)
		bad = 1;
	if (bad) {
		unlink(tmp); /* fb_file_commit removed it when it failed; fflush did not */
		return -1;
	}
	d->saved = time(NULL);
	return 0;
}

void tui_draft_autosave(tui_draft *d)
{
	if (d->form && time(NULL) - d->saved >= d->interval && tui_form_dirty(d->form))
		tui_draft_save(d);
}

int tui_draft_load(const char *path, tui_draft_file *out)
{
	FILE *f = fopen(path, "r");
	char line[256];
	long long v;
	memset(out, 0, sizeof *out);
	if (!f)
		return 0;
	if (!fgets(line, sizeof line, f) || strncmp(line, "fieldbook-draft 1", 17)) {
		fclose(f);
		return 0;
	}
	while (fgets(line, sizeof line, f) && strcmp(line, "--\n")) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "kind=", 5))
			fb_text_copy(line + 5, out->kind, sizeof out->kind);
		else if (!strncmp(line, "uuid=", 5) && fb_uuid_valid(line + 5))
			memcpy(out->uuid, line + 5, 37); /* valid: 36 characters and NUL */
		else if (sscanf(line, "id=%lld", &v) == 1)
			out->id = v;
		else if (sscanf(line, "person=%lld", &v) == 1)
			out->person = v;
		else if (sscanf(line, "saved=%lld", &v) == 1)
			out->saved = (time_t)v;
	}
	out->text = tui_read_all(f, NULL);
	fclose(f);
	if (!out->kind[0]) {
		tui_draft_file_free(out);
		return 0;
	}
	return 1;
}

void tui_draft_file_free(tui_draft_file *f)
{
	free(f->text);
	f->text = NULL;
}

void tui_draft_remove(const tui_draft *d)
{
	/* the folder synced too: a draft of a saved record must not come back
	 * after a power cut (it would be offered again) */
	if (d->path[0] && unlink(d->path) == 0)
		fb_file_sync_dir(d->path, NULL);
}

/* An autosave killed between mkstemp() and rename() leaves DB.draft.XXXXXX
 * behind (mode 0600, personal data): remove those older than a minute (a
 * younger one may be another fieldbook's autosave in progress). */
void tui_draft_remove_stale(const tui_draft *d)
{
	char pattern[sizeof d->path + 16];
	glob_t g;
	snprintf(pattern, sizeof pattern, "%s.??????", d->path);
	if (glob(pattern, GLOB_NOSORT, NULL, &g) != 0)
		return;
	time_t now = time(NULL);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct stat sb;
		if (lstat(g.gl_pathv[i], &sb) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_uid == getuid() && now - sb.st_mtime > 60)
			unlink(g.gl_pathv[i]);
	}
	globfree(&g);
}
