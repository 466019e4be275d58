-- 020_tombstones: deleted means gone. A deleted record keeps only what sync
-- and the permission lanes need (uuid, group and other references, dates,
-- codes, counts, origin, revision, deleted); its free text and personal
-- fields are blanked, in this database and so in every bundle it travels in.
-- Triggers do it, so every way a record is deleted obeys: a delete here, a
-- tombstone arriving in a bundle (from any fieldbook, with or without its
-- text), a deleted record edited later by an older peer. secure_delete is on
-- (store_open.c), so the old text does not stay in free pages.
-- Not wiped: people and work groups (a removed member's name still signs the
-- records they wrote) and the history, whose entries are evidence.
--
-- Each table: wipe on insert of a tombstone, wipe when a row becomes (or
-- stays) deleted with text in it, and wipe the tombstones already here.
-- A trigger's own UPDATE leaves every text blank, so it does not fire again.

-- logs
CREATE TRIGGER logs_wipe_insert AFTER INSERT ON logs
WHEN NEW.deleted = 1 AND (NEW.unit <> '' OR NEW.content <> '' OR NEW.findings <> '' OR NEW.actions <> '' OR NEW.next_step <> '') BEGIN
  UPDATE logs SET unit = '', content = '', findings = '', actions = '', next_step = '' WHERE id = NEW.id;
END;
CREATE TRIGGER logs_wipe_update AFTER UPDATE OF deleted, unit, content, findings, actions, next_step ON logs
WHEN NEW.deleted = 1 AND (NEW.unit <> '' OR NEW.content <> '' OR NEW.findings <> '' OR NEW.actions <> '' OR NEW.next_step <> '') BEGIN
  UPDATE logs SET unit = '', content = '', findings = '', actions = '', next_step = '' WHERE id = NEW.id;
END;
UPDATE logs SET unit = '', content = '', findings = '', actions = '', next_step = '' WHERE deleted = 1 AND (unit <> '' OR content <> '' OR findings <> '' OR actions <> '' OR next_step <> '');

-- contacts
CREATE TRIGGER contacts_wipe_insert AFTER INSERT ON contacts
WHEN NEW.deleted = 1 AND (NEW.name <> '' OR NEW.org <> '' OR NEW.phone <> '' OR NEW.id_number <> '' OR NEW.note <> '') BEGIN
  UPDATE contacts SET name = '', org = '', phone = '', id_number = '', note = '' WHERE id = NEW.id;
END;
CREATE TRIGGER contacts_wipe_update AFTER UPDATE OF deleted, name, org, phone, id_number, note ON contacts
WHEN NEW.deleted = 1 AND (NEW.name <> '' OR NEW.org <> '' OR NEW.phone <> '' OR NEW.id_number <> '' OR NEW.note <> '') BEGIN
  UPDATE contacts SET name = '', org = '', phone = '', id_number = '', note = '' WHERE id = NEW.id;
END;
UPDATE contacts SET name = '', org = '', phone = '', id_number = '', note = '' WHERE deleted = 1 AND (name <> '' OR org <> '' OR phone <> '' OR id_number <> '' OR note <> '');

-- tickets
CREATE TRIGGER tickets_wipe_insert AFTER INSERT ON tickets
WHEN NEW.deleted = 1 AND (NEW.title <> '' OR NEW.description <> '' OR NEW.unit <> '' OR NEW.raised_by <> '') BEGIN
  UPDATE tickets SET title = '', description = '', unit = '', raised_by = '' WHERE id = NEW.id;
END;
CREATE TRIGGER tickets_wipe_update AFTER UPDATE OF deleted, title, description, unit, raised_by ON tickets
WHEN NEW.deleted = 1 AND (NEW.title <> '' OR NEW.description <> '' OR NEW.unit <> '' OR NEW.raised_by <> '') BEGIN
  UPDATE tickets SET title = '', description = '', unit = '', raised_by = '' WHERE id = NEW.id;
END;
UPDATE tickets SET title = '', description = '', unit = '', raised_by = '' WHERE deleted = 1 AND (title <> '' OR description <> '' OR unit <> '' OR raised_by <> '');

