import Link from 'next/link';
import type { QuestionSummary, ResolvedRelatedLink } from '@/lib/content';
import { formatDay } from '@/lib/format-day';
import { Section } from './Section';

type Item = Pick<QuestionSummary, 'url' | 'title'> & { note: string };

function Items({ items }: { items: Item[] }) {
  return (
    <ul className="mt-3 space-y-2">
      {items.map((item) => (
        <li key={item.url}>
          <Link prefetch={false} href={item.url} className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
            {item.title}
          </Link>
          <span className="text-sm text-slate-600 dark:text-slate-400"> · {item.note}</span>
        </li>
      ))}
    </ul>
  );
}

/** Related questions that exist on the site (links to missing pages are left out). */
export function RelatedQuestions({ links }: { links: ResolvedRelatedLink[] }) {
  const items = links.filter((l) => l.exists).map((l) => ({ url: l.url, title: l.title, note: l.subjectName }));
  if (items.length === 0) return null;
  return (
    <Section id="related" title="Related questions">
      <Items items={items} />
    </Section>
  );
}

export function MoreFromSubject({ subjectName, questions }: { subjectName: string; questions: QuestionSummary[] }) {
  if (questions.length === 0) return null;
  return (
    <Section id="more" title={<>More {subjectName} questions</>}>
      <Items items={questions.map((q) => ({ url: q.url, title: q.title, note: formatDay(q.date, 'MMM DD, YYYY') }))} />
    </Section>
  );
}

/** Questions sharing the most topics with this one: somewhere to go when its own related links are missing. */
export function MoreOnTopics({ questions, subjectNames }: { questions: QuestionSummary[]; subjectNames: Map<string, string> }) {
  if (questions.length === 0) return null;
  return (
    <Section id="more-on-topics" title="More on this topic">
      <Items items={questions.map((q) => ({ url: q.url, title: q.title, note: subjectNames.get(q.subjectSlug) ?? '' }))} />
    </Section>
  );
}
