import { isContentUnavailable, searchQuestions } from '@/lib/content';
import { searchStateOf } from '@/lib/search-url';

// The search page's results as JSON, for its instant results, cached for a while by the browser
// and the CDN. On SQLite the content changes only with a deployment, which starts a new CDN cache;
// on PostgreSQL a content:sync does not purge these answers: they can lag it by up to s-maxage.
export async function GET(request: Request) {
  const { q, subject, page, exact } = searchStateOf(new URL(request.url).searchParams);
  let outcome;
  try {
    outcome = await searchQuestions(q, subject, page, exact);
  } catch (error) {
    // The PostgreSQL store has gone away: try again shortly (proxy.ts answers the next ones).
    if (!isContentUnavailable(error)) throw error;
    return Response.json(
      { error: 'the content database is unavailable; try again shortly' },
      { status: 503, headers: { 'Retry-After': '30', 'Cache-Control': 'no-store' } },
    );
  }
  const status = 'error' in outcome ? 400 : 200;
  return Response.json(outcome, {
    status,
    headers: { 'Cache-Control': status === 200 ? 'public, max-age=300, s-maxage=3600, stale-while-revalidate=86400' : 'no-store' },
  });
}