-- targets
CREATE TRIGGER targets_wipe_insert AFTER INSERT ON targets
WHEN NEW.deleted = 1 AND (NEW.note <> '') BEGIN
  UPDATE targets SET note = '' WHERE id = NEW.id;
END;
CREATE TRIGGER targets_wipe_update AFTER UPDATE OF deleted, note ON targets
WHEN NEW.deleted = 1 AND (NEW.note <> '') BEGIN
  UPDATE targets SET note = '' WHERE id = NEW.id;
END;
UPDATE targets SET note = '' WHERE deleted = 1 AND (note <> '');

-- units
CREATE TRIGGER units_wipe_insert AFTER INSERT ON units
WHEN NEW.deleted = 1 AND (NEW.name <> '' OR NEW.sector <> '' OR NEW.address <> '' OR NEW.contact_person <> '' OR NEW.contact_phone <> '' OR NEW.note <> '') BEGIN
  UPDATE units SET name = '', sector = '', address = '', contact_person = '', contact_phone = '', note = '' WHERE id = NEW.id;
END;
CREATE TRIGGER units_wipe_update AFTER UPDATE OF deleted, name, sector, address, contact_person, contact_phone, note ON units
WHEN NEW.deleted = 1 AND (NEW.name <> '' OR NEW.sector <> '' OR NEW.address <> '' OR NEW.contact_person <> '' OR NEW.contact_phone <> '' OR NEW.note <> '') BEGIN
  UPDATE units SET name = '', sector = '', address = '', contact_person = '', contact_phone = '', note = '' WHERE id = NEW.id;
END;
UPDATE units SET name = '', sector = '', address = '', contact_person = '', contact_phone = '', note = '' WHERE deleted = 1 AND (name <> '' OR sector <> '' OR address <> '' OR contact_person <> '' OR contact_phone <> '' OR note <> '');

-- workers
CREATE TRIGGER workers_wipe_insert AFTER INSERT ON workers
WHEN NEW.deleted = 1 AND (NEW.name <> '' OR NEW.phone <> '' OR NEW.id_number <> '' OR NEW.raised <> '') BEGIN
  UPDATE workers SET name = '', phone = '', id_number = '', raised = '' WHERE id = NEW.id;
END;
CREATE TRIGGER workers_wipe_update AFTER UPDATE OF deleted, name, phone, id_number, raised ON workers
WHEN NEW.deleted = 1 AND (NEW.name <> '' OR NEW.phone <> '' OR NEW.id_number <> '' OR NEW.raised <> '') BEGIN
  UPDATE workers SET name = '', phone = '', id_number = '', raised = '' WHERE id = NEW.id;
END;
UPDATE workers SET name = '', phone = '', id_number = '', raised = '' WHERE deleted = 1 AND (name <> '' OR phone <> '' OR id_number <> '' OR raised <> '');

-- contact_sheets
CREATE TRIGGER contact_sheets_wipe_insert AFTER INSERT ON contact_sheets
WHEN NEW.deleted = 1 AND (NEW.met_with <> '' OR NEW.content <> '' OR NEW.opinions <> '' OR NEW.problem <> '' OR NEW.handed_to <> '' OR NEW.feedback <> '') BEGIN
  UPDATE contact_sheets SET met_with = '', content = '', opinions = '', problem = '', handed_to = '', feedback = '' WHERE id = NEW.id;
END;
CREATE TRIGGER contact_sheets_wipe_update AFTER UPDATE OF deleted, met_with, content, opinions, problem, handed_to, feedback ON contact_sheets
WHEN NEW.deleted = 1 AND (NEW.met_with <> '' OR NEW.content <> '' OR NEW.opinions <> '' OR NEW.problem <> '' OR NEW.handed_to <> '' OR NEW.feedback <> '') BEGIN
  UPDATE contact_sheets SET met_with = '', content = '', opinions = '', problem = '', handed_to = '', feedback = '' WHERE id = NEW.id;
END;
UPDATE contact_sheets SET met_with = '', content = '', opinions = '', problem = '', handed_to = '', feedback = '' WHERE deleted = 1 AND (met_with <> '' OR content <> '' OR opinions <> '' OR problem <> '' OR handed_to <> '' OR feedback <> '');

