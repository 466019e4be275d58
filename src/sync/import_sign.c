/* import_sign.c - who sent the bundle: manifest.sig checked against the
 * key pinned for its device before the manifest is read, the device's
 * keys pinned (a person compared the fingerprint: --pin) or followed
 * through a rotation record signed by the pinned key, and replays of older
 * bundles refused. What is learnt is written in the import's transaction
 * (imp_record_sender): a refused or dry-run import pins nothing. */
#include <stdio.h>
#include <string.h>

#include "fieldbook/i18n.h"
#include "import.h"

/* Refusals name what to do, with the fingerprint a person compares. */
#define refuse(err, ...) imp_refuse(err, FB_EINVAL, FB_SIG_NAME, __VA_ARGS__)

/* A key the person pinned by typing its fingerprint (--pin). */
static int pin_matches(const importer *im, const char *fp)
{
	return im->opts->pin && fb_key_fingerprint_matches(im->opts->pin, fp);
}

fb_status imp_check_signature(importer *im, const char *sigtext, size_t sn, const char *man,
                              size_t mn, fb_error *err)
{
	fb_bundle_sig *sig = &im->sig;
	fb_status s = fb_sig_parse(sigtext, sn, sig, err);
	if (s)
		return s;
	char fp[FB_FINGERPRINT_SIZE];
	fb_key_fingerprint(&sig->k, fp);
	snprintf(im->sum->fingerprint, sizeof im->sum->fingerprint, "%s", fp);
	snprintf(im->signer.device, sizeof im->signer.device, "%s", sig->device);
	/* The signature first, with the key it names: a bundle changed after it
	 * was signed fails here, whoever signed it. */
	if (!fb_sig_verify(sig, sigtext, man, mn, sig->k.sign))
		return refuse(err, _("the signature does not match the manifest: the bundle was "
		                     "changed after it was signed, or forged; nothing imported"));
	fb_pubkeys own;
	if (!strcmp(sig->device, fb_store_device(im->st)) && fb_keys_own(im->st, &own, NULL) == FB_OK &&
	    !memcmp(own.sign, sig->k.sign, FB_KEY_BYTES)) {
		/* this device's own bundle (checked before it is carried off) */
		im->signer.verified = 1;
		im->pin_kind_known = 1;
		return FB_OK;
	}
	fb_peer_key known, cur;
	int r = fb_peer_find(im->st, sig->device, sig->k.sign, &known, err);
	if (r < 0)
		return err->code;
	if (r > 0) { /* the pinned key (or a retired one, for a bundle made before) */
		im->signer.verified = 1;
		im->signer.is_hq = known.is_hq;
		snprintf(im->signer.group, sizeof im->signer.group, "%s", known.group_uuid);
		im->pin_kind_known = 1;
		return FB_OK;
	}
	if ((r = fb_peer_current(im->st, sig->device, &cur, err)) < 0)
		return err->code;
	if (r > 0 && sig->rotated && !memcmp(sig->prev_sign, cur.k.sign, FB_KEY_BYTES) &&
	    fb_sig_rotation_valid(sig)) {
		/* new keys announced by the pinned ones */
		im->pin = cur;
		im->pin.k = sig->k;
		im->pin.rotated_from = cur.id;
		snprintf(im->pin.pinned_by, sizeof im->pin.pinned_by, "rotation");
		im->pin_new = im->pin_kind_known = 1;
	} else if (r == 0 && im->opts->passphrase) {
		/* a station kit: whoever knew the one-time passphrase sealed it, and
		 * HQ read it out over the phone: its signer is HQ */
		memset(&im->pin, 0, sizeof im->pin);
		snprintf(im->pin.device, sizeof im->pin.device, "%s", sig->device);
		im->pin.k = sig->k;
		im->pin.is_hq = 1;
		snprintf(im->pin.pinned_by, sizeof im->pin.pinned_by, "kit");
		im->pin_new = im->pin_kind_known = 1;
		im->sum->pinned = 1;
	} else if (pin_matches(im, fp)) {
		/* a person compared the fingerprint: a new device, or new keys
		 * without a record (a reinstalled laptop) */
		memset(&im->pin, 0, sizeof im->pin);
		snprintf(im->pin.device, sizeof im->pin.device, "%s", sig->device);
		im->pin.k = sig->k;
		snprintf(im->pin.pinned_by, sizeof im->pin.pinned_by, "fingerprint");
		im->pin_new = 1;
		im->sum->pinned = 1;
	} else if (im->opts->pin) {
		return refuse(err, _("the fingerprint given with --pin (%s) is not this bundle's (%s): "
		                     "nothing imported; compare again with the sender"),
		              im->opts->pin, fp);
	} else if (r > 0) {
		return refuse(err, _("device %s signed this bundle with new keys that its pinned keys "
		                     "did not announce (no rotation record): a forgery, or a "
		                     "reinstalled laptop. Nothing imported. If the station really has "
		                     "new keys, compare the fingerprint %s with what 'fieldbook key "
		                     "show' prints there, then import again with --pin '%s'"),
		              sig->device, fp, fp);
	} else {
		snprintf(im->sum->unknown_device, sizeof im->sum->unknown_device, "%s", sig->device);
		return refuse(err, _("this bundle comes from a device not registered here (%s); its "
		                     "fingerprint is %s. Ask the sender to read out what 'fieldbook key "
		                     "show' prints, compare, then import again with --pin '%s'"),
		              sig->device, fp, fp);
	}
	im->signer.verified = 1;
	return FB_OK;
}

