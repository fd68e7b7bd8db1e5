-- Search text arrives stemmed (lib/content/search/search-text.ts: folded, Porter stems), the same tokens
-- SQLite indexes, so that both stores rank alike: the configuration now only splits it into
-- words. content:sync rewrites every question's vectors after this migration (SCHEMA_VERSION
-- changed with it).
ALTER TEXT SEARCH CONFIGURATION quicktakes
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
  WITH simple;

-- rid: the question's rowid in the content step's SQLite database (search breaks ties by it);
-- terms and lengths: its terms as the ranking reads them (lib/content/search/term-vector.ts).
ALTER TABLE questions ADD COLUMN rid bigint, ADD COLUMN terms bytea, ADD COLUMN lengths text;
CREATE INDEX questions_rid ON questions (rid) WHERE searchable;
