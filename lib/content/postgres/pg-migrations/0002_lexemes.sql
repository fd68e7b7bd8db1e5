-- How many searchable questions hold each lexeme: in the whole search vector (docs) and in the
-- titles vector (title_docs). The row '' (never a lexeme) counts the searchable questions.
-- A search whose words are all this common is certain to have more matches than it shows,
-- which pg-store.ts (matchesAtLeast) works out from these counts instead of counting the
-- matches: counting reads every match's entry in the GIN index (over 100 ms for a common word
-- at a million questions). Kept exact by statement triggers on every write to questions.
CREATE TABLE lexemes (lexeme text COLLATE "C" PRIMARY KEY, docs integer NOT NULL, title_docs integer NOT NULL);

-- Adds sign × each lexeme's questions among these vectors (search vectors and their titles vectors).
CREATE FUNCTION add_lexemes(searches tsvector[], titles tsvector[], sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO lexemes AS l (lexeme, docs, title_docs)
  SELECT lexeme, sign * sum(d)::integer, sign * sum(t)::integer FROM (
    SELECT unnest(tsvector_to_array(s)) AS lexeme, 1 AS d, 0 AS t FROM unnest(searches) AS s
    UNION ALL SELECT unnest(tsvector_to_array(v)), 0, 1 FROM unnest(titles) AS v
    UNION ALL SELECT '', n, n FROM (SELECT coalesce(cardinality(searches), 0) AS n) c WHERE n > 0
  ) counted
  GROUP BY lexeme
  ON CONFLICT (lexeme) DO UPDATE SET docs = l.docs + excluded.docs, title_docs = l.title_docs + excluded.title_docs
$$;

CREATE FUNCTION count_inserted_lexemes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM add_lexemes(array_agg(search), array_agg(titles), 1) FROM new_rows WHERE searchable;
  RETURN NULL;
END $$;

-- Only rows whose vectors or searchability changed (most updates move a date or a listing field).
CREATE FUNCTION count_updated_lexemes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM add_lexemes(array_agg(o.search), array_agg(o.titles), -1) FROM old_rows o JOIN new_rows n USING (qid)
    WHERE o.searchable AND (NOT n.searchable OR o.search <> n.search OR o.titles <> n.titles);
  PERFORM add_lexemes(array_agg(n.search), array_agg(n.titles), 1) FROM old_rows o JOIN new_rows n USING (qid)
    WHERE n.searchable AND (NOT o.searchable OR o.search <> n.search OR o.titles <> n.titles);
  RETURN NULL;
END $$;

CREATE FUNCTION count_deleted_lexemes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM add_lexemes(array_agg(search), array_agg(titles), -1) FROM old_rows WHERE searchable;
  RETURN NULL;
END $$;

CREATE TRIGGER questions_lexemes_inserted AFTER INSERT ON questions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_lexemes();
CREATE TRIGGER questions_lexemes_updated AFTER UPDATE ON questions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_updated_lexemes();
CREATE TRIGGER questions_lexemes_deleted AFTER DELETE ON questions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_deleted_lexemes();

-- The questions already there (a database synced before this migration).
INSERT INTO lexemes (lexeme, docs, title_docs)
SELECT lexeme, sum(d)::integer, sum(t)::integer FROM (
  SELECT unnest(tsvector_to_array(search)) AS lexeme, 1 AS d, 0 AS t FROM questions WHERE searchable
  UNION ALL SELECT unnest(tsvector_to_array(titles)), 0, 1 FROM questions WHERE searchable
  UNION ALL SELECT '', count(*), count(*) FROM questions WHERE searchable HAVING count(*) > 0
) counted
GROUP BY lexeme;
