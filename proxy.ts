import fs from 'node:fs';
import path from 'node:path';
import { NextResponse, type NextRequest } from 'next/server';
import { databaseAvailable } from '@/lib/content/store/pg-health';

// With the PostgreSQL content store (DATABASE_URL), a database that has gone away must not
// become errors: pages already cached keep being served, and a page that would need the
// database answers 503 with Retry-After (crawlers come back later instead of dropping it). Once
// the database answers again, everything renders as before: the pool reconnects by itself.
// With the embedded SQLite store this does nothing.

const RETRY_AFTER_SECONDS = 30;
/** Where `next start` keeps rendered pages (Next's file-system cache). */
const PAGES = path.join(process.cwd(), '.next', 'server', 'app');

/** Whether Next has this page rendered and can serve it without the database. */
function cached(pathname: string): boolean {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return false; // not a url any page has
  }
  const file = path.join(PAGES, `${pathname === '/' ? '/index' : decoded.replace(/\/$/, '')}.html`);
  return file.startsWith(PAGES + path.sep) && fs.existsSync(file);
}

const UNAVAILABLE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Back in a moment | QuickTakes Learn</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.6"><h1>Back in a moment</h1><p>This page cannot be shown right now. Please try again in a minute; the rest of the site is still here.</p><p><a href="/">QuickTakes Learn</a></p></body></html>`;

export async function proxy(request: NextRequest) {
  const url = process.env.DATABASE_URL;
  if (!url || (await databaseAvailable(url))) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  if (!search && request.method === 'GET' && cached(pathname)) return NextResponse.next();
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
