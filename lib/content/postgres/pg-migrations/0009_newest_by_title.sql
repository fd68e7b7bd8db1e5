-- A very common word's newest questions by title (pg-store.ts, matching): the newest `limit`
-- holding "what" were found by reading every question holding it (a third of a million at
-- 1,000,000) and sorting them. They are now looked for among the newest questions first: the
-- rowid bound of such a part is read from questions_newest, and the titles index holds the rowid
-- too (btree_gin), so that it keeps only the matches past the bound. It holds rowids by the
-- thousand (rid >> 10): a part of 144,000 questions is then some 144 keys of the index, not
-- 144,000 (at 1,000,000 questions, a read of such a part took 48 ms, with rowids as keys 130).
-- questions_newest indexes -rid rather than rid so that it cannot serve a bound on rid itself:
-- with a plain index on rid the planner walks it and reads every title in the part out of line
-- (migration 0007), ten times the time of the titles index.
CREATE EXTENSION IF NOT EXISTS btree_gin;
DROP INDEX questions_titles;
CREATE INDEX questions_titles ON questions USING gin (titles, (rid >> 10)) WHERE searchable;
DROP INDEX questions_rid;
CREATE INDEX questions_newest ON questions ((-rid)) INCLUDE (rid) WHERE searchable;
