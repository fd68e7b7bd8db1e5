import { getFeedItems } from '@/lib/content';
import { SITE_NAME, siteUrl } from '@/lib/config';
import { atomFeed, atomResponse, SITE_FEED } from '@/lib/seo/feed';

// The newest questions of the whole site, as an Atom feed; built with the site, like a page.
export const dynamic = 'force-static';

export async function GET() {
  const items = (await getFeedItems({ site: true }))!;
  const info = { title: `${SITE_NAME}: newest questions`, subtitle: 'The newest questions and answers, every subject.', pagePath: '/', feedPath: SITE_FEED };
  return atomResponse(atomFeed(info, items, siteUrl()));
}
