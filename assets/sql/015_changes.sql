-- 015_changes: a local change sequence on every table that travels. Every
-- write of a row - a local edit or an applied import - gives it the next
-- number of this database's one sequence, so that `export --since-last
-- PEER` sends every row the peer has not had, whatever its revision: a
-- ticket HQ imported from station 1 (an old revision) is relayed to station
-- 2 because its chg is new here. Revisions still decide which version wins;
-- chg only decides what to send.
--
-- Existing rows take their revision as their chg and peers' watermarks their
-- last revision sent, so what an existing database considered sent stays
-- sent; the sequence then continues above every revision.
CREATE TABLE change_seq (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);

ALTER TABLE sync_peers ADD COLUMN last_chg INTEGER NOT NULL DEFAULT 0;
UPDATE sync_peers SET last_chg = last_rev;

ALTER TABLE work_groups ADD COLUMN chg INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN chg INTEGER NOT NULL DEFAULT 0;
ALTER TABLE logs ADD COLUMN chg INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN chg INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN chg INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN chg INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ticket_events ADD COLUMN chg INTEGER NOT NULL DEFAULT 0;
ALTER TABLE targets ADD COLUMN chg INTEGER NOT NULL DEFAULT 0;
ALTER TABLE history ADD COLUMN chg INTEGER NOT NULL DEFAULT 0;
UPDATE work_groups SET chg = rev;
UPDATE people SET chg = rev;
UPDATE logs SET chg = rev;
UPDATE contacts SET chg = rev;
UPDATE reports SET chg = rev;
UPDATE tickets SET chg = rev;
-- Ticket history stays append-only: only the change number may be set.
DROP TRIGGER ticket_events_no_update;
UPDATE ticket_events SET chg = rev;
CREATE TRIGGER ticket_events_no_update
BEFORE UPDATE OF id, uuid, ticket_id, kind, actor_id, at, body, dept, routing, status_after,
                 origin, rev ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket history is append-only'); END;
UPDATE targets SET chg = rev;
-- The history too stays append-only but for its change number.
DROP TRIGGER history_no_update;
UPDATE history SET chg = rev;
CREATE TRIGGER history_no_update
BEFORE UPDATE OF id, uuid, device, seq, rev, at, actor_uuid, actor_name, group_uuid, tbl,
                 record_uuid, op, field, old_value, new_value, prev_hash, hash ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

INSERT INTO change_seq (id, n) SELECT 1, max(0,
  (SELECT IFNULL(max(rev), 0) FROM work_groups), (SELECT IFNULL(max(rev), 0) FROM people),
  (SELECT IFNULL(max(rev), 0) FROM logs), (SELECT IFNULL(max(rev), 0) FROM contacts),
  (SELECT IFNULL(max(rev), 0) FROM reports), (SELECT IFNULL(max(rev), 0) FROM tickets),
  (SELECT IFNULL(max(rev), 0) FROM ticket_events), (SELECT IFNULL(max(rev), 0) FROM targets),
  (SELECT IFNULL(max(rev), 0) FROM history),
  (SELECT IFNULL(max(last_chg), 0) FROM sync_peers));

CREATE INDEX work_groups_chg ON work_groups(chg);
CREATE INDEX people_chg ON people(chg);
CREATE INDEX logs_chg ON logs(chg);
CREATE INDEX contacts_chg ON contacts(chg);
CREATE INDEX reports_chg ON reports(chg);
CREATE INDEX tickets_chg ON tickets(chg);
CREATE INDEX ticket_events_chg ON ticket_events(chg);
CREATE INDEX targets_chg ON targets(chg);
CREATE INDEX history_chg ON history(chg);

CREATE TRIGGER work_groups_chg_insert AFTER INSERT ON work_groups BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE work_groups SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
-- the trigger's own UPDATE changes chg, so it does not fire again
CREATE TRIGGER work_groups_chg_update AFTER UPDATE ON work_groups WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE work_groups SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER people_chg_insert AFTER INSERT ON people BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE people SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
-- the trigger's own UPDATE changes chg, so it does not fire again
CREATE TRIGGER people_chg_update AFTER UPDATE ON people WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE people SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER logs_chg_insert AFTER INSERT ON logs BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE logs SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
-- the trigger's own UPDATE changes chg, so it does not fire again
CREATE TRIGGER logs_chg_update AFTER UPDATE ON logs WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE logs SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER contacts_chg_insert AFTER INSERT ON contacts BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE contacts SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
-- the trigger's own UPDATE changes chg, so it does not fire again
CREATE TRIGGER contacts_chg_update AFTER UPDATE ON contacts WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE contacts SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER reports_chg_insert AFTER INSERT ON reports BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE reports SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
-- the trigger's own UPDATE changes chg, so it does not fire again
CREATE TRIGGER reports_chg_update AFTER UPDATE ON reports WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE reports SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER tickets_chg_insert AFTER INSERT ON tickets BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE tickets SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
-- the trigger's own UPDATE changes chg, so it does not fire again
CREATE TRIGGER tickets_chg_update AFTER UPDATE ON tickets WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE tickets SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER ticket_events_chg_insert AFTER INSERT ON ticket_events BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE ticket_events SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
-- the trigger's own UPDATE changes chg, so it does not fire again
CREATE TRIGGER ticket_events_chg_update AFTER UPDATE ON ticket_events WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE ticket_events SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER targets_chg_insert AFTER INSERT ON targets BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE targets SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
-- the trigger's own UPDATE changes chg, so it does not fire again
CREATE TRIGGER targets_chg_update AFTER UPDATE ON targets WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE targets SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER history_chg_insert AFTER INSERT ON history BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE history SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
