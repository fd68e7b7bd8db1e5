import { notFound } from 'next/navigation';
import { getSitemapSource } from '@/lib/content';
import { siteUrl } from '@/lib/config';
import { sitemapCount, sitemapXml } from '@/lib/seo/sitemap';

// The child sitemaps, /sitemap/0.xml, /sitemap/1.xml …, listed by the index at /sitemap.xml.
// More files appear as content is published after the build (content:sync to PostgreSQL).
export const dynamicParams = true;

export async function generateStaticParams() {
  return Array.from({ length: sitemapCount(await getSitemapSource(), siteUrl()) }, (_, id) => ({ file: `${id}.xml` }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const id = /^(\d+)\.xml$/.exec((await params).file)?.[1];
  const source = await getSitemapSource();
  if (id === undefined || Number(id) >= sitemapCount(source, siteUrl())) notFound();
  return new Response(await sitemapXml(source, siteUrl(), Number(id)), { headers: { 'Content-Type': 'application/xml' } });
}
