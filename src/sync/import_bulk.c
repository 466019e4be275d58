/* import_bulk.c - the text index during an import. A bundle that brings
 * many logs into a database that holds far fewer (a first import, a new
 * HQ) drops the index triggers and rebuilds the index once at the end, in
 * the same transaction; a smaller one defers only its new logs and indexes
 * them in one sorted pass (search.h). A rollback puts everything back. */
#include "import.h"

void imp_bulk_free(importer *im)
{
	fb_search_bulk_free(&im->bulk);
	im->bulk_on = 0;
}

int imp_bulk_size(importer *im, const fb_manifest_file *mf)
{
	long min = im->opts->bulk_min > 0 ? im->opts->bulk_min : IMP_DEFAULT_BULK_MIN;
	if (!mf || mf->rows < min)
		return 0;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(im->db, "SELECT coalesce(max(id), 0) FROM logs", -1, &s, NULL))
		return 0;
	fb_error err = {0};
	long have = fb_store_step(im->st, s, &err) == 1 ? (long)sqlite3_column_int64(s, 0) : -1;
	sqlite3_finalize(s);
	return have >= 0 && mf->rows >= 2 * have; /* unknown: the ordinary path */
}

fb_status imp_bulk_begin(importer *im, const fb_manifest_file *mf, fb_error *err)
{
	if (im->known_content || !mf || mf->rows < 1)
		return FB_OK;
	fb_status rc = im->bulk_load ? fb_search_bulk_begin(im->st, &im->bulk, err)
	                             : fb_search_defer_begin(im->st, &im->bulk, err);
	im->bulk_on = rc == FB_OK;
	return rc;
}

fb_status imp_bulk_end(importer *im, fb_error *err)
{
	if (!im->bulk_on)
		return FB_OK;
	im->bulk_on = 0;
	return fb_search_bulk_end(im->st, &im->bulk, err);
}
