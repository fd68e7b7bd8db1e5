import Link from 'next/link';
import type { QuestionSummary } from '@/lib/content';
import { formatDay } from '@/lib/format-day';

/**
 * A list of questions as links, each with its day (and its subject, where lists mix them). Links
 * to content are not prefetched, here and in every list: a page shows dozens, and prefetching
 * each one's payload (and the formula fonts it asks for) costs a phone more than a click saves.
 */
export function QuestionList({ questions, subjectNames }: { questions: QuestionSummary[]; subjectNames?: Map<string, string> }) {
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-800">
      {questions.map((q) => (
        <li key={q.url} className="py-3">
          <Link
            prefetch={false}
            href={q.url}
            className="font-medium text-slate-900 underline-offset-2 hover:text-indigo-700 hover:underline dark:text-slate-100 dark:hover:text-indigo-300"
          >
            {q.title}
          </Link>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {subjectNames && <>{subjectNames.get(q.subjectSlug)} · </>}
            <time dateTime={q.date}>{formatDay(q.date, 'MMM DD, YYYY')}</time>
          </p>
        </li>
      ))}
    </ul>
  );
}
