-- 014_calendar: the reporting calendar (issue 15).
--
-- Working days are Monday to Friday, except the national public holidays
-- (holiday) and with the official make-up working days (workday, 调休上班),
-- as published each year by the State Council. Data, never code: HQ adds a
-- year's table as it is published. A span of days is one row; entries never
-- overlap (the core refuses one that would).
CREATE TABLE calendar_days (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  first_day  TEXT NOT NULL,
  last_day   TEXT NOT NULL,
  kind       TEXT NOT NULL,             -- holiday, workday
  name       TEXT NOT NULL DEFAULT '',
  origin     TEXT NOT NULL,
  rev        INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0,
  chg        INTEGER NOT NULL DEFAULT 0 -- change sequence (015_changes)
);
CREATE INDEX calendar_days_first ON calendar_days(first_day, last_day) WHERE deleted = 0;

-- Leave (请假) per person, recorded by the group leader: not working days
-- for that person.
CREATE TABLE leave (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  group_id    INTEGER NOT NULL REFERENCES work_groups(id), -- the person's group
  person_id   INTEGER NOT NULL REFERENCES people(id),
  first_day   TEXT NOT NULL,
  last_day    TEXT NOT NULL,
  reason      TEXT NOT NULL DEFAULT '',
  recorded_by INTEGER REFERENCES people(id),
  origin      TEXT NOT NULL,
  rev         INTEGER NOT NULL,
  updated_at  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0,
  chg        INTEGER NOT NULL DEFAULT 0 -- change sequence (015_changes)
);
CREATE INDEX leave_person ON leave(person_id, first_day) WHERE deleted = 0;

