-- 013_ledger: the contact ledger (台账) - units met, workers met, which
-- units and workers each daily log covered, and the contact record sheet
-- (联系基层工会记录单).
--
-- units    one row per real unit (enterprise, grassroots union, community,
--          household). name_key is the name folded for matching (full-width
--          to half-width, no spaces, ASCII lower case, legal-form suffixes
--          such as 有限公司 cut): derived by the core on every save and by
--          the importer, never typed, never travelling. A unit merged into
--          another keeps its row (history) with merged_into set; lists and
--          counts follow merged_into.
-- workers  one row per worker met (八必访 kinds as a mask). name, phone,
--          id_number and raised are personal data (sealed at rest by the
--          bundles work): kept in these named columns only.
-- log_units, log_workers  the links of a daily log: counts of distinct
--          units and workers come from them. author_id and date are copied
--          from the log by the triggers below (kept in step when the log
--          changes), so coverage is one indexed range per cadre or group.
-- contact_sheets  the record sheet of one contact with a grassroots union;
--          filed (备案) by the leader; its problem may become a ticket
--          (ticket_id), the ticket pointing back through tickets.sheet_id.
-- Every table travels in bundles and has the sync columns of 001.

CREATE TABLE units (
  id               INTEGER PRIMARY KEY,
  uuid             TEXT NOT NULL UNIQUE,
  group_id         INTEGER NOT NULL REFERENCES work_groups(id),
  kind             TEXT NOT NULL DEFAULT 'enterprise',
  name             TEXT NOT NULL,
  name_key         TEXT NOT NULL DEFAULT '',
  enterprise_kinds INTEGER NOT NULL DEFAULT 0,
  ownership        TEXT NOT NULL DEFAULT '',
  sector           TEXT NOT NULL DEFAULT '',
  headcount        INTEGER NOT NULL DEFAULT 0,
  address          TEXT NOT NULL DEFAULT '',
  has_union        TEXT NOT NULL DEFAULT 'unknown',
  contact_person   TEXT NOT NULL DEFAULT '',
  contact_phone    TEXT NOT NULL DEFAULT '',
  note             TEXT NOT NULL DEFAULT '',
  merged_into      INTEGER REFERENCES units(id),
  origin           TEXT NOT NULL,
  rev              INTEGER NOT NULL,
  updated_at       TEXT NOT NULL,
  deleted          INTEGER NOT NULL DEFAULT 0,
  chg        INTEGER NOT NULL DEFAULT 0 -- change sequence (015_changes.sql)
);
CREATE INDEX units_group_kind ON units(group_id, kind, id) WHERE deleted = 0;
CREATE INDEX units_kind ON units(kind, id) WHERE deleted = 0;
CREATE INDEX units_merged ON units(merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX units_rev ON units(rev);

-- The key follows the name, whoever writes it (a bundle brings no key).
CREATE TRIGGER units_key_insert AFTER INSERT ON units
WHEN new.name_key IS NOT fb_unit_key(new.name) BEGIN
  UPDATE units SET name_key = fb_unit_key(new.name) WHERE id = new.id;
END;
CREATE TRIGGER units_key_update AFTER UPDATE OF name ON units
WHEN new.name_key IS NOT fb_unit_key(new.name) BEGIN
  UPDATE units SET name_key = fb_unit_key(new.name) WHERE id = new.id;
END;

-- Matching as you type: bigrams of name_key (the tokenizer of 004), rowid
-- = units.id; only live, unmerged units are indexed.
CREATE VIRTUAL TABLE units_fts USING fts5(
  body, content='', detail=none, columnsize=0, tokenize='fb_bigram');
CREATE TRIGGER units_fts_insert AFTER INSERT ON units
WHEN new.deleted = 0 AND new.merged_into IS NULL BEGIN
  INSERT INTO units_fts(rowid, body) VALUES (new.id, new.name_key);
END;
CREATE TRIGGER units_fts_update AFTER UPDATE OF name_key, deleted, merged_into ON units BEGIN
  INSERT INTO units_fts(units_fts, rowid, body) SELECT 'delete', old.id, old.name_key
  WHERE old.deleted = 0 AND old.merged_into IS NULL;
  INSERT INTO units_fts(rowid, body) SELECT new.id, new.name_key
  WHERE new.deleted = 0 AND new.merged_into IS NULL;
END;
CREATE TRIGGER units_fts_delete AFTER DELETE ON units
WHEN old.deleted = 0 AND old.merged_into IS NULL BEGIN
  INSERT INTO units_fts(units_fts, rowid, body) VALUES ('delete', old.id, old.name_key);
END;

CREATE TABLE workers (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  group_id     INTEGER NOT NULL REFERENCES work_groups(id),
  unit_id      INTEGER REFERENCES units(id),
  name         TEXT NOT NULL,            -- personal
  phone        TEXT NOT NULL DEFAULT '', -- personal
  id_number    TEXT NOT NULL DEFAULT '', -- personal
  worker_kinds INTEGER NOT NULL DEFAULT 0,
  raised       TEXT NOT NULL DEFAULT '', -- personal: what they raised
  origin       TEXT NOT NULL,
  rev          INTEGER NOT NULL,
  updated_at   TEXT NOT NULL,
  deleted      INTEGER NOT NULL DEFAULT 0,
  chg        INTEGER NOT NULL DEFAULT 0 -- change sequence (015_changes.sql)
);
CREATE INDEX workers_group ON workers(group_id, id) WHERE deleted = 0;
CREATE INDEX workers_unit ON workers(unit_id) WHERE deleted = 0;
CREATE INDEX workers_rev ON workers(rev);

CREATE TABLE log_units (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  log_id     INTEGER NOT NULL REFERENCES logs(id),
  unit_id    INTEGER NOT NULL REFERENCES units(id),
  mode       TEXT NOT NULL DEFAULT 'on_site',
  group_id   INTEGER NOT NULL DEFAULT 0, -- copied from the log (triggers)
  author_id  INTEGER NOT NULL DEFAULT 0, -- copied from the log (triggers)
  date       TEXT NOT NULL DEFAULT '',   -- copied from the log (triggers)
  origin     TEXT NOT NULL,
  rev        INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0,
  chg        INTEGER NOT NULL DEFAULT 0 -- change sequence (015_changes.sql)
);
-- Not UNIQUE: two devices may link the same pair under two uuids; counts are distinct.
CREATE INDEX log_units_pair ON log_units(log_id, unit_id);
CREATE INDEX log_units_author ON log_units(author_id, date, unit_id) WHERE deleted = 0;
CREATE INDEX log_units_group ON log_units(group_id, date, unit_id) WHERE deleted = 0;
CREATE INDEX log_units_unit ON log_units(unit_id, date) WHERE deleted = 0;
CREATE INDEX log_units_rev ON log_units(rev);

CREATE TABLE log_workers (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  log_id     INTEGER NOT NULL REFERENCES logs(id),
  worker_id  INTEGER NOT NULL REFERENCES workers(id),
  group_id   INTEGER NOT NULL DEFAULT 0,
  author_id  INTEGER NOT NULL DEFAULT 0,
  date       TEXT NOT NULL DEFAULT '',
  origin     TEXT NOT NULL,
  rev        INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0,
  chg        INTEGER NOT NULL DEFAULT 0 -- change sequence (015_changes.sql)
);
CREATE INDEX log_workers_pair ON log_workers(log_id, worker_id);
CREATE INDEX log_workers_author ON log_workers(author_id, date, worker_id) WHERE deleted = 0;
CREATE INDEX log_workers_group ON log_workers(group_id, date, worker_id) WHERE deleted = 0;
CREATE INDEX log_workers_worker ON log_workers(worker_id, date) WHERE deleted = 0;
CREATE INDEX log_workers_rev ON log_workers(rev);

-- A link to a unit merged away (it came from a device that had not heard
-- of the merge yet) goes to the unit it was merged into.
CREATE TRIGGER log_units_copy AFTER INSERT ON log_units BEGIN
  UPDATE log_units SET (group_id, author_id, date) =
    (SELECT group_id, author_id, date FROM logs WHERE id = new.log_id),
    unit_id = coalesce((SELECT merged_into FROM units WHERE id = new.unit_id), new.unit_id)
  WHERE id = new.id;
END;
CREATE TRIGGER log_workers_copy AFTER INSERT ON log_workers BEGIN
  UPDATE log_workers SET (group_id, author_id, date) =
    (SELECT group_id, author_id, date FROM logs WHERE id = new.log_id) WHERE id = new.id;
END;
CREATE TRIGGER logs_links_follow AFTER UPDATE OF group_id, author_id, date, deleted ON logs BEGIN
  UPDATE log_units SET group_id = new.group_id, author_id = new.author_id, date = new.date
  WHERE log_id = new.id;
  UPDATE log_workers SET group_id = new.group_id, author_id = new.author_id, date = new.date
  WHERE log_id = new.id;
END;

CREATE TABLE contact_sheets (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE,
  group_id      INTEGER NOT NULL REFERENCES work_groups(id),
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  author_id     INTEGER NOT NULL REFERENCES people(id),
  log_id        INTEGER REFERENCES logs(id),
  date          TEXT NOT NULL,
  mode          TEXT NOT NULL DEFAULT 'on_site',
  met_with      TEXT NOT NULL DEFAULT '', -- who received the cadre (名字 and post)
  content       TEXT NOT NULL,            -- 联系内容: the situation, the work done
  opinions      TEXT NOT NULL DEFAULT '', -- 意见建议: needs and suggestions heard
  problem       TEXT NOT NULL DEFAULT '', -- 存在问题
  beyond        INTEGER NOT NULL DEFAULT 0, -- 1: beyond the cadre's authority (移交)
  handed_to     TEXT NOT NULL DEFAULT '', -- the department it is handed over to
  feedback      TEXT NOT NULL DEFAULT '', -- 情况反馈
  ticket_id     INTEGER REFERENCES tickets(id),
  filed_by      INTEGER REFERENCES people(id),
  filed_on      TEXT,
  origin        TEXT NOT NULL,
  rev           INTEGER NOT NULL,
  updated_at    TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0,
  chg        INTEGER NOT NULL DEFAULT 0 -- change sequence (015_changes.sql)
);
CREATE INDEX contact_sheets_date ON contact_sheets(date, id) WHERE deleted = 0;
CREATE INDEX contact_sheets_group ON contact_sheets(group_id, date, id) WHERE deleted = 0;
CREATE INDEX contact_sheets_unit ON contact_sheets(unit_id, date) WHERE deleted = 0;
CREATE INDEX contact_sheets_author ON contact_sheets(author_id, date) WHERE deleted = 0;
CREATE INDEX contact_sheets_rev ON contact_sheets(rev);

-- A ticket made from a sheet points back at it. Derived from
-- contact_sheets.ticket_id (which travels) by the triggers: it does not
-- travel itself, so the two tables do not refer to each other in bundles.
ALTER TABLE tickets ADD COLUMN sheet_id INTEGER REFERENCES contact_sheets(id);
CREATE TRIGGER contact_sheets_ticket_insert AFTER INSERT ON contact_sheets
WHEN new.ticket_id IS NOT NULL BEGIN
  UPDATE tickets SET sheet_id = new.id WHERE id = new.ticket_id;
END;
CREATE TRIGGER contact_sheets_ticket_update AFTER UPDATE OF ticket_id ON contact_sheets
WHEN new.ticket_id IS NOT NULL BEGIN
  UPDATE tickets SET sheet_id = new.id WHERE id = new.ticket_id;
END;

INSERT INTO categories (kind, code, label_zh, label_en, bit, sort) VALUES
 ('contact_kind','community','社区','Community',-1,5),
 ('contact_mode','on_site','实地走访','On site',-1,1),
 ('contact_mode','video','视频','Video',-1,2),
 ('contact_mode','phone','电话','Telephone',-1,3),
 ('contact_mode','wechat','微信','WeChat',-1,4),
 ('ownership','state','国有','State-owned',-1,1),
 ('ownership','collective','集体','Collective',-1,2),
 ('ownership','private','民营','Private',-1,3),
 ('ownership','foreign','外资及港澳台','Foreign-invested',-1,4),
 ('ownership','public','机关事业单位','Public institution',-1,5),
 ('ownership','social','社会组织','Social organisation',-1,6),
 ('ownership','other','其他','Other',-1,7),
 ('meta_kind','contact_mode','联系方式','contact modes',-1,10),
 ('meta_kind','ownership','所有制','ownership kinds',-1,11);

-- The contacts written before this ledger: enterprises, unions and
-- households become units, workers become workers, under the same uuid on
-- every device (so a bundle updates rather than duplicates them). The
-- ledger tables are the record from now on; contacts stays for bundles
-- from older fieldbooks.
INSERT INTO units (uuid, group_id, kind, name, name_key, enterprise_kinds, note, origin, rev,
                   updated_at, deleted)
SELECT c.uuid, c.group_id, c.kind, c.name, fb_unit_key(c.name),
       coalesce((SELECT 1 << k.bit FROM categories k
                 WHERE k.kind = 'enterprise_kind' AND k.code = c.subkind), 0),
       c.note, c.origin, c.rev, c.updated_at, c.deleted
FROM contacts c WHERE c.kind <> 'worker';
INSERT INTO workers (uuid, group_id, name, phone, id_number, worker_kinds, raised, origin, rev,
                     updated_at, deleted)
SELECT c.uuid, c.group_id, c.name, c.phone, c.id_number,
       coalesce((SELECT 1 << k.bit FROM categories k
                 WHERE k.kind = 'worker_kind' AND k.code = c.subkind), 0),
       c.note, c.origin, c.rev, c.updated_at, c.deleted
FROM contacts c WHERE c.kind = 'worker';
-- (contacts.log_id is not turned into links: a link made here would get a
-- different uuid on every device. The demo and new logs link through the ledger.)

-- The change sequence of 015_changes.sql (which runs after this file: the
-- triggers name its table change_seq, made there, and fire only once it
-- exists). What was copied above takes its revision as its chg, as 015
-- does for the tables before it.
UPDATE units SET chg = rev;
CREATE INDEX units_chg ON units(chg);
CREATE TRIGGER units_chg_insert AFTER INSERT ON units BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE units SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER units_chg_update AFTER UPDATE ON units WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE units SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
UPDATE workers SET chg = rev;
CREATE INDEX workers_chg ON workers(chg);
CREATE TRIGGER workers_chg_insert AFTER INSERT ON workers BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE workers SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER workers_chg_update AFTER UPDATE ON workers WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE workers SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
UPDATE log_units SET chg = rev;
CREATE INDEX log_units_chg ON log_units(chg);
CREATE TRIGGER log_units_chg_insert AFTER INSERT ON log_units BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE log_units SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER log_units_chg_update AFTER UPDATE ON log_units WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE log_units SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
UPDATE log_workers SET chg = rev;
CREATE INDEX log_workers_chg ON log_workers(chg);
CREATE TRIGGER log_workers_chg_insert AFTER INSERT ON log_workers BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE log_workers SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER log_workers_chg_update AFTER UPDATE ON log_workers WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE log_workers SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
UPDATE contact_sheets SET chg = rev;
CREATE INDEX contact_sheets_chg ON contact_sheets(chg);
CREATE TRIGGER contact_sheets_chg_insert AFTER INSERT ON contact_sheets BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE contact_sheets SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER contact_sheets_chg_update AFTER UPDATE ON contact_sheets WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE contact_sheets SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
