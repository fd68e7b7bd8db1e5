import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { QuestionFile } from '../model/types';

// What only a question's own page shows, stored as one compressed JSON value per question:
// the answer is most of a file's bytes and compresses about threefold.

export type Body = Pick<QuestionFile, 'articleTitle' | 'question' | 'answer' | 'dateFormat' | 'postOnText' | 'author' | 'score' | 'related'> & {
  seoTitle: string;
  keywords: string[];
};

export function bodyOf(q: QuestionFile): Body {
  const { articleTitle, question, answer, dateFormat, postOnText, author, score, related } = q;
  return { articleTitle, question, answer, dateFormat, postOnText, author, score, related, seoTitle: q.seo.title, keywords: q.seo.keywords };
}

export const packBody = (body: Body): Buffer => deflateRawSync(Buffer.from(JSON.stringify(body), 'utf8'));

export const unpackBody = (bytes: Uint8Array): Body => JSON.parse(inflateRawSync(bytes).toString('utf8')) as Body;
