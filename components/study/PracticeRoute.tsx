import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getPracticeSet, pageOfSegment, subjectUrl, topicUrl } from '@/lib/content';
import { capitalised, practiceMetadata } from '@/lib/seo/metadata';
import { PracticeDeck } from './PracticeDeck';

// What the two practice routes share: /learn/<subject>/practice[/<n>] and /learn/topics/<slug>/practice[/<n>].

export type PracticeProps = { params: Promise<{ subject?: string; topic?: string; set?: string[] }> };

/** The set the params ask for, or null for one that does not exist (set 1 has no /1 url). */
async function practiceSetOf(params: PracticeProps['params']) {
  const { subject, topic, set = [] } = await params;
  const n = set.length > 1 ? null : pageOfSegment(set[0]);
  if (!n) return null;
  return subject !== undefined ? getPracticeSet('subject', subject, n) : getPracticeSet('topic', topic!, n);
}

export async function practiceRouteMetadata({ params }: PracticeProps): Promise<Metadata> {
  const found = await practiceSetOf(params);
  return found ? practiceMetadata(found) : {};
}

export async function PracticeRoute({ params }: PracticeProps) {
  const found = await practiceSetOf(params);
  if (!found) notFound();
  const { scope } = found;
  const name = 'subject' in scope ? found.name : capitalised(found.name);
  const trail =
    'subject' in scope
      ? [{ name, href: subjectUrl(scope.subject) }]
      : [
          { name: 'Topics', href: '/learn/topics' },
          { name, href: topicUrl(scope.topic) },
        ];
  const back = { href: trail.at(-1)!.href, label: `All questions ${'subject' in scope ? 'in' : 'about'} ${found.name}` };
  return <PracticeDeck found={{ ...found, name }} trail={[{ name: 'Home', href: '/' }, { name: 'Learn', href: '/learn' }, ...trail]} back={back} />;
}
