-- The content store in PostgreSQL (lib/content/postgres/pg-store.ts reads it; content:sync writes
-- it from the content step's SQLite database, lib/content/postgres/pg-sync.ts). The same rows as the
-- SQLite file (schema.ts), keyed by what is stable across builds (urls, keyword keys) rather than
-- SQLite's rowids. Keys compare byte by byte (COLLATE "C"), as in SQLite, so that the sync can
-- walk both databases in one order.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Search words: English stems (Snowball) without a stop-word list, accents folded: "the" and
-- "what" stay searchable, as in the SQLite index.
CREATE TEXT SEARCH DICTIONARY quicktakes_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION quicktakes (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION quicktakes
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
  WITH unaccent, quicktakes_stem;

CREATE TABLE content_meta (key text COLLATE "C" PRIMARY KEY, value text NOT NULL);

CREATE TABLE subjects (
  slug text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  count integer NOT NULL,
  position integer NOT NULL
);

-- One row a question, as in SQLite's questions + bodies; qid is its number here (search results
-- and topic listings are read by it), kept while the question exists. hash is the file's content hash: the
-- body and search vectors are rewritten only when it changes. search (title and question A,
-- keywords B, description C, answer D) and titles (the same A and B fields alone) are set for every
-- row; only searchable (canonical) rows are searched.
CREATE TABLE questions (
  qid integer GENERATED ALWAYS AS IDENTITY UNIQUE,
  subject_slug text COLLATE "C" NOT NULL,
  slug text COLLATE "C" NOT NULL,
  id integer NOT NULL,
  title text COLLATE "C" NOT NULL,
  date text NOT NULL,
  day_rank integer NOT NULL,
  description text NOT NULL,
  no_index boolean NOT NULL,
  canonical_url text,
  page_title text,
  file text,
  searchable boolean NOT NULL,
  hash text NOT NULL,
  body bytea NOT NULL,
  search tsvector NOT NULL,
  titles tsvector NOT NULL,
  PRIMARY KEY (subject_slug, slug)
);
CREATE INDEX questions_id ON questions (id);
CREATE INDEX questions_listing ON questions (subject_slug, day_rank, title, slug);
CREATE INDEX questions_canonical ON questions (day_rank, subject_slug, title, slug) WHERE canonical_url IS NULL AND NOT no_index;
CREATE INDEX questions_search ON questions USING gin (search) WHERE searchable;
-- Searchable questions newest first: a broad query's matches in that order, read until a page
-- is full instead of all of them sorted.
CREATE INDEX questions_latest ON questions (day_rank, subject_slug, slug) WHERE searchable;
CREATE INDEX questions_titles ON questions USING gin (titles) WHERE searchable;

-- The "did you mean" vocabulary; trigrams find words near a misspelt one.
CREATE TABLE words (word text COLLATE "C" PRIMARY KEY, docs integer NOT NULL);
CREATE INDEX words_trigrams ON words USING gin (word gin_trgm_ops);

CREATE TABLE keywords (
  key text COLLATE "C" PRIMARY KEY,
  questions integer NOT NULL,
  name text,
  slug text COLLATE "C"
);
CREATE UNIQUE INDEX topics_slug ON keywords (slug) WHERE slug IS NOT NULL;
CREATE INDEX topics_by_key ON keywords (key) WHERE slug IS NOT NULL;
CREATE INDEX largest_topics ON keywords (questions DESC, key) WHERE slug IS NOT NULL;

CREATE TABLE keyword_questions (
  keyword text COLLATE "C" NOT NULL,
  day_rank integer NOT NULL,
  id integer NOT NULL,
  subject_slug text COLLATE "C" NOT NULL,
  slug text COLLATE "C" NOT NULL,
  PRIMARY KEY (keyword, day_rank, id, subject_slug, slug)
);
-- A question's rows, rewritten when it changes.
CREATE INDEX keyword_questions_question ON keyword_questions (subject_slug, slug);