-- calendar_days
CREATE TRIGGER calendar_days_wipe_insert AFTER INSERT ON calendar_days
WHEN NEW.deleted = 1 AND (NEW.name <> '') BEGIN
  UPDATE calendar_days SET name = '' WHERE id = NEW.id;
END;
CREATE TRIGGER calendar_days_wipe_update AFTER UPDATE OF deleted, name ON calendar_days
WHEN NEW.deleted = 1 AND (NEW.name <> '') BEGIN
  UPDATE calendar_days SET name = '' WHERE id = NEW.id;
END;
UPDATE calendar_days SET name = '' WHERE deleted = 1 AND (name <> '');

-- leave
CREATE TRIGGER leave_wipe_insert AFTER INSERT ON leave
WHEN NEW.deleted = 1 AND (NEW.reason <> '') BEGIN
  UPDATE leave SET reason = '' WHERE id = NEW.id;
END;
CREATE TRIGGER leave_wipe_update AFTER UPDATE OF deleted, reason ON leave
WHEN NEW.deleted = 1 AND (NEW.reason <> '') BEGIN
  UPDATE leave SET reason = '' WHERE id = NEW.id;
END;
UPDATE leave SET reason = '' WHERE deleted = 1 AND (reason <> '');

-- report_schedule
CREATE TRIGGER report_schedule_wipe_insert AFTER INSERT ON report_schedule
WHEN NEW.deleted = 1 AND (NEW.title <> '' OR NEW.circular <> '') BEGIN
  UPDATE report_schedule SET title = '', circular = '' WHERE id = NEW.id;
END;
CREATE TRIGGER report_schedule_wipe_update AFTER UPDATE OF deleted, title, circular ON report_schedule
WHEN NEW.deleted = 1 AND (NEW.title <> '' OR NEW.circular <> '') BEGIN
  UPDATE report_schedule SET title = '', circular = '' WHERE id = NEW.id;
END;
UPDATE report_schedule SET title = '', circular = '' WHERE deleted = 1 AND (title <> '' OR circular <> '');

-- report_filings
CREATE TRIGGER report_filings_wipe_insert AFTER INSERT ON report_filings
WHEN NEW.deleted = 1 AND (NEW.note <> '') BEGIN
  UPDATE report_filings SET note = '' WHERE id = NEW.id;
END;
CREATE TRIGGER report_filings_wipe_update AFTER UPDATE OF deleted, note ON report_filings
WHEN NEW.deleted = 1 AND (NEW.note <> '') BEGIN
  UPDATE report_filings SET note = '' WHERE id = NEW.id;
END;
UPDATE report_filings SET note = '' WHERE deleted = 1 AND (note <> '');

-- contact_points
CREATE TRIGGER contact_points_wipe_insert AFTER INSERT ON contact_points
WHEN NEW.deleted = 1 AND (NEW.liaison_name <> '' OR NEW.liaison_phone <> '' OR NEW.note <> '') BEGIN
  UPDATE contact_points SET liaison_name = '', liaison_phone = '', note = '' WHERE id = NEW.id;
END;
CREATE TRIGGER contact_points_wipe_update AFTER UPDATE OF deleted, liaison_name, liaison_phone, note ON contact_points
WHEN NEW.deleted = 1 AND (NEW.liaison_name <> '' OR NEW.liaison_phone <> '' OR NEW.note <> '') BEGIN
  UPDATE contact_points SET liaison_name = '', liaison_phone = '', note = '' WHERE id = NEW.id;
END;
UPDATE contact_points SET liaison_name = '', liaison_phone = '', note = '' WHERE deleted = 1 AND (liaison_name <> '' OR liaison_phone <> '' OR note <> '');

-- research_topics
CREATE TRIGGER research_topics_wipe_insert AFTER INSERT ON research_topics
WHEN NEW.deleted = 1 AND (NEW.title <> '' OR NEW.description <> '') BEGIN
  UPDATE research_topics SET title = '', description = '' WHERE id = NEW.id;
