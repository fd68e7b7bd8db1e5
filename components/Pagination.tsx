import Link from 'next/link';
import { pagedUrl } from '@/lib/content';

/** Previous and next links between the static pages of a listing. */
export function Pagination({ base, page, pageCount }: { base: string; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  const link =
    'rounded-md border border-slate-300 px-3 py-1.5 hover:border-indigo-600 hover:text-indigo-700 dark:border-slate-700 dark:hover:border-indigo-300 dark:hover:text-indigo-300';
  return (
    <nav aria-label="Pages" className="mt-8 flex items-center justify-between gap-4 text-sm">
      {page > 1 ? (
        <Link href={pagedUrl(base, page - 1)} rel="prev" className={link}>
          ← Newer questions
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600 dark:text-slate-400">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={pagedUrl(base, page + 1)} rel="next" className={link}>
          Older questions →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
