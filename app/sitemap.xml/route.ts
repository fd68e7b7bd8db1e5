import { sitemapIndexXml } from '@/lib/seo/sitemap';

// Next's generateSitemaps serves the children but no index: this is the index.
export const dynamic = 'force-static';

export function GET() {
  return new Response(sitemapIndexXml(), { headers: { 'Content-Type': 'application/xml' } });
}
