-- 003_reports: indexes for reports and the headquarters overview.
--
-- Every figure of a weekly report or of the overview is one indexed query.
-- The per-cadre aggregate walks a cadre's logs over a date range; this
-- covering index answers it without touching the (wide) log rows.
CREATE INDEX logs_author_figures ON logs(author_id, date, group_id, activity,
  enterprises, workers, households, enterprise_kinds, worker_kinds) WHERE deleted = 0;

-- Tickets by group with routing and due date: counts by status and routing,
-- overdue and the oldest open ticket from the index alone.
CREATE INDEX tickets_group_figures ON tickets(group_id, status, routing, due_on, opened_on)
  WHERE deleted = 0;

-- Tickets closed (or any event) within a period; whether a ticket had a
-- return visit.
CREATE INDEX ticket_events_kind_at ON ticket_events(kind, at, ticket_id);
CREATE INDEX ticket_events_ticket_kind ON ticket_events(ticket_id, kind);

-- The current revision of a report: highest revision_no of (group, kind, period).
-- (reports_group from 001 already orders by these columns.)
