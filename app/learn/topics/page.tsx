import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TopicIndex } from '@/components/TopicIndex';
import { getTopicIndex } from '@/lib/content';
import { topicIndexMetadata } from '@/lib/seo/metadata';

export async function generateMetadata(): Promise<Metadata> {
  const index = await getTopicIndex(1);
  return index ? topicIndexMetadata(index) : {};
}

export default async function TopicsPage() {
  const index = await getTopicIndex(1);
  if (!index) notFound();
  return <TopicIndex index={index} />;
}
