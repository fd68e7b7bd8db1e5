import { notFound } from 'next/navigation';
import { getFeedItems, getSubject, getSubjects, subjectUrl } from '@/lib/content';
import { SITE_NAME, siteUrl } from '@/lib/config';
import { atomFeed, atomResponse, subjectFeed } from '@/lib/seo/feed';

// A subject's newest questions, as an Atom feed: one per subject, built with the site.
export const dynamicParams = true;

export async function generateStaticParams() {
  return (await getSubjects()).map((s) => ({ subject: s.slug }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ subject: string }> }) {
  const slug = (await params).subject;
  const [subject, items] = await Promise.all([getSubject(slug), getFeedItems({ subject: slug })]);
  if (!subject || !items) notFound();
  const info = {
    title: `${subject.name}: newest questions | ${SITE_NAME}`,
    subtitle: `The newest ${subject.name} questions and answers.`,
    pagePath: subjectUrl(slug),
    feedPath: subjectFeed(slug),
  };
  return atomResponse(atomFeed(info, items, siteUrl()));
}
