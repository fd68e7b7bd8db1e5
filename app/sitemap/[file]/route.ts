import { notFound } from 'next/navigation';
import { getContentIndex } from '@/lib/content';
import { siteUrl } from '@/lib/config';
import { sitemapCount, sitemapXml } from '@/lib/seo/sitemap';

// The child sitemaps, /sitemap/0.xml, /sitemap/1.xml …, listed by the index at /sitemap.xml.
export const dynamicParams = false;

export function generateStaticParams() {
  return Array.from({ length: sitemapCount(getContentIndex(), siteUrl()) }, (_, id) => ({ file: `${id}.xml` }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const id = /^(\d+)\.xml$/.exec((await params).file)?.[1];
  if (id === undefined || Number(id) >= sitemapCount(getContentIndex(), siteUrl())) notFound();
  return new Response(sitemapXml(getContentIndex(), siteUrl(), Number(id)), { headers: { 'Content-Type': 'application/xml' } });
}
