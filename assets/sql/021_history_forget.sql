-- 021_history_forget: a deleted record's history forgets its values.
--
-- From here on each history entry chains a digest of its old and its new
-- value (fb_history_digest: BLAKE2b of the entry's uuid and the value)
-- instead of the values themselves, so a value can be blanked and the chain
-- still holds: an entry whose value is still there is checked against its
-- digest, a blank one is not (history.h). When a record is deleted, the
-- values of its entries are blanked here and wherever the deletion arrives
-- (fb_tombstone_wipe, fb_tombstone_forget_since); the entries keep who,
-- when, which field and what was done. Entries written before this version (no digests) chain
-- their values and keep them: blanking them would break every chain that
-- HQ has already checked. People and work groups are not wiped (020), so
-- their entries keep their values too.
ALTER TABLE history ADD COLUMN old_digest TEXT;
ALTER TABLE history ADD COLUMN new_digest TEXT;

-- History stays append-only but for its change number and that one change:
-- the values of a version 2 entry blanked, once its record is deleted.
DROP TRIGGER history_no_update;
CREATE TRIGGER history_no_update
BEFORE UPDATE OF id, uuid, device, seq, rev, at, actor_uuid, actor_name, group_uuid, tbl,
                 record_uuid, op, field, old_value, new_value, prev_hash, hash, old_digest,
                 new_digest ON history
WHEN NOT (NEW.old_value = '' AND NEW.new_value = '' AND OLD.old_digest <> '' AND
          NEW.old_digest IS OLD.old_digest AND NEW.new_digest IS OLD.new_digest AND
          NEW.id = OLD.id AND NEW.uuid = OLD.uuid AND NEW.device = OLD.device AND
          NEW.seq = OLD.seq AND NEW.rev = OLD.rev AND NEW.at = OLD.at AND
          NEW.actor_uuid = OLD.actor_uuid AND NEW.actor_name = OLD.actor_name AND
          NEW.group_uuid = OLD.group_uuid AND NEW.tbl = OLD.tbl AND
          NEW.record_uuid = OLD.record_uuid AND NEW.op = OLD.op AND NEW.field = OLD.field AND
          NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash AND
  (CASE OLD.tbl
    WHEN 'logs' THEN (SELECT deleted FROM logs WHERE uuid = OLD.record_uuid)
    WHEN 'contacts' THEN (SELECT deleted FROM contacts WHERE uuid = OLD.record_uuid)
    WHEN 'reports' THEN (SELECT deleted FROM reports WHERE uuid = OLD.record_uuid)
    WHEN 'tickets' THEN (SELECT deleted FROM tickets WHERE uuid = OLD.record_uuid)
    WHEN 'targets' THEN (SELECT deleted FROM targets WHERE uuid = OLD.record_uuid)
    WHEN 'units' THEN (SELECT deleted FROM units WHERE uuid = OLD.record_uuid)
    WHEN 'workers' THEN (SELECT deleted FROM workers WHERE uuid = OLD.record_uuid)
    WHEN 'contact_sheets' THEN (SELECT deleted FROM contact_sheets WHERE uuid = OLD.record_uuid)
    WHEN 'calendar_days' THEN (SELECT deleted FROM calendar_days WHERE uuid = OLD.record_uuid)
    WHEN 'leave' THEN (SELECT deleted FROM leave WHERE uuid = OLD.record_uuid)
    WHEN 'report_schedule' THEN (SELECT deleted FROM report_schedule WHERE uuid = OLD.record_uuid)
    WHEN 'report_filings' THEN (SELECT deleted FROM report_filings WHERE uuid = OLD.record_uuid)
    WHEN 'contact_points' THEN (SELECT deleted FROM contact_points WHERE uuid = OLD.record_uuid)
    WHEN 'research_topics' THEN (SELECT deleted FROM research_topics WHERE uuid = OLD.record_uuid)
    WHEN 'pairings' THEN (SELECT deleted FROM pairings WHERE uuid = OLD.record_uuid)
    WHEN 'pairing_visits' THEN (SELECT deleted FROM pairing_visits WHERE uuid = OLD.record_uuid)
  END) = 1)
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
