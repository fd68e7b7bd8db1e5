import { notFound } from 'next/navigation';
import { getFeedItems, getPrerenderedTopics, getTopicPage, topicUrl } from '@/lib/content';
import { SITE_NAME, siteUrl } from '@/lib/config';
import { atomFeed, atomResponse, topicFeed } from '@/lib/seo/feed';

// A topic's newest questions, as an Atom feed. The largest topics' feeds are built with the
// site; the others on their first request, then cached like the topic pages.
export const dynamicParams = true;

export async function generateStaticParams() {
  return (await getPrerenderedTopics()).map((topic) => ({ topic }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ topic: string }> }) {
  const slug = (await params).topic;
  const [page, items] = await Promise.all([getTopicPage(slug, 1), getFeedItems({ topic: slug })]);
  if (!page || !items) notFound();
  const { name } = page.topic;
  const info = {
    title: `${name}: newest questions | ${SITE_NAME}`,
    subtitle: `The newest questions about ${name}, every subject.`,
    pagePath: topicUrl(slug),
    feedPath: topicFeed(slug),
  };
  return atomResponse(atomFeed(info, items, siteUrl()));
}
