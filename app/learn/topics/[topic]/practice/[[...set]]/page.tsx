export { PracticeRoute as default, practiceRouteMetadata as generateMetadata } from '@/components/study/PracticeRoute';

// Practice sets render on their first visit and are then cached (none is built ahead); an
// unknown subject, topic or set is a 404.
export const dynamicParams = true;

export async function generateStaticParams() {
  return [];
}
