-- Who may write the ledger, the calendar, the schedule, reviews and settle
-- conflicts: the rows of `permissions` (008_auth.sql explains the table)
-- for the actions added with those parts. The core checks each in the
-- call that writes (perm.h); imports follow the lanes (src/sync/lanes.c).
--   ledger.write     add, edit, merge, delete units and workers met
--   sheet.write      write and edit contact record sheets (联系记录表)
--   sheet.file       file a sheet (组长签收归档)
--   calendar.write   holidays and make-up working days (HQ sends them)
--   leave.write      record a cadre's leave (the group leader)
--   schedule.write   the schedule of reports the circulars set (HQ)
--   review.write     read, comment on, accept or return a submitted report
--   report.file      record a report handed in outside fieldbook (报送登记)
--   conflict.settle  settle a conflict between two versions of a record
INSERT INTO permissions (role, action, subject, scope) VALUES
 ('member', 'ledger.write', '', 'group'),
 ('member', 'sheet.write', '', 'own'),
 ('member', 'report.file', '', 'own'),

 ('leader', 'ledger.write', '', 'group'),
 ('leader', 'sheet.write', '', 'group'),
 ('leader', 'sheet.file', '', 'group'),
 ('leader', 'leave.write', '', 'group'),
 ('leader', 'conflict.settle', '', 'group'),
 ('leader', 'report.file', '', 'group'),

 ('hq', 'ledger.write', '', 'all'),
 ('hq', 'sheet.write', '', 'all'),
 ('hq', 'sheet.file', '', 'all'),
 ('hq', 'calendar.write', '', 'all'),
 ('hq', 'leave.write', '', 'all'),
 ('hq', 'schedule.write', '', 'all'),
 ('hq', 'review.write', '', 'all'),
 ('hq', 'conflict.settle', '', 'all'),
 ('hq', 'report.file', '', 'all'),

 ('supervisor', 'review.write', '', 'group');
