import { notFound } from 'next/navigation';
import { sitemapCount, sitemapXml } from '@/lib/seo/sitemap';

// The child sitemaps, /sitemap/0.xml, /sitemap/1.xml …, listed by the index at /sitemap.xml.
export const dynamicParams = false;

export function generateStaticParams() {
  return Array.from({ length: sitemapCount() }, (_, id) => ({ file: `${id}.xml` }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const id = /^(\d+)\.xml$/.exec((await params).file)?.[1];
  if (id === undefined || Number(id) >= sitemapCount()) notFound();
  return new Response(sitemapXml(Number(id)), { headers: { 'Content-Type': 'application/xml' } });
}
