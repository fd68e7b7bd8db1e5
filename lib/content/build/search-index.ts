import { searchColumns, type PreparedQuestion } from './prepare';
import type { Progress } from './progress';
import { metaOf, type Db } from './database';
import type { TopicIndex } from './topic-index';
import { relatedWordsCached, WORDNET_VERSION } from './wordnet';
import { keywordsOf } from '../model/topics';
import { backwards, vocabularyOf } from '../search/search-text';
import { columnLengths, distinctStems, termVectorOf, unpackTermVector, type SearchStats, type TermVector } from '../search/term-vector';
import { unpackBody } from '../store/body';

// Search's side of the content step: the full-text indexes (canonical copies only), each
// question's term vector, how many searched questions hold each stem, the vocabulary that
// corrections draw from, the corpus's statistics that ranking weighs lengths against, and
// WordNet's related words.

export class SearchIndex {
  /** How many more (or fewer) questions use each word of the vocabulary since the last build. */
  private readonly wordDeltas = new Map<string, number>();
  /** How many more (or fewer) searched questions hold each stem, anywhere and in their titles. */
  private readonly stemDeltas = new Map<string, [docs: number, titleDocs: number]>();
  private readonly sql;

  constructor(private readonly db: Db) {
    this.sql = {
      insertTerms: db.prepare('INSERT INTO term_vectors (rowid, lengths, data) VALUES (?, ?, ?)'),
      deleteTerms: db.prepare('DELETE FROM term_vectors WHERE rowid = ?'),
      termsOf: db.prepare('SELECT data FROM term_vectors WHERE rowid = ?').raw(),
      index: db.prepare('INSERT INTO search (rowid, title, question, keywords, description, answer) VALUES (?, ?, ?, ?, ?, ?)'),
      indexTitle: db.prepare('INSERT INTO titles (rowid, title, question, keywords) VALUES (?, ?, ?, ?)'),
      unindex: db.prepare('DELETE FROM search WHERE rowid = ?'),
      unindexTitle: db.prepare('DELETE FROM titles WHERE rowid = ?'),
    };
  }

  /** A new question: its terms, its words, and full-text search (until resolving finds it to be another question's copy). */
  add(rowid: number, q: PreparedQuestion) {
    this.sql.insertTerms.run(rowid, columnLengths(q.search).join(' '), q.terms);
    this.sql.index.run(rowid, ...q.search);
    this.sql.indexTitle.run(rowid, ...q.search.slice(0, 3));
    this.countStems(termVectorOf(q.search), 1);
    for (const word of q.words) this.wordDeltas.set(word, (this.wordDeltas.get(word) ?? 0) + 1);
  }

  /** A question taken out, with the fields its words came from. */
  remove(rowid: number, searchable: boolean, fields: { title: string; question: string; keywords: string[] }) {
    if (searchable) {
      this.sql.unindex.run(rowid);
      this.sql.unindexTitle.run(rowid);
      this.countStems(this.termsOf(rowid), -1);
    }
    this.sql.deleteTerms.run(rowid);
    for (const word of vocabularyOf(fields.title, fields.question, fields.keywords)) this.wordDeltas.set(word, (this.wordDeltas.get(word) ?? 0) - 1);
  }

  saveWords() {
    const add = this.db.prepare('INSERT INTO words (word, docs, backwards) VALUES (?, ?, ?) ON CONFLICT (word) DO UPDATE SET docs = docs + excluded.docs');
    for (const [word, delta] of this.wordDeltas) if (delta !== 0) add.run(word, delta, backwards(word));
    this.db.exec('DELETE FROM words WHERE docs <= 0');
    this.wordDeltas.clear();
  }

  private termsOf(rowid: number): TermVector {
    return unpackTermVector((this.sql.termsOf.get(rowid) as [Uint8Array])[0]);
  }

