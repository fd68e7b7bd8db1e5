-- What WordNet relates each English word to, as stems (lib/content/build/wordnet.ts; the same table as
-- SQLite's related_words): content:sync writes it when its version (content_meta
-- 'related_version') differs from the content step's.
CREATE TABLE related_words (word text COLLATE "C" PRIMARY KEY, stems text NOT NULL);
