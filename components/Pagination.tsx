import Link from 'next/link';
import type { ComponentType, ReactNode } from 'react';

const button =
  'rounded-md border border-slate-300 px-3 py-1.5 hover:border-indigo-600 hover:text-indigo-700 dark:border-slate-700 dark:hover:border-indigo-300 dark:hover:text-indigo-300';

type Anchor = ComponentType<{ href: string; rel: string; className: string; children: ReactNode }> | 'a';

/**
 * Previous and next links between the pages of a listing (static pages, through Link) or of
 * search results (plain links: each is a new search). Nothing when there is one page.
 */
export function Pagination({
  page,
  pageCount,
  hrefOf,
  label = 'Pages',
  previous = '← Newer questions',
  next = 'Older questions →',
  Anchor = Link,
  linkClass = button,
  className = 'mt-8',
}: {
  page: number;
  pageCount: number;
  hrefOf: (page: number) => string;
  label?: string;
  previous?: string;
  next?: string;
  Anchor?: Anchor;
  linkClass?: string;
  className?: string;
}) {
  if (pageCount <= 1 || page > pageCount) return null;
  return (
    <nav aria-label={label} className={`${className} flex items-center justify-between gap-4 text-sm`}>
      {page > 1 ? (
        <Anchor href={hrefOf(page - 1)} rel="prev" className={linkClass}>
          {previous}
        </Anchor>
      ) : (
        <span />
      )}
      <span className="text-slate-600 dark:text-slate-400">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Anchor href={hrefOf(page + 1)} rel="next" className={linkClass}>
          {next}
        </Anchor>
      ) : (
        <span />
      )}
    </nav>
  );
}
