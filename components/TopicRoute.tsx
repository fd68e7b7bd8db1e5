import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TopicListing } from '@/components/TopicListing';
import { getRelatedTopics, getSubjects, getTopicPage, pageOfSegment } from '@/lib/content';
import { topicMetadata } from '@/lib/seo/metadata';

// What the four topic routes share: /learn/topics/<slug>[/in/<subject>][/page/<n>].

type Props = { params: Promise<{ topic: string; subject?: string; page?: string }> };

/** The page the params ask for, or null for one that does not exist (page 1 has no /page/1 url). */
async function topicPageOf(params: Props['params']) {
  const { topic, subject, page } = await params;
  const n = pageOfSegment(page);
  return n ? getTopicPage(topic, n, subject ?? null) : null;
}

export async function topicRouteMetadata({ params }: Props): Promise<Metadata> {
  const found = await topicPageOf(params);
  return found ? topicMetadata(found) : {};
}

export async function TopicRoute({ params }: Props) {
  const found = await topicPageOf(params);
  if (!found) notFound();
  const [related, subjects] = await Promise.all([getRelatedTopics(found.topic.slug, 12), getSubjects()]);
  return <TopicListing found={found} related={related} subjects={subjects} />;
}
