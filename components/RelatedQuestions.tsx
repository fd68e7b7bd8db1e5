import Link from 'next/link';
import type { QuestionSummary } from '@/lib/content';
import type { ResolvedRelatedLink } from '@/lib/content/model/types';
import { formatDay } from '@/lib/format-day';

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
    <section aria-labelledby="related" className="mt-10">
      <h2 id="related" className="text-xl font-semibold">
        Related questions
      </h2>
      <Items items={items} />
    </section>
  );
}

export function MoreFromSubject({ subjectName, questions }: { subjectName: string; questions: QuestionSummary[] }) {
  if (questions.length === 0) return null;
  return (
    <section aria-labelledby="more" className="mt-10">
      <h2 id="more" className="text-xl font-semibold">
        More {subjectName} questions
      </h2>
      <Items items={questions.map((q) => ({ url: q.url, title: q.title, note: formatDay(q.date, 'MMM DD, YYYY') }))} />
    </section>
  );
}

/** Questions sharing the most topics with this one: somewhere to go when its own related links are missing. */
export function MoreOnTopics({ questions, subjectNames }: { questions: QuestionSummary[]; subjectNames: Map<string, string> }) {
  if (questions.length === 0) return null;
  return (
    <section aria-labelledby="more-on-topics" className="mt-10">
      <h2 id="more-on-topics" className="text-xl font-semibold">
        More on this topic
      </h2>
      <Items items={questions.map((q) => ({ url: q.url, title: q.title, note: subjectNames.get(q.subjectSlug) ?? '' }))} />
    </section>
  );
}
