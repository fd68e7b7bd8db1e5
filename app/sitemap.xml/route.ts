import { getSitemapSource } from '@/lib/content';
import { siteUrl } from '@/lib/config';
import { sitemapIndexXml } from '@/lib/seo/sitemap';

// Next's generateSitemaps serves child sitemaps but no index: this route is the index.
export const dynamic = 'force-static';

export async function GET() {
  return new Response(sitemapIndexXml(await getSitemapSource(), siteUrl()), { headers: { 'Content-Type': 'application/xml' } });
}