fb_status imp_check_sender(importer *im, fb_error *err)
{
	const fb_manifest *m = im->m;
	if (strcmp(m->source_device, im->sig.device))
		return refuse(err, _("the manifest names device %s, the signature device %s: "
		                     "forged; nothing imported"), m->source_device, im->sig.device);
	if (im->pin_new && !im->pin_kind_known) {
		/* a new device: a station of the group it sends, or HQ */
		im->pin.is_hq = !m->source_group[0];
		snprintf(im->pin.group_uuid, sizeof im->pin.group_uuid, "%s", m->source_group);
	}
	if (im->pin_new) {
		im->signer.is_hq = im->pin.is_hq;
		snprintf(im->signer.group, sizeof im->signer.group, "%s", im->pin.group_uuid);
	}
	if (!strcmp(im->sig.device, fb_store_device(im->st))) {
		/* this device's own bundle: what it says of itself is its own word */
		im->signer.is_hq = !m->source_group[0];
		snprintf(im->signer.group, sizeof im->signer.group, "%s", m->source_group);
	}
	im->have_signer = im->signer.verified;
	sqlite3_stmt *q = fb_store_stmt(im->st, "SELECT last_seq, bundle_id FROM bundle_seq WHERE "
	                                        "device = ?1", err);
	if (!q)
		return err->code ? err->code : FB_EDB;
	sqlite3_bind_text(q, 1, im->sig.device, -1, SQLITE_TRANSIENT);
	int r = fb_store_step(im->st, q, err);
	int64_t last = r > 0 ? sqlite3_column_int64(q, 0) : 0;
	int same = r > 0 && !strcmp((const char *)sqlite3_column_text(q, 1), m->bundle_id);
	sqlite3_reset(q);
	if (r < 0)
		return err->code;
	if (r > 0 && (im->sig.seq < last || (im->sig.seq == last && !same)))
		return refuse(err, _("this bundle is older than one already imported from device %s "
		                     "(made %s): a replayed copy; nothing imported. Import the "
		                     "sender's newest bundle instead"),
		              im->sig.device, m->created_at);
	return FB_OK;
}

fb_status imp_record_sender(importer *im, fb_error *err)
{
	if (im->bare)
		return FB_OK;
	fb_status s;
	if (im->pin_new && (s = fb_peer_pin(im->st, &im->pin, err)))
		return s;
	sqlite3_stmt *u = fb_store_stmt(im->st, "INSERT INTO bundle_seq (device, last_seq, bundle_id, "
	                                        "seen_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(device) "
	                                        "DO UPDATE SET last_seq = excluded.last_seq, "
	                                        "bundle_id = excluded.bundle_id, seen_at = "
	                                        "excluded.seen_at WHERE excluded.last_seq > last_seq",
	                                err);
	if (!u)
		return err->code ? err->code : FB_EDB;
	char now[21];
	sqlite3_bind_text(u, 1, im->sig.device, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(u, 2, im->sig.seq);
	sqlite3_bind_text(u, 3, im->m->bundle_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(u, 4, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	int r = fb_store_step(im->st, u, err);
	sqlite3_reset(u);
	return r < 0 ? err->code : FB_OK;
}
