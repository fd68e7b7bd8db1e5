// The relevance evaluation (`npm run bench -- relevance`, and test/corpus/relevance.test.ts in
// CI): queries written by hand as students type them (bench/relevance/queries-*.tsv: a question
// in other words, keywords, a misspelling, the concept's name), each for one real question of
// ../shared/corpus/quicktakes-large. A hit is that question (or a cross-listed copy) among the
// first k results. The queries were written before any tuning and are not edited to pass.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { parseQuery } from '../lib/content/search/query';
import type { BaseStore } from '../lib/content/store/base-store';
import { buildContentDb } from '../lib/content/build/write';
import { parseQuestionFile } from '../lib/content/model/parse-file';
import { listQuestionFiles } from '../lib/content/build/files';

export const LARGE_CORPUS = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'quicktakes-large');
export const STYLES = ['paraphrase', 'keywords', 'misspelled', 'concept'] as const;
export type Style = (typeof STYLES)[number];

export interface RelevanceQuery {
  style: Style;
  query: string;
  id: number;
}

/** Every query of the set (comment lines and headers skipped). */
export function relevanceQueries(): RelevanceQuery[] {
  const dir = path.join(import.meta.dirname, 'relevance');
  const queries: RelevanceQuery[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => /^queries-.*\.tsv$/.test(f))
    .sort()) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (line.trim() === '' || line.startsWith('#') || line.startsWith('style\t')) continue;
      const [style, query, id] = line.split('\t');
      if (!STYLES.includes(style as Style) || !query || !Number(id)) throw new Error(`${file}: not a query line: ${line}`);
      queries.push({ style: style as Style, query, id: Number(id) });
    }
  }
  return queries;
}

/** A search engine under evaluation: the question ids of its first ten results. */
export type Engine = (query: string) => Promise<number[]>;

/** The question id of each url of the corpus (MANIFEST.tsv). */
function idsByUrl(corpus: string): Map<string, number> {
  const rows = fs.readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return new Map(rows.map((row) => row.split('\t')).map(([, id, , url]) => [url!, Number(id)]));
}

/** The site's search on a store, the query parsed as the search page parses it. */
export function storeEngine(store: BaseStore, corpus = LARGE_CORPUS): Engine {
  const ids = idsByUrl(corpus);
  return async (q) => {
    const parsed = parseQuery(q);
    if ('error' in parsed) return [];
    const results = await store.search({ ...parsed, subject: null, page: 1 });
    return results.hits.slice(0, 10).map((hit) => ids.get(hit.url)!);
  };
}

/** MiniSearch 7.2 as the issue configures it: BM25+, any word, prefix and fuzzy matching, title boosted. */
export function miniSearchEngine(corpus = LARGE_CORPUS): Engine {
  const mini = new MiniSearch<{ id: string; qid: number; title: string; question: string; keywords: string; description: string; answer: string }>({
    fields: ['title', 'question', 'keywords', 'description', 'answer'],
    storeFields: ['qid'],
    searchOptions: { boost: { title: 2 }, prefix: true, fuzzy: 0.2, combineWith: 'OR' },
  });
  for (const file of listQuestionFiles(corpus)) {
    const { question: q } = parseQuestionFile(file, fs.readFileSync(path.join(corpus, file)));
    if (!q) continue;
    mini.add({
      id: file,
      qid: q.id,
      title: q.title,
      question: q.question,
      keywords: q.seo.keywords.join(', '),
      description: q.seo.description,
      answer: q.answer,
    });
  }
  return async (q) => {
    const seen = new Set<number>();
    for (const hit of mini.search(q)) {
      seen.add(hit.qid as number);
      if (seen.size === 10) break;
    }
    return [...seen];
  };
}

export interface Figures {
  queries: number;
  hit1: number;
  hit5: number;
  hit10: number;
  mrr10: number;
  noResults: number;
}

/** Figures per style and overall ('all'). */
export async function evaluate(
  engine: Engine,
  queries = relevanceQueries(),
): Promise<Map<Style | 'all', Figures> & { misses: (RelevanceQuery & { rank: number })[] }> {
  const rows: { style: Style; rank: number; none: boolean }[] = [];
  const misses: (RelevanceQuery & { rank: number })[] = [];
  for (const q of queries) {
    const ids = await engine(q.query);
    const rank = ids.indexOf(q.id) + 1;
    rows.push({ style: q.style, rank, none: ids.length === 0 });
    if (rank === 0 || rank > 5) misses.push({ ...q, rank });
  }
  const figures = (subset: typeof rows): Figures => {
    const share = (f: (r: (typeof rows)[number]) => boolean) => subset.filter(f).length / subset.length;
    return {
      queries: subset.length,
      hit1: share((r) => r.rank === 1),
      hit5: share((r) => r.rank >= 1 && r.rank <= 5),
      hit10: share((r) => r.rank >= 1 && r.rank <= 10),
      mrr10: subset.reduce((n, r) => n + (r.rank >= 1 && r.rank <= 10 ? 1 / r.rank : 0), 0) / subset.length,
      noResults: share((r) => r.none),
    };
  };
  const result = new Map<Style | 'all', Figures>() as Map<Style | 'all', Figures> & { misses: typeof misses };
  for (const style of STYLES) result.set(style, figures(rows.filter((r) => r.style === style)));
  result.set('all', figures(rows));
  result.misses = misses;
  return result;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A Markdown table of engines' figures, side by side per style. */
export function relevanceTable(runs: [name: string, figures: Map<Style | 'all', Figures>][]): string {
  const lines = ['| engine | style | queries | hit@1 | hit@5 | hit@10 | MRR@10 | no results |', '| --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const [name, figures] of runs) {
    for (const [style, f] of figures)
      lines.push(`| ${name} | ${style} | ${f.queries} | ${pct(f.hit1)} | ${pct(f.hit5)} | ${pct(f.hit10)} | ${f.mrr10.toFixed(3)} | ${pct(f.noResults)} |`);
  }
  return lines.join('\n');
}

/** The content database of the large corpus, built into a temporary folder (or `file`). */
export async function buildLargeCorpusDb(file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'relevance-')), 'content.db')) {
  const build = await buildContentDb(LARGE_CORPUS, file);
  if (build.problems.length > 0) throw new Error(`${LARGE_CORPUS}: ${build.problems.length} problems, first: ${JSON.stringify(build.problems[0])}`);
  return file;
}
