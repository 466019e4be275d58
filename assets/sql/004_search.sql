-- 004_search: the text index over daily logs (src/core/search.c explains it).
--
-- logs_fts holds character bigrams of the live logs' text (unit, content,
-- findings, actions, next step), no text of its own (content='') and no
-- positions (detail=none), so it stays a fraction of the logs table. Its
-- rowid is the list key: days since 1970 of the log's date * 2^32 + log id,
-- so reading it in rowid order is reading logs in (date, id) order.
-- The tokenizer fb_bigram is registered by fieldbook on every connection;
-- the sqlite3 shell can read this database but cannot write logs.
CREATE VIRTUAL TABLE logs_fts USING fts5(
  body, content='', detail=none, columnsize=0, tokenize='fb_bigram');

-- A contentless index forgets a row only when told its old text exactly:
-- the triggers hand it the old values. Tombstones leave the index.
CREATE TRIGGER logs_fts_insert AFTER INSERT ON logs WHEN new.deleted = 0 BEGIN
  INSERT INTO logs_fts(rowid, body) VALUES (
    coalesce(unixepoch(new.date) / 86400, 0) * 4294967296 + new.id,
    new.unit || char(10) || new.content || char(10) || new.findings || char(10) ||
    new.actions || char(10) || new.next_step);
END;

CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs WHEN old.deleted = 0 BEGIN
  INSERT INTO logs_fts(logs_fts, rowid, body) VALUES ('delete',
    coalesce(unixepoch(old.date) / 86400, 0) * 4294967296 + old.id,
    old.unit || char(10) || old.content || char(10) || old.findings || char(10) ||
    old.actions || char(10) || old.next_step);
END;

CREATE TRIGGER logs_fts_update
AFTER UPDATE OF id, date, unit, content, findings, actions, next_step, deleted ON logs BEGIN
  INSERT INTO logs_fts(logs_fts, rowid, body) SELECT 'delete',
    coalesce(unixepoch(old.date) / 86400, 0) * 4294967296 + old.id,
    old.unit || char(10) || old.content || char(10) || old.findings || char(10) ||
    old.actions || char(10) || old.next_step
  WHERE old.deleted = 0;
  INSERT INTO logs_fts(rowid, body) SELECT
    coalesce(unixepoch(new.date) / 86400, 0) * 4294967296 + new.id,
    new.unit || char(10) || new.content || char(10) || new.findings || char(10) ||
    new.actions || char(10) || new.next_step
  WHERE new.deleted = 0;
END;

-- Logs written before this migration.
INSERT INTO logs_fts(rowid, body)
SELECT coalesce(unixepoch(date) / 86400, 0) * 4294967296 + id,
       unit || char(10) || content || char(10) || findings || char(10) ||
       actions || char(10) || next_step
FROM logs WHERE deleted = 0;
