import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TopicIndex } from '@/components/TopicIndex';
import { getTopicIndex, pageOfSegment } from '@/lib/content';
import { topicIndexMetadata } from '@/lib/seo/metadata';

type Props = { params: Promise<{ page: string }> };

// Index pages after the first: rendered on their first visit, then cached.
export const dynamicParams = true;

export async function generateStaticParams() {
  return [];
}

async function index(params: Props['params']) {
  const { page } = await params;
  const n = pageOfSegment(page);
  return n ? getTopicIndex(n) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await index(params);
  return found ? topicIndexMetadata(found) : {};
}

export default async function TopicsPageN({ params }: Props) {
  const found = await index(params);
  if (!found) notFound();
  return <TopicIndex index={found} />;
}
