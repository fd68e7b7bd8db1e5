-- The lexeme counts of 0002 counted afresh from the vectors, for a sync that writes every
-- question (lib/content/postgres/pg-sync.ts): it turns 0002's triggers off for its writes and
-- calls this once after them. Kept up batch by batch within the sync's one transaction, a common
-- lexeme's row gained a version per batch, and every batch read through all of them: a cold sync
-- of 100,000 questions spent 192 s writing its questions, 78 s with the counts made once after
-- them (in 10 s).
CREATE FUNCTION recount_lexemes() RETURNS void LANGUAGE sql AS $$
  DELETE FROM lexemes;
  INSERT INTO lexemes (lexeme, docs, title_docs)
  SELECT lexeme, sum(d)::integer, sum(t)::integer FROM (
    SELECT unnest(tsvector_to_array(search)) AS lexeme, 1 AS d, 0 AS t FROM questions WHERE searchable
    UNION ALL SELECT unnest(tsvector_to_array(titles)), 0, 1 FROM questions WHERE searchable
    UNION ALL SELECT '', count(*), count(*) FROM questions WHERE searchable HAVING count(*) > 0
  ) counted
  GROUP BY lexeme;
$$;
