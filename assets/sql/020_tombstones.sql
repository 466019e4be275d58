-- 020_tombstones: deleted means gone. A deleted record keeps only what sync
-- and the permission lanes need (uuid, group and other references, dates,
-- codes, counts, origin, revision, deleted); its free text and personal
-- fields are blanked, in this database and so in every bundle it travels in.
-- The core does it for every row deleted from now on, here or by an import
-- (fb_tombstone_wipe, tombstone.c, which lists the columns); this migration
-- does it for the tombstones already here. secure_delete is on
-- (store_open.c), so the old text does not stay in free pages.
-- Not wiped: people and work groups (a removed member's name still signs the
-- records they wrote).

-- logs
UPDATE logs SET unit = '', content = '', findings = '', actions = '', next_step = '' WHERE deleted = 1 AND (unit <> '' OR content <> '' OR findings <> '' OR actions <> '' OR next_step <> '');

-- contacts
UPDATE contacts SET name = '', org = '', phone = '', id_number = '', note = '' WHERE deleted = 1 AND (name <> '' OR org <> '' OR phone <> '' OR id_number <> '' OR note <> '');

-- tickets
UPDATE tickets SET title = '', description = '', unit = '', raised_by = '' WHERE deleted = 1 AND (title <> '' OR description <> '' OR unit <> '' OR raised_by <> '');

-- targets
UPDATE targets SET note = '' WHERE deleted = 1 AND (note <> '');

-- units
UPDATE units SET name = '', sector = '', address = '', contact_person = '', contact_phone = '', note = '' WHERE deleted = 1 AND (name <> '' OR sector <> '' OR address <> '' OR contact_person <> '' OR contact_phone <> '' OR note <> '');

-- workers
UPDATE workers SET name = '', phone = '', id_number = '', raised = '' WHERE deleted = 1 AND (name <> '' OR phone <> '' OR id_number <> '' OR raised <> '');

-- contact_sheets
UPDATE contact_sheets SET met_with = '', content = '', opinions = '', problem = '', handed_to = '', feedback = '' WHERE deleted = 1 AND (met_with <> '' OR content <> '' OR opinions <> '' OR problem <> '' OR handed_to <> '' OR feedback <> '');

-- calendar_days
UPDATE calendar_days SET name = '' WHERE deleted = 1 AND (name <> '');

-- leave
UPDATE leave SET reason = '' WHERE deleted = 1 AND (reason <> '');

-- report_schedule
UPDATE report_schedule SET title = '', circular = '' WHERE deleted = 1 AND (title <> '' OR circular <> '');

-- report_filings
UPDATE report_filings SET note = '' WHERE deleted = 1 AND (note <> '');

-- contact_points
UPDATE contact_points SET liaison_name = '', liaison_phone = '', note = '' WHERE deleted = 1 AND (liaison_name <> '' OR liaison_phone <> '' OR note <> '');

-- research_topics
UPDATE research_topics SET title = '', description = '' WHERE deleted = 1 AND (title <> '' OR description <> '');

-- pairings
UPDATE pairings SET note = '' WHERE deleted = 1 AND (note <> '');

-- pairing_visits
UPDATE pairing_visits SET note = '' WHERE deleted = 1 AND (note <> '');

-- reports (the pre-filled text too)
UPDATE reports SET work_done = '', research = '', problems = '', next_plan = '', figures = '', prefill = NULL WHERE deleted = 1 AND (work_done <> '' OR research <> '' OR problems <> '' OR next_plan <> '' OR figures <> '' OR prefill IS NOT NULL);

-- A deleted ticket's steps go with it: they keep their kind, actor, time and
-- status, and lose their text. The append-only rule allows exactly that
-- change and no other.
DROP TRIGGER ticket_events_no_update;
CREATE TRIGGER ticket_events_no_update
BEFORE UPDATE OF id, uuid, ticket_id, kind, actor_id, at, body, dept, routing, status_after,
                 origin, rev ON ticket_events
WHEN NOT (NEW.body = '' AND NEW.dept = '' AND NEW.id = OLD.id AND NEW.uuid = OLD.uuid AND
          NEW.ticket_id = OLD.ticket_id AND NEW.kind = OLD.kind AND
          NEW.actor_id IS OLD.actor_id AND NEW.at = OLD.at AND NEW.routing IS OLD.routing AND
          NEW.status_after = OLD.status_after AND NEW.origin = OLD.origin AND
          NEW.rev = OLD.rev AND
          (SELECT deleted FROM tickets WHERE id = OLD.ticket_id) = 1)
BEGIN SELECT RAISE(ABORT, 'ticket history is append-only'); END;
UPDATE ticket_events SET body = '', dept = ''
WHERE (body <> '' OR dept <> '') AND ticket_id IN (SELECT id FROM tickets WHERE deleted = 1);
