import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SubjectListing } from '@/components/SubjectListing';
import { getSubjects, listSubjectPage, pageCountOf, pageOfSegment, PRERENDERED_LISTING_PAGES } from '@/lib/content';
import { subjectMetadata } from '@/lib/seo/metadata';

type Props = { params: Promise<{ subject: string; page: string }> };

// Deeper pages are rendered on their first visit and cached, so that prerendering stays bounded
// when one subject holds 100,000 questions; a page past the last is a 404.
export const dynamicParams = true;

/** Pages 2 to PRERENDERED_LISTING_PAGES of every subject (page 1 is /learn/<subject>). */
export async function generateStaticParams() {
  return (await getSubjects()).flatMap((s) => {
    const pageCount = Math.min(pageCountOf(s.count), PRERENDERED_LISTING_PAGES);
    return Array.from({ length: pageCount - 1 }, (_, i) => ({ subject: s.slug, page: String(i + 2) }));
  });
}

async function listing(params: Props['params']) {
  const { subject, page } = await params;
  const n = pageOfSegment(page);
  return n ? listSubjectPage(subject, n) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await listing(params);
  return found ? subjectMetadata(found.subject, found.page) : {};
}

export default async function SubjectPageN({ params }: Props) {
  const found = await listing(params);
  if (!found) notFound();
  return <SubjectListing {...found} />;
}
