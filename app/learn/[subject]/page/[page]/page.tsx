import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SubjectListing } from '@/components/SubjectListing';
import { getSubjects, listSubjectPage } from '@/lib/content';
import { subjectMetadata } from '@/lib/seo/metadata';

type Props = { params: Promise<{ subject: string; page: string }> };

export const dynamicParams = false;

/** Pages 2 and up of every subject (page 1 is /learn/<subject>). */
export function generateStaticParams() {
  return getSubjects().flatMap((s) => {
    const pageCount = listSubjectPage(s.slug, 1)!.pageCount;
    return Array.from({ length: pageCount - 1 }, (_, i) => ({ subject: s.slug, page: String(i + 2) }));
  });
}

async function listing(params: Props['params']) {
  const { subject, page } = await params;
  return /^[1-9]\d*$/.test(page) && page !== '1' ? listSubjectPage(subject, Number(page)) : null;
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
