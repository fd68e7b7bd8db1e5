import { searchQuestions } from '@/lib/content';
import { searchStateOf } from '@/lib/search-url';

// The search page's results as JSON, for its instant results. Content changes only with a
// deployment, so answers may be cached for a while by the browser and the CDN.
export async function GET(request: Request) {
  const { q, subject, page } = searchStateOf(new URL(request.url).searchParams);
  const outcome = await searchQuestions(q, subject, page);
  const status = 'error' in outcome ? 400 : 200;
  return Response.json(outcome, {
    status,
    headers: { 'Cache-Control': status === 200 ? 'public, max-age=300, s-maxage=3600, stale-while-revalidate=86400' : 'no-store' },
  });
}
