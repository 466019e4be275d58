-- 019_points: contact points (联系点, circular 000), the research topics HQ
-- publishes for the year (调研课题) and which contact point takes one up, and
-- the pairing of an HQ leader with a county union (circular 001) with its
-- visits (at least two a year).
--
-- contact_points  a unit of a work group kept as a long-term contact point:
--          since when, the research liaison there (调研联络员: name and
--          phone are personal data, sealed at rest as workers' are), the HQ
--          leader responsible (a person of role hq, optional), a note.
-- research_topics HQ's topics of a year; they travel from HQ only.
-- point_topics    a contact point taking up a topic; group_id copied from
--          the point (so bundles and lanes find its group in one column).
-- pairings        an HQ leader (person) with a county union (a unit); group_id
--          is the unit's, so the pairing travels to that group. HQ only.
-- pairing_visits  a visit of a pairing: date, contact mode, note. HQ only.
-- Every table travels in bundles and has the sync columns of 001 and the
-- change sequence of 015.

CREATE TABLE contact_points (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE,
  group_id      INTEGER NOT NULL REFERENCES work_groups(id),
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  since         TEXT NOT NULL,
  liaison_name  TEXT NOT NULL DEFAULT '', -- personal
  liaison_phone TEXT NOT NULL DEFAULT '', -- personal
  leader_id     INTEGER REFERENCES people(id),
  note          TEXT NOT NULL DEFAULT '',
  origin        TEXT NOT NULL,
  rev           INTEGER NOT NULL,
  updated_at    TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0,
  chg           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contact_points_group ON contact_points(group_id, id) WHERE deleted = 0;
CREATE INDEX contact_points_unit ON contact_points(unit_id) WHERE deleted = 0;
CREATE INDEX contact_points_rev ON contact_points(rev);

CREATE TABLE research_topics (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  group_id     INTEGER REFERENCES work_groups(id), -- always NULL: HQ's
  year         INTEGER NOT NULL,
  title        TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  published_by INTEGER REFERENCES people(id),
  origin       TEXT NOT NULL,
  rev          INTEGER NOT NULL,
  updated_at   TEXT NOT NULL,
  deleted      INTEGER NOT NULL DEFAULT 0,
  chg          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX research_topics_year ON research_topics(year, id) WHERE deleted = 0;
CREATE INDEX research_topics_rev ON research_topics(rev);

CREATE TABLE point_topics (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  group_id   INTEGER NOT NULL REFERENCES work_groups(id),
  point_id   INTEGER NOT NULL REFERENCES contact_points(id),
  topic_id   INTEGER NOT NULL REFERENCES research_topics(id),
  origin     TEXT NOT NULL,
  rev        INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0,
  chg        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX point_topics_pair ON point_topics(point_id, topic_id);
CREATE INDEX point_topics_topic ON point_topics(topic_id) WHERE deleted = 0;
CREATE INDEX point_topics_rev ON point_topics(rev);

CREATE TABLE pairings (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  group_id   INTEGER NOT NULL REFERENCES work_groups(id),
  leader_id  INTEGER NOT NULL REFERENCES people(id),
  unit_id    INTEGER NOT NULL REFERENCES units(id),
  since      TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  origin     TEXT NOT NULL,
  rev        INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0,
  chg        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX pairings_group ON pairings(group_id, id) WHERE deleted = 0;
CREATE INDEX pairings_leader ON pairings(leader_id, id) WHERE deleted = 0;
CREATE INDEX pairings_rev ON pairings(rev);

CREATE TABLE pairing_visits (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  group_id   INTEGER NOT NULL REFERENCES work_groups(id),
  pairing_id INTEGER NOT NULL REFERENCES pairings(id),
  date       TEXT NOT NULL,
  mode       TEXT NOT NULL DEFAULT 'on_site',
  note       TEXT NOT NULL DEFAULT '',
  origin     TEXT NOT NULL,
  rev        INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0,
  chg        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX pairing_visits_pairing ON pairing_visits(pairing_id, date) WHERE deleted = 0;
CREATE INDEX pairing_visits_rev ON pairing_visits(rev);

-- The change sequence of 015_changes.sql, as 013 does for its tables.
CREATE INDEX contact_points_chg ON contact_points(chg);
CREATE TRIGGER contact_points_chg_insert AFTER INSERT ON contact_points BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE contact_points SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER contact_points_chg_update AFTER UPDATE ON contact_points WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE contact_points SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE INDEX research_topics_chg ON research_topics(chg);
CREATE TRIGGER research_topics_chg_insert AFTER INSERT ON research_topics BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE research_topics SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER research_topics_chg_update AFTER UPDATE ON research_topics WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE research_topics SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE INDEX point_topics_chg ON point_topics(chg);
CREATE TRIGGER point_topics_chg_insert AFTER INSERT ON point_topics BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE point_topics SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER point_topics_chg_update AFTER UPDATE ON point_topics WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE point_topics SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE INDEX pairings_chg ON pairings(chg);
CREATE TRIGGER pairings_chg_insert AFTER INSERT ON pairings BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE pairings SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER pairings_chg_update AFTER UPDATE ON pairings WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE pairings SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE INDEX pairing_visits_chg ON pairing_visits(chg);
CREATE TRIGGER pairing_visits_chg_insert AFTER INSERT ON pairing_visits BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE pairing_visits SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER pairing_visits_chg_update AFTER UPDATE ON pairing_visits WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE pairing_visits SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;

-- Who may: topics are HQ's; contact points are written by the group's
-- leader (and HQ); pairings and their visits by HQ.
INSERT OR IGNORE INTO permissions (role, action, subject, scope) VALUES
 ('leader', 'point.write', '', 'group'),
 ('hq', 'point.write', '', 'all'),
 ('hq', 'topic.write', '', 'all'),
 ('hq', 'pairing.write', '', 'all');

-- The contact point's written report every half year (circular 000), due on
-- the last day of the half year (30 June, 31 December): a kind of the
-- reporting calendar, as data (HQ may change it with report schedule set).
INSERT OR IGNORE INTO report_schedule (uuid, code, title, writer, period, due_rule, report_kind,
  circular, sort, origin, rev, updated_at) VALUES
 ('00000000-0000-4000-8019-000000000001','contact_point','Contact point half-year report',
  'leader','half_year','days:0',NULL,'000',11,'seed',0,'2026-01-01T00:00:00Z');
