import Link from 'next/link';
import { subjectUrl, type Subject } from '@/lib/content';

export function SubjectGrid({ subjects }: { subjects: Subject[] }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {subjects.map((s) => (
        <li key={s.slug}>
          <Link
            prefetch={false}
            href={subjectUrl(s.slug)}
            className="flex items-baseline justify-between gap-3 rounded-lg border border-slate-200 px-4 py-3 hover:border-indigo-600 hover:bg-indigo-50 dark:border-slate-800 dark:hover:border-indigo-400 dark:hover:bg-slate-900"
          >
            <span className="font-medium">{s.name}</span>
            <span className="text-sm text-slate-600 dark:text-slate-400">
              {s.count.toLocaleString('en-US')} {s.count === 1 ? 'question' : 'questions'}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
