import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SubjectListing } from '@/components/SubjectListing';
import { getSubjects, listSubjectPage } from '@/lib/content';
import { subjectMetadata } from '@/lib/seo/metadata';

type Props = { params: Promise<{ subject: string }> };

// Subjects published after the build (content:sync to PostgreSQL) render on their first visit.
export const dynamicParams = true;

export async function generateStaticParams() {
  return (await getSubjects()).map((s) => ({ subject: s.slug }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const listing = await listSubjectPage((await params).subject, 1);
  return listing ? subjectMetadata(listing.subject, 1) : {};
}

export default async function SubjectPage({ params }: Props) {
  const listing = await listSubjectPage((await params).subject, 1);
  if (!listing) notFound();
  return <SubjectListing {...listing} />;
}
