-- 006_report_prefill: the text a draft's sections were pre-filled with.
--
-- The four sections as generated from the logs, joined by U+001E (a control
-- character no section may hold). A section still equal to its pre-filled
-- text has not been edited, so compiling the draft again regenerates it
-- from the logs as they are now; an edited section is kept. NULL (revisions
-- made by editing a submitted report, reports from bundles): never
-- regenerated. Local to this database: it does not travel in bundles.
ALTER TABLE reports ADD COLUMN prefill TEXT;