-- The reports the circulars ask for and when each is due. writer: leader
-- (one per group), cadre (one per member), hq (HQ's own). period: week,
-- month, bimonth, quarter, half_year, stay (the group's stay). due_rule:
--   after:N    the Nth working day after the period ends
--   days:N     N calendar days after the period ends
--   fixed:MM-DD the first such date on or after the period starts
-- report_kind: the kind fieldbook compiles (weekly, monthly, stage), whose
-- submission answers the due date; NULL: written elsewhere, its delivery
-- recorded as a filing (report_filings). title: English, translated on
-- display (the seeded titles are in the catalogues).
CREATE TABLE report_schedule (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  code        TEXT NOT NULL UNIQUE,
  title       TEXT NOT NULL,
  writer      TEXT NOT NULL,
  period      TEXT NOT NULL,
  due_rule    TEXT NOT NULL,
  report_kind TEXT,
  circular    TEXT NOT NULL DEFAULT '',
  sort        INTEGER NOT NULL DEFAULT 0,
  origin      TEXT NOT NULL,
  rev         INTEGER NOT NULL,
  updated_at  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0,
  chg        INTEGER NOT NULL DEFAULT 0 -- change sequence (015_changes)
);

-- A report written outside fieldbook (a bi-monthly review in Word, a
-- cadre's research report) handed in: the day it was, by whom.
-- person_id: the cadre whose report it is (writer cadre), NULL for the group's.
CREATE TABLE report_filings (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE,
  schedule_code TEXT NOT NULL,
  group_id      INTEGER REFERENCES work_groups(id),
  person_id     INTEGER REFERENCES people(id),
  period_start  TEXT NOT NULL,
  filed_on      TEXT NOT NULL,
  filed_by      INTEGER REFERENCES people(id),
  note          TEXT NOT NULL DEFAULT '',
  origin        TEXT NOT NULL,
  rev           INTEGER NOT NULL,
  updated_at    TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0,
  chg        INTEGER NOT NULL DEFAULT 0 -- change sequence (015_changes)
);
CREATE INDEX report_filings_group ON report_filings(group_id, schedule_code, period_start)
  WHERE deleted = 0;

-- HQ's review of a submitted report revision (and the group's reading of
-- it): read, a comment, accepted, or returned for rework with the reason.
-- Never edited: each decision is a new row, and the whole exchange is the
-- report's history on both sides (the rows travel in bundles). A return
-- asks for a new revision: the group edits (a new draft revision) and
-- submits again; the returned revision stays as it was.
CREATE TABLE report_reviews (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  report_id   INTEGER NOT NULL REFERENCES reports(id),
  decision    TEXT NOT NULL,             -- read, comment, accepted, returned
  body        TEXT NOT NULL DEFAULT '',  -- the comment or the reason
  reviewer_id INTEGER REFERENCES people(id),
  at          TEXT NOT NULL,
  origin      TEXT NOT NULL,
  rev         INTEGER NOT NULL,
  chg         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX report_reviews_report ON report_reviews(report_id, at);
CREATE INDEX report_reviews_rev ON report_reviews(rev);

-- The first time each report was submitted (the due date is answered by it;
-- later revisions do not make it late).
CREATE INDEX reports_submitted ON reports(group_id, kind, period_start, submitted_at)
  WHERE deleted = 0 AND submitted_at IS NOT NULL;

-- The circulars' rhythm (DOMAIN.md; circulars 000-003). Fixed UUIDs, origin
-- 'seed', rev 0: every device seeds the same rows and any real edit wins.
INSERT INTO report_schedule (uuid, code, title, writer, period, due_rule, report_kind, circular,
  sort, origin, rev, updated_at) VALUES
 ('00000000-0000-4000-8014-000000000001','weekly','Weekly report','leader','week','after:1','weekly','003',1,'seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000000002','monthly','Monthly exchange minutes','leader','month','after:5','monthly','003',2,'seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000000003','bimonthly','Bi-monthly review','leader','bimonth','after:5',NULL,'001',3,'seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000000004','quarterly','Quarterly summary','leader','quarter','after:10',NULL,'001',4,'seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000000005','programme_quarterly','Quarterly report to the programme office','leader','quarter','after:5',NULL,'002',5,'seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000000006','half_year','Half-year summary','leader','half_year','after:10',NULL,'001',6,'seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000000007','stage','Stage summary','leader','stay','fixed:09-30','stage','003',7,'seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000000008','research','Stationing research report','leader','stay','fixed:10-20',NULL,'003',8,'seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000000009','cadre_research','Research report of each cadre','cadre','stay','fixed:10-20',NULL,'002',9,'seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-00000000000a','city_summary','City-wide summary to the provincial federation','hq','stay','fixed:10-31',NULL,'003',10,'seed',0,'2026-01-01T00:00:00Z');

-- Public holidays and make-up working days, 2025 and 2026 (国务院办公厅关于
-- 部分节假日安排的通知).
INSERT INTO calendar_days (uuid, first_day, last_day, kind, name, origin, rev, updated_at) VALUES
 ('00000000-0000-4000-8014-000000002501','2025-01-01','2025-01-01','holiday','元旦','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002502','2025-01-26','2025-01-26','workday','春节调休上班','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002503','2025-01-28','2025-02-04','holiday','春节','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002504','2025-02-08','2025-02-08','workday','春节调休上班','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002505','2025-04-04','2025-04-06','holiday','清明节','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002506','2025-04-27','2025-04-27','workday','劳动节调休上班','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002507','2025-05-01','2025-05-05','holiday','劳动节','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002508','2025-05-31','2025-06-02','holiday','端午节','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002509','2025-09-28','2025-09-28','workday','国庆节调休上班','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002510','2025-10-01','2025-10-08','holiday','国庆节、中秋节','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002511','2025-10-11','2025-10-11','workday','国庆节调休上班','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002601','2026-01-01','2026-01-03','holiday','元旦','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002602','2026-01-04','2026-01-04','workday','元旦调休上班','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002603','2026-02-14','2026-02-14','workday','春节调休上班','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002604','2026-02-15','2026-02-23','holiday','春节','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002605','2026-02-28','2026-02-28','workday','春节调休上班','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002606','2026-04-04','2026-04-06','holiday','清明节','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002607','2026-05-01','2026-05-05','holiday','劳动节','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002608','2026-05-09','2026-05-09','workday','劳动节调休上班','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002609','2026-06-19','2026-06-21','holiday','端午节','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002610','2026-09-20','2026-09-20','workday','国庆节调休上班','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002611','2026-09-25','2026-09-27','holiday','中秋节','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002612','2026-10-01','2026-10-07','holiday','国庆节','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8014-000000002613','2026-10-10','2026-10-10','workday','国庆节调休上班','seed',0,'2026-01-01T00:00:00Z');

-- Change sequences (015_changes.sql, which runs after this file: these
-- triggers fire only once change_seq exists): every write of a row takes the
-- next number, so export --since-last sends it. The seeds above keep chg 0
-- (every device has them). A review is append-only but for its chg.
CREATE INDEX calendar_days_chg ON calendar_days(chg);
CREATE TRIGGER calendar_days_chg_insert AFTER INSERT ON calendar_days BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE calendar_days SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER calendar_days_chg_update AFTER UPDATE ON calendar_days WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE calendar_days SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE INDEX leave_chg ON leave(chg);
CREATE TRIGGER leave_chg_insert AFTER INSERT ON leave BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE leave SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER leave_chg_update AFTER UPDATE ON leave WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE leave SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE INDEX report_schedule_chg ON report_schedule(chg);
CREATE TRIGGER report_schedule_chg_insert AFTER INSERT ON report_schedule BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE report_schedule SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER report_schedule_chg_update AFTER UPDATE ON report_schedule WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE report_schedule SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE INDEX report_filings_chg ON report_filings(chg);
CREATE TRIGGER report_filings_chg_insert AFTER INSERT ON report_filings BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE report_filings SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER report_filings_chg_update AFTER UPDATE ON report_filings WHEN NEW.chg = OLD.chg BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE report_filings SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE INDEX report_reviews_chg ON report_reviews(chg);
CREATE TRIGGER report_reviews_chg_insert AFTER INSERT ON report_reviews BEGIN
  UPDATE change_seq SET n = n + 1 WHERE id = 1;
  UPDATE report_reviews SET chg = (SELECT n FROM change_seq WHERE id = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER report_reviews_no_update
BEFORE UPDATE OF id, uuid, report_id, decision, body, reviewer_id, at, origin, rev ON report_reviews
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
