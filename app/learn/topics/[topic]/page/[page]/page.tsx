export { TopicRoute as default, topicRouteMetadata as generateMetadata } from '@/components/TopicRoute';

// Rendered on the first visit, then cached, like a topic's first page.
export const dynamicParams = true;

export async function generateStaticParams() {
  return [];
}
