import { chooseCanonical, idClash, pageTitlesOf, subjectsFromSpellings, urlClash, type SubjectSpelling } from '../model/corpus';
import { questionUrl } from '../model/types';
import type { Db } from './database';

// What only the whole folder can tell, resolved by the content step once every file is in:
// the rules are ../model/corpus.ts's, applied here a group of rows at a time.

/**
 * What only the whole folder can tell, from SQL a group at a time: url and id clashes,
 * subject names, canonical copies, unique page titles. Only rows whose values change are
 * written, so a one-file change rewrites only the rows it affects.
 */
export function resolveCorpus(db: Db) {
  const rows = <T>(sql: string) => db.prepare(sql).raw().iterate() as Iterable<T>;
  db.exec('DELETE FROM build.corpus_problems');
  const problem = db.prepare('INSERT INTO build.corpus_problems (file, field, message) VALUES (?, ?, ?)');

  // Two files with one url: the first by path is kept, the others are errors.
  for (const group of groups(
    rows<[string, string, string]>(`SELECT q.subject_slug, q.slug, f.file FROM questions q
    JOIN build.files f ON f.question = q.rowid
    WHERE (q.subject_slug, q.slug) IN (SELECT subject_slug, slug FROM questions GROUP BY 1, 2 HAVING count(*) > 1)
    ORDER BY q.subject_slug, q.slug, f.file`),
    ([subject, slug, file]) => ({ key: questionUrl(subject, slug), file }),
  )) {
    for (const other of group.slice(1)) problem.run(other.file, 'url', urlClash(other.key, group[0]!.file));
  }

  // Files sharing an id must be copies of one question: the same slug under other subjects.
  for (const group of groups(
    rows<[number, string, string]>(`SELECT q.id, q.slug, f.file FROM questions q
    JOIN build.files f ON f.question = q.rowid WHERE q.id IN
    (SELECT id FROM questions GROUP BY id HAVING count(DISTINCT slug) > 1) ORDER BY q.id, f.file`),
    ([key, slug, file]) => ({ key, slug, file }),
  )) {
    const first = group[0]!;
    for (const other of group.filter((r) => r.slug !== first.slug)) {
      problem.run(other.file, 'id', idClash(other.key, first));
    }
  }

  // One display name per subject.
  const spellings = (
    db
      .prepare(`SELECT q.subject_slug, f.subject_as_written, count(*) FROM build.files f
    JOIN questions q ON q.rowid = f.question GROUP BY 1, 2`)
      .raw()
      .all() as [string, string, number][]
  ).map(([slug, asWritten, count]): SubjectSpelling => ({ slug, asWritten, count }));
  const subjects = subjectsFromSpellings(spellings);
  db.exec('DELETE FROM subjects');
  const putSubject = db.prepare('INSERT INTO subjects (slug, name, count, position) VALUES (?, ?, ?, ?)');
  subjects.forEach((s, i) => {
    putSubject.run(s.slug, s.name, s.count, i);
  });
  const subjectName = new Map(subjects.map((s) => [s.slug, s.name]));

  // Canonical copies: singles are their own; each cross-listed group chooses one.
  db.exec(`UPDATE questions SET canonical_url = NULL WHERE canonical_url IS NOT NULL AND id IN
    (SELECT id FROM questions GROUP BY id HAVING count(*) = 1)`);
  const setOwn = db.prepare('UPDATE questions SET canonical_url = NULL WHERE rowid = ? AND canonical_url IS NOT NULL');
  const setOthers = db.prepare('UPDATE questions SET canonical_url = ?1 WHERE id = ?2 AND rowid <> ?3 AND canonical_url IS NOT ?1');
  for (const group of groups(
    rows<[number, number, string, string, number, string]>(`SELECT id, rowid, subject_slug, slug, no_index, date
    FROM questions WHERE id IN (SELECT id FROM questions GROUP BY id HAVING count(*) > 1) ORDER BY id`),
    ([key, rowid, subjectSlug, slug, noIndex, date]) => ({ key, rowid, url: questionUrl(subjectSlug, slug), subjectSlug, noIndex: noIndex === 1, date }),
  )) {
    const canonical = chooseCanonical(group);
    setOwn.run(canonical.rowid);
    setOthers.run(canonical.url, canonical.key, canonical.rowid);
  }

  // Page titles no two canonical pages share.
  const sharedTitles = `SELECT f2.title_key FROM build.files f2 JOIN questions q2 ON q2.rowid = f2.question
    WHERE f2.title_key IS NOT NULL GROUP BY f2.title_key HAVING count(DISTINCT q2.id) > 1`;
  db.exec(`UPDATE questions SET page_title = NULL WHERE page_title IS NOT NULL AND rowid NOT IN
    (SELECT question FROM build.files WHERE title_key IN (${sharedTitles}))`);
  const setTitle = db.prepare('UPDATE questions SET page_title = nullif(?1, title) WHERE rowid = ?2 AND page_title IS NOT nullif(?1, title)');
  for (const group of groups(
    rows<[string, number, string, string, number, string, string, string | null]>(`SELECT f.title_key, q.rowid,
    q.subject_slug, q.slug, q.id, q.title, q.date, q.canonical_url FROM build.files f JOIN questions q ON q.rowid = f.question
    WHERE f.title_key IN (${sharedTitles}) ORDER BY f.title_key`),
    ([key, rowid, subjectSlug, slug, id, title, date, canonicalUrl]) => ({
      key,
      rowid,
      url: questionUrl(subjectSlug, slug),
      subjectSlug,
      id,
      title,
      date,
      canonicalUrl,
    }),
  )) {
    const titles = pageTitlesOf(group, (r) => r.canonicalUrl === null, subjectName);
    for (const r of group) setTitle.run(titles.get(r.url)!, r.rowid);
  }
}

/** Consecutive rows with the same key, as groups (the query orders by the key). */
function* groups<R, T extends { key: unknown }>(rows: Iterable<R>, map: (row: R) => T): Generator<T[]> {
  let group: T[] = [];
  for (const row of rows) {
    const item = map(row);
    if (group.length > 0 && group[0]!.key !== item.key) {
      yield group;
      group = [];
    }
    group.push(item);
  }
  if (group.length > 0) yield group;
}
