// The content database: one SQLite file the site reads (SITE_SCHEMA), written by the content step
// (./write.ts) together with a second file that only the build reads (BUILD_SCHEMA: what each
// file was, for incremental builds), attached to it so that both change in one transaction.
// Bump SCHEMA_VERSION whenever a table, the parser or the rules change, so that an old database
// is rebuilt rather than trusted.

export const SCHEMA_VERSION = 11;

/** Larger pages pack rows and the full-text index more tightly than the default 4 KB. */
export const PAGE_SIZE_BYTES = 8192;

export const SITE_SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- Subjects get a number when first seen, kept for good: it is the high half of their questions'
-- rowids, so that a subject's questions are one rowid range (a cheap filter in full-text search).
CREATE TABLE subject_ids (slug TEXT PRIMARY KEY, id INTEGER NOT NULL UNIQUE) WITHOUT ROWID;

-- One row a question: what listings, links, titles and search results need. Its url is
-- /learn/<subject_slug>/questions/<slug>. canonical_url is NULL for a question that is its own
-- canonical page, page_title NULL where it is the title (most rows: it keeps the file small).
-- day_rank orders newest first (99999999 minus YYYYMMDD), so that (day_rank, title, slug) is a
-- listing's order, all ascending. rowid is (subject id << 32) + a number within the subject.
-- searchable says whether the row is in the full-text indexes (canonical pages only).
CREATE TABLE questions (
  rowid INTEGER PRIMARY KEY,
  subject_slug TEXT NOT NULL,
  slug TEXT NOT NULL,
  id INTEGER NOT NULL,
  title TEXT NOT NULL,
  date TEXT NOT NULL,
  day_rank INTEGER NOT NULL,
  description TEXT NOT NULL,
  no_index INTEGER NOT NULL,
  canonical_url TEXT,
  page_title TEXT,
  file TEXT, -- the file's path under the content folder; NULL when it is <subject_slug>/<slug>.md
  searchable INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX questions_url ON questions(subject_slug, slug);
CREATE INDEX questions_id ON questions(id);
CREATE INDEX questions_listing ON questions(subject_slug, day_rank, title, slug);
-- Canonical pages that may be indexed, newest first: the home page, the sitemaps.
CREATE INDEX questions_canonical ON questions(day_rank, subject_slug, title, slug)
  WHERE canonical_url IS NULL AND no_index = 0;

-- What only a question's own page shows (the answer, related links…), as compressed JSON
-- (./body.ts): most of the bytes, read one row at a time. rowid is questions.rowid.
CREATE TABLE bodies (rowid INTEGER PRIMARY KEY, body BLOB NOT NULL);

CREATE TABLE subjects (slug TEXT PRIMARY KEY, name TEXT NOT NULL, count INTEGER NOT NULL, position INTEGER NOT NULL) WITHOUT ROWID;

-- Full text of canonical pages (one copy of a cross-listed question): rowid is questions.rowid.
-- The text is already stems (lib/content/search/search-text.ts), so the tokenizer only splits it at
-- spaces: PostgreSQL indexes the same tokens. Contentless (the text lives in questions, bodies
-- and term_vectors), so the file holds it only once. The titles table repeats the short fields
-- on their own: a word too common to take every question holding it as a candidate is looked up
-- there, among the questions already gathered and among its newest (BaseStore.search).
CREATE VIRTUAL TABLE search USING fts5(
  title, question, keywords, description, answer,
  content = '', contentless_delete = 1, detail = none,
  tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE titles USING fts5(
  title, question, keywords,
  content = '', contentless_delete = 1, detail = none,
  tokenize = 'unicode61 remove_diacritics 0'
);
-- How many searchable questions hold each stem, anywhere and in their titles: its rarity. Kept
-- by the content step as questions come and go (FTS5's own vocabulary tables count a stem by
-- reading every question that holds it: 5 ms a search at 100,000 questions).
CREATE TABLE stems (stem TEXT PRIMARY KEY, docs INTEGER NOT NULL, title_docs INTEGER NOT NULL) WITHOUT ROWID;

-- Each question's terms as the ranking reads them (lib/content/search/term-vector.ts), and its fields'
-- lengths in words (title, question, keywords, description, answer): the corpus's average
-- lengths are kept in meta ('search_stats').
CREATE TABLE term_vectors (rowid INTEGER PRIMARY KEY, lengths TEXT NOT NULL, data BLOB NOT NULL);

-- What WordNet relates each English word to, as stems (lib/content/build/wordnet.ts): added to a
-- search's words with a small weight. The same for every corpus; written once per version
-- (meta 'related_version').
CREATE TABLE related_words (word TEXT PRIMARY KEY, stems TEXT NOT NULL) WITHOUT ROWID;

-- The words of titles, questions and keywords, accents folded, with how many questions use
-- each: the vocabulary that "did you mean" draws corrections from. Spelt backwards too, so that
-- the words with a misspelt word's ending are a range of an index, not a scan of the table.
CREATE TABLE words (word TEXT PRIMARY KEY, docs INTEGER NOT NULL, backwards TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX words_backwards ON words(backwards, docs);

-- Keywords by key (lib/content/model/topics.ts) and how many canonical questions carry each. One
-- carried by TOPIC_MIN_QUESTIONS or more is a topic: it then has a display name and a slug.
CREATE TABLE keywords (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  questions INTEGER NOT NULL DEFAULT 0,
  name TEXT,
  slug TEXT
);
CREATE UNIQUE INDEX topics_slug ON keywords(slug) WHERE slug IS NOT NULL;
-- The topic index, alphabetical.
CREATE INDEX topics_by_key ON keywords(key, slug, name, questions) WHERE slug IS NOT NULL;
-- The canonical questions carrying each keyword, newest first (then by id, which a canonical
-- question has alone): a topic's listing. Like the full-text index, canonical pages only (one
-- copy of a cross-listed question; while a build resolves copies, all are in). question is
-- questions.rowid.
CREATE TABLE keyword_questions (
  keyword INTEGER NOT NULL,
  day_rank INTEGER NOT NULL,
  id INTEGER NOT NULL,
  question INTEGER NOT NULL,
  PRIMARY KEY (keyword, day_rank, id, question)
) WITHOUT ROWID;
`;

export const BUILD_SCHEMA = `
CREATE TABLE build.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- Every file of the folder as last read: what the next build compares to skip it, its problems
-- (JSON), replayed without parsing it again, or its question's row, title key and subject name as
-- the file writes it (what page titles and subject names are resolved from).
CREATE TABLE build.files (
  file TEXT PRIMARY KEY,
  mtime REAL NOT NULL,
  size INTEGER NOT NULL,
  hash TEXT NOT NULL,
  problems TEXT,
  question INTEGER UNIQUE,
  title_key TEXT,
  subject_as_written TEXT
) WITHOUT ROWID;
CREATE INDEX build.files_title_key ON files(title_key) WHERE title_key IS NOT NULL;

-- How often each spelling of a keyword is used (canonical questions): the topic's name is the most used.
CREATE TABLE build.spellings (keyword INTEGER NOT NULL, spelling TEXT NOT NULL, uses INTEGER NOT NULL, PRIMARY KEY (keyword, spelling)) WITHOUT ROWID;

-- What only the whole folder can tell (duplicate urls, clashing ids), found by the last resolve.
CREATE TABLE build.corpus_problems (file TEXT NOT NULL, field TEXT NOT NULL, message TEXT NOT NULL);
`;
