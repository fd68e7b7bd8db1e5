import { createHash, timingSafeEqual } from 'node:crypto';
import { revalidatePath, revalidateTag } from 'next/cache';
import { TAGS } from '@/lib/cache-tags';
import { env } from '@/lib/env.mjs';
import { expireTags } from '@/lib/shared-page-cache.cjs';

// POST /api/revalidate, with `Authorization: Bearer <REVALIDATE_SECRET>` and content:sync's
// change list as JSON ({ ids, subjects, topics } of lib/content/postgres/pg-sync.ts, or { all: true }):
// expires exactly the cached pages that show what changed (lib/cache-tags.ts); they render again
// from the content store on their next request. Without the secret, or with a wrong one, 401 and
// nothing is expired. With PostgreSQL (DATABASE_URL) the expiry is written there first, for every
// server to read within a quarter of a second (lib/shared-page-cache.cjs); when it cannot be,
// 503 and nothing is expired, so that content:sync keeps the list and sends it again.

export const dynamic = 'force-dynamic';

/** A change list longer than this is not one content:sync sends (it sends { all: true } instead). */
const MAX_BODY_BYTES = 1_000_000;
const MAX_ITEMS = 50_000;

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });

/** Compares digests of equal length, in constant time whatever the header holds. */
function authorized(header: string | null): boolean {
  const secret = env().REVALIDATE_SECRET;
  if (!secret || !header?.startsWith('Bearer ')) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(header.slice('Bearer '.length)), digest(secret));
}

/** The request's body, or null when it is longer than `limit` bytes (read no further). */
async function bodyOf(request: Request, limit: number): Promise<string | null> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) return null;
  const reader = request.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The tag revalidatePath('/', 'layout') expires (Next's NEXT_CACHE_IMPLICIT_TAG_ID and the root layout). */
const ROOT_LAYOUT_TAG = '_N_T_/layout';

type Changes = { all: true } | { ids: number[]; subjects: string[]; topics: string[] };

/** The change list, or what is wrong with it. */
function changesOf(text: string): Changes | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'the body is not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the body must be an object';
  const body = value as Record<string, unknown>;
  if (body.all === true) return { all: true };
  const list = <T>(key: string, valid: (item: unknown) => item is T): T[] | string => {
    const items = body[key] ?? [];
    if (!Array.isArray(items) || items.length > MAX_ITEMS || !items.every(valid))
      return `${key} must be an array of at most ${MAX_ITEMS} ${key === 'ids' ? 'integers' : 'strings of 1 to 200 characters, without NUL'}`;
    return items;
  };
  const ids = list('ids', (i): i is number => Number.isSafeInteger(i));
  // A name's tag is stored as text, which PostgreSQL's cannot hold with NUL in it.
  const name = (s: unknown): s is string => typeof s === 'string' && s.length > 0 && s.length <= 200 && !s.includes('\u0000');
  const subjects = list('subjects', name);
  const topics = list('topics', name);
  for (const problem of [ids, subjects, topics]) if (typeof problem === 'string') return problem;
  return { ids: ids as number[], subjects: subjects as string[], topics: topics as string[] };
}

export async function POST(request: Request) {
  if (!authorized(request.headers.get('authorization'))) {
    return json({ error: 'a valid REVALIDATE_SECRET is required (Authorization: Bearer …)' }, 401, { 'WWW-Authenticate': 'Bearer' });
  }
  const text = await bodyOf(request, MAX_BODY_BYTES);
  if (text === null) return json({ error: `the change list is longer than ${MAX_BODY_BYTES} bytes: send { "all": true }` }, 413);
  const changes = changesOf(text);
  if (typeof changes === 'string') return json({ error: changes }, 400);
  // revalidatePath('/', 'layout') expires Next's implicit tag of the root layout, which every page carries.
  const tags =
    'all' in changes
      ? [ROOT_LAYOUT_TAG]
      : [
          ...changes.ids.map(TAGS.question),
          ...changes.subjects.map(TAGS.subject),
          ...changes.topics.map(TAGS.topic),
          ...(changes.ids.length + changes.subjects.length + changes.topics.length > 0 ? [TAGS.home, TAGS.topicIndex, TAGS.sitemaps] : []),
        ];
  const url = env().DATABASE_URL;
  if (url) {
    try {
      await expireTags(url, tags, Date.now());
    } catch (error) {
      console.error(`revalidate: could not record the expiry for every server (${error instanceof Error ? error.message : error})`);
      return json({ error: 'the content database is unavailable: nothing was expired; send the list again' }, 503, { 'Retry-After': '30' });
    }
  }
  if ('all' in changes) {
    revalidatePath('/', 'layout');
    return json({ revalidated: 'all' });
  }
  for (const tag of tags) revalidateTag(tag, { expire: 0 });
  return json({ revalidated: tags.length });
}
