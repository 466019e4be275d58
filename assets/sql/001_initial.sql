-- 001_initial: the ground schema.
--
-- Every table whose rows travel between devices in bundles has the same sync
-- columns:  uuid (stable identity everywhere), origin (device id of the last
-- change), rev (hybrid logical clock of the last change: orders edits without
-- trusting laptop clocks), updated_at (wall clock, for people), deleted
-- (tombstone: rows are never removed, so a delete travels and is not
-- resurrected by an older bundle).

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Reference data: one table, Chinese and English labels. bit is the bit a
-- kind occupies in a mask column (logs.enterprise_kinds, logs.worker_kinds).
CREATE TABLE categories (
  kind     TEXT NOT NULL,
  code     TEXT NOT NULL,
  label_zh TEXT NOT NULL,
  label_en TEXT NOT NULL,
  bit      INTEGER NOT NULL DEFAULT -1,
  sort     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, code)
) WITHOUT ROWID;

CREATE TABLE work_groups (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  station      TEXT NOT NULL DEFAULT '',
  station_kind TEXT NOT NULL DEFAULT 'town',
  county       TEXT NOT NULL DEFAULT '',
  supervisor   TEXT NOT NULL DEFAULT '',
  started_on   TEXT,
  ends_on      TEXT,
  origin       TEXT NOT NULL,
  rev          INTEGER NOT NULL,
  updated_at   TEXT NOT NULL,
  deleted      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE people (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  group_id   INTEGER REFERENCES work_groups(id),
  name       TEXT NOT NULL,
  role       TEXT NOT NULL DEFAULT 'member',
  unit       TEXT NOT NULL DEFAULT '',
  phone      TEXT NOT NULL DEFAULT '',
  origin     TEXT NOT NULL,
  rev        INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX people_group ON people(group_id, role, name);
CREATE INDEX people_name ON people(name);

CREATE TABLE logs (
  id               INTEGER PRIMARY KEY,
  uuid             TEXT NOT NULL UNIQUE,
  group_id         INTEGER NOT NULL REFERENCES work_groups(id),
  author_id        INTEGER NOT NULL REFERENCES people(id),
  date             TEXT NOT NULL,
  unit             TEXT NOT NULL,
  activity         TEXT NOT NULL,
  enterprise_kinds INTEGER NOT NULL DEFAULT 0,
  worker_kinds     INTEGER NOT NULL DEFAULT 0,
  enterprises      INTEGER NOT NULL DEFAULT 0,
  workers          INTEGER NOT NULL DEFAULT 0,
  households       INTEGER NOT NULL DEFAULT 0,
  content          TEXT NOT NULL,
  findings         TEXT NOT NULL DEFAULT '',
  actions          TEXT NOT NULL DEFAULT '',
  next_step        TEXT NOT NULL DEFAULT '',
  origin           TEXT NOT NULL,
  rev              INTEGER NOT NULL,
  updated_at       TEXT NOT NULL,
  deleted          INTEGER NOT NULL DEFAULT 0
);
-- List orders: (date, id) overall, within an author, within a group. Partial
-- on live rows so tombstones cost nothing in lists.
CREATE INDEX logs_date ON logs(date, id) WHERE deleted = 0;
CREATE INDEX logs_author ON logs(author_id, date, id) WHERE deleted = 0;
CREATE INDEX logs_group ON logs(group_id, date, id) WHERE deleted = 0;
CREATE INDEX logs_rev ON logs(rev);

CREATE TABLE contacts (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  group_id   INTEGER NOT NULL REFERENCES work_groups(id),
  log_id     INTEGER REFERENCES logs(id),
  kind       TEXT NOT NULL,
  name       TEXT NOT NULL,
  org        TEXT NOT NULL DEFAULT '',
  subkind    TEXT NOT NULL DEFAULT '',
  phone      TEXT NOT NULL DEFAULT '',
  id_number  TEXT NOT NULL DEFAULT '',
  note       TEXT NOT NULL DEFAULT '',
  met_on     TEXT,
  origin     TEXT NOT NULL,
  rev        INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contacts_group ON contacts(group_id, kind, met_on);
CREATE INDEX contacts_log ON contacts(log_id);
CREATE INDEX contacts_rev ON contacts(rev);

-- Weekly reports, monthly minutes, stage summaries. kind: weekly, monthly,
-- stage. A submitted report is frozen; a later change is a new row with
-- revision_no + 1 and the same (group, kind, period_start).
CREATE TABLE reports (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE,
  group_id      INTEGER NOT NULL REFERENCES work_groups(id),
  kind          TEXT NOT NULL,
  period_start  TEXT NOT NULL,
  period_end    TEXT NOT NULL,
  period_label  TEXT NOT NULL,
  revision_no   INTEGER NOT NULL DEFAULT 1,
  status        TEXT NOT NULL DEFAULT 'draft',
  author_id     INTEGER REFERENCES people(id),
  work_done     TEXT NOT NULL DEFAULT '',
  research      TEXT NOT NULL DEFAULT '',
  problems      TEXT NOT NULL DEFAULT '',
  next_plan     TEXT NOT NULL DEFAULT '',
  figures       TEXT NOT NULL DEFAULT '',
  submitted_at  TEXT,
  origin        TEXT NOT NULL,
  rev           INTEGER NOT NULL,
  updated_at    TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reports_group ON reports(group_id, kind, period_start, revision_no);
CREATE INDEX reports_rev ON reports(rev);

CREATE TABLE tickets (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  group_id    INTEGER NOT NULL REFERENCES work_groups(id),
  log_id      INTEGER REFERENCES logs(id),
  opened_by   INTEGER NOT NULL REFERENCES people(id),
  owner_id    INTEGER REFERENCES people(id),
  opened_on   TEXT NOT NULL,
  due_on      TEXT NOT NULL,
  title       TEXT NOT NULL,
  description TEXT NOT NULL,
  unit        TEXT NOT NULL DEFAULT '',
  raised_by   TEXT NOT NULL DEFAULT '',
  category    TEXT NOT NULL,
  routing     TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'registered',
  origin      TEXT NOT NULL,
  rev         INTEGER NOT NULL,
  updated_at  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tickets_opened ON tickets(opened_on, id) WHERE deleted = 0;
CREATE INDEX tickets_group ON tickets(group_id, status, opened_on) WHERE deleted = 0;
CREATE INDEX tickets_status ON tickets(status, due_on) WHERE deleted = 0;
CREATE INDEX tickets_rev ON tickets(rev);

-- Append-only history. The triggers below refuse updates and deletes.
CREATE TABLE ticket_events (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  ticket_id    INTEGER NOT NULL REFERENCES tickets(id),
  kind         TEXT NOT NULL,
  actor_id     INTEGER REFERENCES people(id),
  at           TEXT NOT NULL,
  body         TEXT NOT NULL DEFAULT '',
  dept         TEXT NOT NULL DEFAULT '',
  routing      TEXT NOT NULL DEFAULT '',
  status_after TEXT NOT NULL,
  origin       TEXT NOT NULL,
  rev          INTEGER NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, rev);
CREATE INDEX ticket_events_rev ON ticket_events(rev);
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket history is append-only'); END;
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket history is append-only'); END;

-- Targets are data: HQ edits them and they travel in bundles. group_id NULL
-- means every group.
CREATE TABLE targets (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  scope      TEXT NOT NULL,
  metric     TEXT NOT NULL,
  period     TEXT NOT NULL,
  group_id   INTEGER REFERENCES work_groups(id),
  value      INTEGER NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  origin     TEXT NOT NULL,
  rev        INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX targets_key ON targets(scope, metric, period, group_id);

-- Sync bookkeeping (src/sync fills these; reports read them).
-- One row per bundle imported: HQ sees how stale each group's data is.
CREATE TABLE sync_imports (
  id            INTEGER PRIMARY KEY,
  bundle_id     TEXT NOT NULL,          -- the bundle's own UUID (manifest)
  source_device TEXT NOT NULL,
  source_group  TEXT NOT NULL DEFAULT '', -- work_groups.uuid of the sender, '' for HQ
  created_at    TEXT NOT NULL,          -- when the sender made the bundle
  imported_at   TEXT NOT NULL,
  rows          INTEGER NOT NULL DEFAULT 0,
  summary       TEXT NOT NULL DEFAULT '' -- per-table counts as JSON
);
CREATE INDEX sync_imports_group ON sync_imports(source_group, created_at);
CREATE UNIQUE INDEX sync_imports_bundle ON sync_imports(bundle_id);

-- Per peer: the highest revision already sent, for --since-last PEER.
CREATE TABLE sync_peers (
  peer           TEXT PRIMARY KEY,
  last_rev       INTEGER NOT NULL DEFAULT 0,
  last_export_at TEXT
) WITHOUT ROWID;

-- The losing side of a conflict, kept for review: never silently lost.
CREATE TABLE sync_conflicts (
  id          INTEGER PRIMARY KEY,
  table_name  TEXT NOT NULL,
  uuid        TEXT NOT NULL,
  kept_rev    INTEGER NOT NULL,
  lost_rev    INTEGER NOT NULL,
  lost_origin TEXT NOT NULL,
  lost_row    TEXT NOT NULL,            -- the losing version as JSON
  detected_at TEXT NOT NULL,
  resolved    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sync_conflicts_open ON sync_conflicts(resolved, table_name);

-- The circulars' defaults (DOMAIN.md). Fixed UUIDs: every device seeds the
-- same rows, so bundles update rather than duplicate them. origin 'seed',
-- rev 0: any real edit wins.
INSERT INTO targets (uuid, scope, metric, period, value, note, origin, rev, updated_at) VALUES
 ('00000000-0000-4000-8000-000000000001','cadre','enterprises','programme',2,'每名干部至少走访2家企业','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000002','cadre','workers','programme',10,'每名干部至少走访10名职工','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000003','group','workers','programme',50,'每组面对面走访职工不少于50人','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000004','group','households','programme',5,'每组走访职工家庭不少于5户','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000005','group','enterprises','programme',10,'每组走访不同类型企业不少于10家','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000006','cadre','grassroots_days','year',60,'每名干部每年在基层不少于60天','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000007','cadre','contact_days','year',21,'每年联系基层不少于21个工作日','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000008','leader','contact_units','year',4,'每名领导联系4个基层单位','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000009','contact_point','research_topics','year',1,'每个联系点每年至少1个调研课题','seed',0,'2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8000-00000000000a','contact_point','reports','half_year',1,'每半年书面报告一次','seed',0,'2026-01-01T00:00:00Z');

INSERT INTO categories (kind, code, label_zh, label_en, bit, sort) VALUES
 ('activity','enterprise_visit','走进企业','Enterprise visit',-1,1),
 ('activity','worker_visit','走访职工','Worker visit',-1,2),
 ('activity','household_visit','走访职工家庭','Household visit',-1,3),
 ('activity','symposium','座谈会','Symposium',-1,4),
 ('activity','policy_briefing','政策宣讲','Policy briefing',-1,5),
 ('activity','onsite_office','现场办公','On-site office',-1,6),
 ('activity','return_visit','回访','Return visit',-1,7),
 ('activity','legal_aid','法律援助','Legal aid',-1,8),
 ('activity','counselling','心理疏导','Counselling',-1,9),
 ('activity','union_building','建会入会','Union building',-1,10),
 ('activity','research','专题调研','Topical research',-1,11),
 ('activity','worker_for_a_day','当一天工人','Worker for a day',-1,12),

 ('enterprise_kind','difficulty','生产经营困难企业','In production difficulty',0,1),
 ('enterprise_kind','dispute_prone','劳动关系矛盾易发企业','Prone to labour disputes',1,2),
 ('enterprise_kind','small_private','小微民营企业','Small or micro private',2,3),
 ('enterprise_kind','migrant_heavy','农民工集中企业','Many migrant workers',3,4),
 ('enterprise_kind','contact_point','联系点企业','Existing contact point',4,5),
 ('enterprise_kind','union_hard','工会工作难开展企业','Union work is hard',5,6),
 ('enterprise_kind','weak_union','工会基础薄弱企业','Weak union foundation',6,7),
 ('enterprise_kind','never_contacted','从未联系过的企业','Never contacted before',7,8),

 ('worker_kind','frontline','一线职工','Front-line workers',0,1),
 ('worker_kind','hardship','困难职工','Workers in hardship',1,2),
 ('worker_kind','migrant','农民工','Migrant workers',2,3),
 ('worker_kind','dispatched','劳务派遣工','Dispatched workers',3,4),
 ('worker_kind','young','青年职工','Young workers',4,5),
 ('worker_kind','model','劳动模范','Model workers',5,6),
 ('worker_kind','congress_delegate','职代会代表','Union congress delegates',6,7),
 ('worker_kind','grievance','有诉求的职工','Workers with grievances',7,8),

 ('routing','party_gov','党委政府协调','Local Party committee / government',-1,1),
 ('routing','union_system','工会系统内解决','Within the union system',-1,2),
 ('routing','county_union','县级工会自身解决','County union itself',-1,3),

 ('ticket_status','registered','已登记','Registered',-1,1),
 ('ticket_status','in_progress','办理中','In progress',-1,2),
 ('ticket_status','handed_over','已移交','Handed over',-1,3),
 ('ticket_status','escalated','已上报','Escalated',-1,4),
 ('ticket_status','answered','已答复','Answered',-1,5),
 ('ticket_status','return_visit','回访中','Return visit',-1,6),
 ('ticket_status','closed','已办结','Closed',-1,7),

 ('ticket_event','register','登记','Registered',-1,1),
 ('ticket_event','start','开始办理','Started',-1,2),
 ('ticket_event','hand_over','问题移交','Handed over',-1,3),
 ('ticket_event','escalate','上报协调','Escalated',-1,4),
 ('ticket_event','answer','答复','Answered',-1,5),
 ('ticket_event','return_visit','回访','Return visit',-1,6),
 ('ticket_event','close','办结','Closed',-1,7),
 ('ticket_event','reopen','重新办理','Reopened',-1,8),
 ('ticket_event','note','备注','Note',-1,9),

 ('role','member','组员','Member',-1,2),
 ('role','leader','带队组长','Group leader',-1,1),
 ('role','hq','市总工会','Headquarters',-1,3),

 ('station_kind','town','镇','Township',-1,1),
 ('station_kind','street','街道','Street',-1,2),
 ('station_kind','zone','开发区','Development zone',-1,3),
 ('station_kind','industry','行业工会','Industry union',-1,4),

 ('problem','wage_arrears','拖欠工资','Wage arrears',-1,1),
 ('problem','social_insurance','社会保险','Social insurance',-1,2),
 ('problem','labour_contract','劳动合同','Labour contract',-1,3),
 ('problem','working_hours','加班与工时','Overtime and hours',-1,4),
 ('problem','safety','安全生产与职业健康','Safety and occupational health',-1,5),
 ('problem','hardship','生活困难','Hardship',-1,6),
 ('problem','skills','技能培训与就业','Skills and employment',-1,7),
 ('problem','union_building','建会入会与会费','Union building and dues',-1,8),
 ('problem','enterprise_difficulty','企业经营困难','Enterprise in difficulty',-1,9),
 ('problem','other','其他','Other',-1,10),

 ('contact_kind','enterprise','企业','Enterprise',-1,1),
 ('contact_kind','worker','职工','Worker',-1,2),
 ('contact_kind','household','职工家庭','Household',-1,3),
 ('contact_kind','union','基层工会','Grassroots union',-1,4),

 ('meta_kind','enterprise_kind','企业类型','enterprise kinds',-1,1),
 ('meta_kind','worker_kind','职工类型','worker kinds',-1,2),
 ('meta_kind','activity','活动类型','activity kinds',-1,3),
 ('meta_kind','problem','问题类别','problem categories',-1,4),
 ('meta_kind','routing','办理层级','routing levels',-1,5),
 ('meta_kind','role','角色','roles',-1,6),
 ('meta_kind','station_kind','蹲点单位类型','station kinds',-1,7),
 ('meta_kind','contact_kind','联系对象类型','contact kinds',-1,8),
 ('meta_kind','ticket_event','办理环节','ticket steps',-1,9);
