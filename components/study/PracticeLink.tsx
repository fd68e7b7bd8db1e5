import Link from 'next/link';
import { practiceUrl, type PracticeScope } from '@/lib/content';

/** On a subject's or topic's page: its practice page. */
export function PracticeLink({ scope, name }: { scope: PracticeScope; name: string }) {
  return (
    <p className="mt-4">
      <Link
        prefetch={false}
        href={practiceUrl(scope)}
        className="inline-block rounded-md border border-indigo-700 px-4 py-2 font-medium text-indigo-700 hover:bg-indigo-50 dark:border-indigo-300 dark:text-indigo-300 dark:hover:bg-slate-900"
      >
        Practice {name}: recall, then check →
      </Link>
    </p>
  );
}
