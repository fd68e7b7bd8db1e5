-- "Did you mean": the words with a misspelt word's ending are a range of an index on the words
-- spelt backwards (SQLite keeps them as a column), where they were a trigram match that grew
-- with the vocabulary. The trigram index has no other use.
CREATE INDEX words_backwards ON words (reverse(word) COLLATE "C", docs);
DROP INDEX words_trigrams;
