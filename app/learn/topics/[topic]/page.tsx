import { getPrerenderedTopics } from '@/lib/content';

export { TopicRoute as default, topicRouteMetadata as generateMetadata } from '@/components/TopicRoute';

// The largest topics are built ahead (PRERENDER_TOPICS); the others render on their first
// visit and are cached; an unknown topic is a 404.
export const dynamicParams = true;

export async function generateStaticParams() {
  return (await getPrerenderedTopics()).map((topic) => ({ topic }));
}
