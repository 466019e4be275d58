-- 008_auth: people sign in, and the rule set of who may do what.
--
-- person_secrets: one row per person who has a password or PIN on this
-- laptop. Secrets never travel in bundles: a person signs in on the laptop
-- they use, and a forgotten one is reset there by the leader (a member's)
-- or HQ (a leader's). hash is libsodium's crypto_pwhash_str string: argon2id
-- with its own salt and limits (opslimit 3, memlimit 32 MiB: about 50-100 ms
-- and 34 MiB on the 2-core machine the project is built on; see
-- src/core/auth.c), so older limits stay verifiable after a change.
-- failed counts wrong tries since the last good one; locked_until (Unix
-- seconds, 0 = not locked) is set when failed reaches the limit. Both are
-- written in the database, so a restart does not clear them. must_change:
-- the secret was set by a reset and should be replaced at the next
-- sign-in.
--
-- Row 0 is nobody: a sign-in with a name no one has runs the same reads,
-- writes and argon2id verification against it as a wrong password does
-- (its hash is of a random secret that was thrown away), so the time taken
-- does not tell an unknown name from a wrong password. It never locks.
CREATE TABLE person_secrets (
  person_id    INTEGER PRIMARY KEY,
  hash         TEXT NOT NULL,
  failed       INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  must_change  INTEGER NOT NULL DEFAULT 0,
  changed_at   TEXT NOT NULL,
  changed_by   INTEGER NOT NULL DEFAULT 0  -- who set it: the person, their leader or HQ
);
INSERT INTO person_secrets (person_id, hash, changed_at) VALUES
 (0, '$argon2id$v=19$m=32768,t=3,p=1$9tq5l0VuOVJgnsi773gLqg$n+QkF6wGSaTZH5+ovnaw1/OAKZQIHfsuRWllnkdOsn8',
  '2026-12-02T00:00:00Z');

-- The supervising HQ leader of a group (联系领导): reads its reports and
-- comments on its tickets.
INSERT OR IGNORE INTO categories (kind, code, label_zh, label_en, bit, sort) VALUES
 ('role', 'supervisor', '联系领导', 'Supervising leader', -1, 4);

-- The rule set. The core (src/core/perm.c) answers every mutating call
-- from this table and nothing else: a row says that a person of `role` may
-- do `action` on records within `scope`:
--   own    records that are theirs (a log they wrote, a ticket they filed or
--          follow, their own entry in the roster),
--   group  records of their own work group,
--   all    records of every group.
-- subject narrows actions on people to the role of the person acted on
-- (for a change of role: the role before and the role after); '' is any.
-- No row: not allowed. Actions (the codes of fb_action, perm.h):
--   log.write      add, edit and delete daily logs
--   contact.write  add and edit contact records
--   ticket.file    register a new ticket
--   ticket.edit    change a ticket's title, description, due date, owner;
--                  delete it
--   ticket.route   change a ticket's routing (解决途径)
--   ticket.step    start, hand over, escalate, return visit, reopen
--   ticket.note    add a note (a comment)
--   ticket.answer  record an answer
--   ticket.close   close a ticket
--   report.write   compile a report and edit its sections
--   report.submit  submit a report (报送)
--   person.write   add people to the roster and edit them
--   person.delete  remove a person from the roster
--   person.reset   reset another person's password
--   group.write    set up and edit work groups
--   target.write   set targets
--   bundle.import  import a bundle (checked by the front ends before they
--                  call the importer; what a bundle may change is the
--                  importer's own rule)
CREATE TABLE permissions (
  role    TEXT NOT NULL,
  action  TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  scope   TEXT NOT NULL CHECK (scope IN ('own', 'group', 'all')),
  PRIMARY KEY (role, action, subject)
) WITHOUT ROWID;

INSERT INTO permissions (role, action, subject, scope) VALUES
 ('member', 'log.write', '', 'own'),
 ('member', 'contact.write', '', 'group'),
 ('member', 'ticket.file', '', 'own'),
 ('member', 'ticket.edit', '', 'own'),
 ('member', 'ticket.step', '', 'own'),
 ('member', 'ticket.note', '', 'own'),
 ('member', 'person.write', 'member', 'own'),

 ('leader', 'log.write', '', 'group'),
 ('leader', 'contact.write', '', 'group'),
 ('leader', 'ticket.file', '', 'group'),
 ('leader', 'ticket.edit', '', 'group'),
 ('leader', 'ticket.step', '', 'group'),
 ('leader', 'ticket.note', '', 'group'),
 ('leader', 'ticket.close', '', 'group'),
 ('leader', 'report.write', '', 'group'),
 ('leader', 'report.submit', '', 'group'),
 ('leader', 'person.write', 'member', 'group'),
 ('leader', 'person.write', 'leader', 'own'),
 ('leader', 'person.delete', 'member', 'group'),
 ('leader', 'person.reset', 'member', 'group'),
 ('leader', 'group.write', '', 'group'),
 ('leader', 'bundle.import', '', 'group'),

 ('hq', 'log.write', '', 'own'),
 ('hq', 'contact.write', '', 'all'),
 ('hq', 'ticket.file', '', 'all'),
 ('hq', 'ticket.edit', '', 'all'),
 ('hq', 'ticket.route', '', 'all'),
 ('hq', 'ticket.step', '', 'all'),
 ('hq', 'ticket.note', '', 'all'),
 ('hq', 'ticket.answer', '', 'all'),
 ('hq', 'ticket.close', '', 'all'),
 ('hq', 'person.write', '', 'all'),
 ('hq', 'person.delete', '', 'all'),
 ('hq', 'person.reset', '', 'all'),
 ('hq', 'group.write', '', 'all'),
 ('hq', 'target.write', '', 'all'),
 ('hq', 'bundle.import', '', 'all'),

 ('supervisor', 'ticket.note', '', 'group'),
 ('supervisor', 'person.write', 'supervisor', 'own');