END;
CREATE TRIGGER research_topics_wipe_update AFTER UPDATE OF deleted, title, description ON research_topics
WHEN NEW.deleted = 1 AND (NEW.title <> '' OR NEW.description <> '') BEGIN
  UPDATE research_topics SET title = '', description = '' WHERE id = NEW.id;
END;
UPDATE research_topics SET title = '', description = '' WHERE deleted = 1 AND (title <> '' OR description <> '');

-- pairings
CREATE TRIGGER pairings_wipe_insert AFTER INSERT ON pairings
WHEN NEW.deleted = 1 AND (NEW.note <> '') BEGIN
  UPDATE pairings SET note = '' WHERE id = NEW.id;
END;
CREATE TRIGGER pairings_wipe_update AFTER UPDATE OF deleted, note ON pairings
WHEN NEW.deleted = 1 AND (NEW.note <> '') BEGIN
  UPDATE pairings SET note = '' WHERE id = NEW.id;
END;
UPDATE pairings SET note = '' WHERE deleted = 1 AND (note <> '');

-- pairing_visits
CREATE TRIGGER pairing_visits_wipe_insert AFTER INSERT ON pairing_visits
WHEN NEW.deleted = 1 AND (NEW.note <> '') BEGIN
  UPDATE pairing_visits SET note = '' WHERE id = NEW.id;
END;
CREATE TRIGGER pairing_visits_wipe_update AFTER UPDATE OF deleted, note ON pairing_visits
WHEN NEW.deleted = 1 AND (NEW.note <> '') BEGIN
  UPDATE pairing_visits SET note = '' WHERE id = NEW.id;
END;
UPDATE pairing_visits SET note = '' WHERE deleted = 1 AND (note <> '');

-- reports (the pre-filled text too)
CREATE TRIGGER reports_wipe_insert AFTER INSERT ON reports
WHEN NEW.deleted = 1 AND (NEW.work_done <> '' OR NEW.research <> '' OR NEW.problems <> '' OR NEW.next_plan <> '' OR NEW.figures <> '' OR NEW.prefill IS NOT NULL) BEGIN
  UPDATE reports SET work_done = '', research = '', problems = '', next_plan = '', figures = '', prefill = NULL WHERE id = NEW.id;
END;
CREATE TRIGGER reports_wipe_update AFTER UPDATE OF deleted, work_done, research, problems, next_plan, figures, prefill ON reports
WHEN NEW.deleted = 1 AND (NEW.work_done <> '' OR NEW.research <> '' OR NEW.problems <> '' OR NEW.next_plan <> '' OR NEW.figures <> '' OR NEW.prefill IS NOT NULL) BEGIN
  UPDATE reports SET work_done = '', research = '', problems = '', next_plan = '', figures = '', prefill = NULL WHERE id = NEW.id;
END;
UPDATE reports SET work_done = '', research = '', problems = '', next_plan = '', figures = '', prefill = NULL WHERE deleted = 1 AND (work_done <> '' OR research <> '' OR problems <> '' OR next_plan <> '' OR figures <> '' OR prefill IS NOT NULL);

-- A deleted ticket's history of answers goes with it: its events keep their
-- kind, actor, time and status, and lose their text. The append-only rule
-- allows exactly that change and no other.
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
CREATE TRIGGER tickets_wipe_events AFTER UPDATE OF deleted ON tickets WHEN NEW.deleted = 1 BEGIN
  UPDATE ticket_events SET body = '', dept = ''
  WHERE ticket_id = NEW.id AND (body <> '' OR dept <> '');
END;
CREATE TRIGGER ticket_events_wipe_insert AFTER INSERT ON ticket_events
WHEN (NEW.body <> '' OR NEW.dept <> '') AND
     (SELECT deleted FROM tickets WHERE id = NEW.ticket_id) = 1 BEGIN
  UPDATE ticket_events SET body = '', dept = '' WHERE id = NEW.id;
END;
UPDATE ticket_events SET body = '', dept = ''
WHERE (body <> '' OR dept <> '') AND ticket_id IN (SELECT id FROM tickets WHERE deleted = 1);
