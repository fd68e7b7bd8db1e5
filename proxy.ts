import fs from 'node:fs';
import path from 'node:path';
import { NextResponse, type NextRequest } from 'next/server';
import { buildPath } from '@/lib/config';
import { contentAvailable } from '@/lib/content/health';

// An address that does not decode as UTF-8 gets a plain 400 (the router would answer 500).
// With the PostgreSQL content store (DATABASE_URL), a database that has gone away must not
// become errors: pages already cached keep being served, and a page that would need the
// database answers 503 with Retry-After (crawlers come back later instead of dropping it). Once
// the database answers again, everything renders as before: the pool reconnects by itself.
// With the embedded SQLite store, the first is all it does.

const RETRY_AFTER_SECONDS = 30;
/** Where `next start` keeps pages: those rendered by the build, and those rendered on demand (a folder per route). */
const BUILT = buildPath('.next', 'server', 'app');
const ON_DEMAND = buildPath('.next', 'server', 'route-cache', 'APP_PAGE');

/** The path decoded, or null for one that does not decode (the router would answer a bare 500: `/learn/%c0%ae`). */
function decodedPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

/** Whether Next has this page (its decoded path) rendered and can serve it without the database. */
function cached(decoded: string): boolean {
  const name = `${decoded === '/' ? '/index' : decoded.replace(/\/$/, '')}.html`;
  const holds = (dir: string) => {
    const file = path.join(dir, name);
    return file.startsWith(dir + path.sep) && fs.existsSync(file);
  };
  if (holds(BUILT)) return true;
  return fs.existsSync(ON_DEMAND) && fs.readdirSync(ON_DEMAND).some((route) => holds(path.join(ON_DEMAND, route, '$')));
}

/** A small page of its own, for when the site's cannot be rendered. */
const plainPage = (
  title: string,
  text: string,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title} | QuickTakes Learn</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.6"><h1>${title}</h1><p>${text}</p><p><a href="/">QuickTakes Learn</a></p></body></html>`;
const UNAVAILABLE = plainPage('Back in a moment', 'This page cannot be shown right now. Please try again in a minute; the rest of the site is still here.');
const MALFORMED = plainPage('Not a valid address', 'This address has characters no page of the site uses.');

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const decoded = decodedPath(pathname);
  if (decoded === null) {
    return new NextResponse(MALFORMED, { status: 400, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  if (await contentAvailable()) return NextResponse.next();
  if (!search && request.method === 'GET' && cached(decoded)) return NextResponse.next();
  const api = pathname.startsWith('/api/');
  return new NextResponse(api ? JSON.stringify({ error: 'the content database is unavailable; try again shortly' }) : UNAVAILABLE, {
    status: 503,
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store', 'Content-Type': api ? 'application/json' : 'text/html; charset=utf-8' },
  });
}

export const config = {
  // Pages, feeds, sitemaps and the search API: not Next's own files, icons or KaTeX's assets.
  matcher: ['/((?!_next/|katex/|icon|favicon|robots.txt|opensearch.xml).*)'],
};