  /** A question's stems entering (1) or leaving (−1) the full-text indexes. */
  private countStems(v: TermVector, sign: 1 | -1) {
    const { all, titles } = distinctStems(v);
    for (const s of all) {
      const delta = this.stemDeltas.get(s) ?? [0, 0];
      delta[0] += sign;
      if (titles.has(s)) delta[1] += sign;
      this.stemDeltas.set(s, delta);
    }
  }

  /** Once the indexes hold the canonical copies only (canonicalOnly): the stems' counts. */
  saveStems() {
    const add = this.db.prepare(
      'INSERT INTO stems (stem, docs, title_docs) VALUES (?, ?, ?) ON CONFLICT (stem) DO UPDATE SET docs = docs + excluded.docs, title_docs = title_docs + excluded.title_docs',
    );
    for (const [s, [docs, titleDocs]] of this.stemDeltas) if (docs !== 0 || titleDocs !== 0) add.run(s, docs, titleDocs);
    this.db.exec('DELETE FROM stems WHERE docs <= 0');
    this.stemDeltas.clear();
  }

  /**
   * Search finds each question once: its canonical copy is in the full-text indexes and the
   * other copies are not. Brings the indexes in line with what resolving decided.
   */
  canonicalOnly(topics: TopicIndex) {
    const changed = this.db
      .prepare(`SELECT q.rowid, q.title, q.description, q.day_rank, q.id, q.canonical_url IS NULL, b.body FROM questions q
      JOIN bodies b ON b.rowid = q.rowid WHERE (q.canonical_url IS NULL) <> q.searchable`)
      .raw()
      .all() as [number, string, string, number, number, number, Buffer][];
    const mark = this.db.prepare('UPDATE questions SET searchable = ? WHERE rowid = ?');
    for (const [rowid, title, description, dayRank, id, canonical, packed] of changed) {
      const body = unpackBody(packed);
      if (canonical) {
        const columns = searchColumns(title, body.question, body.keywords.join(', '), description, body.answer);
        this.sql.index.run(rowid, ...columns);
        this.sql.indexTitle.run(rowid, ...columns.slice(0, 3));
        this.countStems(termVectorOf(columns), 1);
      } else {
        this.sql.unindex.run(rowid);
        this.sql.unindexTitle.run(rowid);
        this.countStems(this.termsOf(rowid), -1);
      }
      topics.tag(rowid, dayRank, id, keywordsOf(body.keywords), canonical ? 1 : -1);
      mark.run(canonical, rowid);
    }
  }

  /** How many questions are searched, and their fields' average lengths: what BM25 weighs a field's length against. */
  saveStats() {
    const rows = this.db.prepare('SELECT t.lengths FROM term_vectors t JOIN questions q ON q.rowid = t.rowid WHERE q.searchable').raw().iterate() as Iterable<
      [string]
    >;
    const sums = [0, 0, 0, 0, 0];
    let count = 0;
    for (const [lengths] of rows) {
      count++;
      lengths.split(' ').forEach((n, i) => {
        sums[i]! += Number(n);
      });
    }
    const stats: SearchStats = { count, averageLengths: sums.map((sum) => (count === 0 ? 0 : Math.round((sum / count) * 100) / 100)) };
    this.db.prepare("INSERT OR REPLACE INTO main.meta (key, value) VALUES ('search_stats', ?)").run(JSON.stringify(stats));
  }

  /** WordNet's related words (../wordnet.ts), when this database does not have this version of them. */
  saveRelatedWords(progress: Progress) {
    if (metaOf(this.db, 'main.meta', 'related_version') === WORDNET_VERSION) return;
    progress.phase('relating words (WordNet)');
    this.db.exec('DELETE FROM related_words');
    const insert = this.db.prepare('INSERT INTO related_words (word, stems) SELECT value ->> 0, value ->> 1 FROM json_each(?)');
    const table = relatedWordsCached();
    for (let i = 0; i < table.length; i += 10_000) insert.run(JSON.stringify(table.slice(i, i + 10_000)));
    this.db.prepare("INSERT OR REPLACE INTO main.meta (key, value) VALUES ('related_version', ?)").run(WORDNET_VERSION);
  }
}
