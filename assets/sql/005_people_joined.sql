-- 005_people_joined: the day a person joined their group's stay.
--
-- Days missing count from the start of a member's stay: the latest of the
-- period's start, the group's started_on and the person's joined_on. NULL
-- means "from the start of the group's stay" (people created before this
-- column, and bundles from fieldbook versions without it).
ALTER TABLE people ADD COLUMN joined_on TEXT;
