// The content database: one SQLite file, written by the content step (./write.ts) and read by
// the site (./sqlite-store.ts). Bump SCHEMA_VERSION whenever a table, the parser or the rules
// change, so that an old database is rebuilt rather than trusted.

export const SCHEMA_VERSION = 3;

export const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- Every file of the folder as last read: what the next build compares to skip it, and its
-- problems (JSON), replayed without parsing it again.
CREATE TABLE files (
  file TEXT PRIMARY KEY,
  mtime REAL NOT NULL,
  size INTEGER NOT NULL,
  hash TEXT NOT NULL,
  problems TEXT
) WITHOUT ROWID;

-- One row a question file that parsed. canonical_url and page_title are resolved across the
-- folder after every change; sort_key orders a subject's listing (newest first, then title, url).
CREATE TABLE questions (
  rowid INTEGER PRIMARY KEY,
  file TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  id INTEGER NOT NULL,
  subject_slug TEXT NOT NULL,
  subject_as_written TEXT NOT NULL,
  slug TEXT NOT NULL,
  title TEXT NOT NULL,
  title_key TEXT NOT NULL,
  article_title TEXT NOT NULL,
  question TEXT NOT NULL,
  answer BLOB NOT NULL,
  date TEXT NOT NULL,
  date_format TEXT NOT NULL,
  post_on_text TEXT NOT NULL,
  author TEXT NOT NULL,
  seo_title TEXT NOT NULL,
  description TEXT NOT NULL,
  keywords TEXT NOT NULL,
  score REAL,
  no_index INTEGER NOT NULL,
  related TEXT NOT NULL,
  canonical_url TEXT NOT NULL,
  page_title TEXT NOT NULL,
  sort_key TEXT NOT NULL
);
CREATE INDEX questions_url ON questions(url);
CREATE INDEX questions_id ON questions(id);
CREATE INDEX questions_title_key ON questions(title_key);
CREATE INDEX questions_listing ON questions(subject_slug, sort_key);
-- Canonical pages that may be indexed, newest first: the home page, the sitemaps, search.
CREATE INDEX questions_canonical ON questions(date DESC, subject_slug, sort_key, url)
  WHERE canonical_url = url AND no_index = 0;

CREATE TABLE subjects (slug TEXT PRIMARY KEY, name TEXT NOT NULL, count INTEGER NOT NULL, position INTEGER NOT NULL) WITHOUT ROWID;

-- What only the whole folder can tell (duplicate urls, clashing ids), found by the last resolve.
CREATE TABLE corpus_problems (file TEXT NOT NULL, field TEXT NOT NULL, message TEXT NOT NULL);

-- Full text: rowid is questions.rowid. Contentless (the text lives in questions) and with column
-- detail only (no positions: nothing here asks for phrases), to keep the file small.
CREATE VIRTUAL TABLE search USING fts5(
  title, question, keywords, description, answer,
  content = '', contentless_delete = 1, detail = column,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO search(search, rank) VALUES ('rank', 'bm25(10.0, 8.0, 4.0, 3.0, 1.0)');

-- The words of titles, questions and keywords, accents folded, with how many questions use
-- each: the vocabulary that "did you mean" draws corrections from.
CREATE TABLE words (word TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
`;
