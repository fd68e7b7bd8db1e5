import { Pagination } from '@/components/Pagination';
import type { SearchResults, Snippet } from '@/lib/content/store/store';
import { topicUrl } from '@/lib/content/model/types';
import { correctedQuery } from '@/lib/content/search/query';
import { formatDay } from '@/lib/format-day';
import { searchHref } from '@/lib/search-url';

// Search results as the server renders them and as the instant search re-renders them in the
// browser: one component, no state of its own. Snippets are text runs: React escapes them.

const link = 'font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300';

function SnippetText({ snippet }: { snippet: Snippet }) {
  return (
    <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
      {snippet.map((run, i) =>
        run.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: a snippet's runs are its positions; it is never reordered
          <mark key={i} className="rounded-sm bg-amber-100 px-0.5 text-inherit dark:bg-amber-900/60">
            {run.text}
          </mark>
        ) : (
          run.text
        ),
      )}
    </p>
  );
}

/** "12 questions match", or "About 4,000 questions match" when too many to count. */
export function resultCount({ total, approximate }: SearchResults): string {
  if (total === 0) return 'No questions match';
  const count = `${total.toLocaleString('en-US')} question${total === 1 ? ' matches' : 's match'}`;
  return approximate ? `About ${count.replace(' matches', 's match')}` : count;
}

export function SearchResultsView({ q, exact = false, results }: { q: string; exact?: boolean; results: SearchResults }) {
  const { hits, subjects, subject, page, pageCount, suggestion, corrections, total } = results;
  const href = (state: { subject: string | null; page: number }) => searchHref({ q, exact, ...state });
  const all = subjects.every((s) => s.matches !== null) ? subjects.reduce((n, s) => n + (s.matches ?? 0), 0) : null;
  return (
    <div className="mt-6">
      {corrections.length > 0 && (
        <p className="mb-4 text-slate-700 dark:text-slate-300" data-correction="">
          Showing results for <strong className="font-semibold">{correctedQuery(q, corrections)}</strong>
          <span aria-hidden="true" className="hidden sm:inline">
            {' '}
            ·{' '}
          </span>
          <br className="sm:hidden" />
          <span className="text-sm">
            Search instead for{' '}
            <a href={searchHref({ q, subject: subject?.slug ?? null, page: 1, exact: true })} className={link}>
              {q}
            </a>
          </span>
        </p>
      )}
      {suggestion && (
        <p className="mb-4 text-slate-700 dark:text-slate-300">
          Did you mean{' '}
          <a href={searchHref({ q: suggestion, subject: subject?.slug ?? null, page: 1 })} className={link}>
            {suggestion}
          </a>
          ?
        </p>
      )}
      {subjects.length > 1 && (
        <nav aria-label="Filter by subject" className="mb-6">
          <ul className="flex flex-wrap gap-2 text-sm">
            {[{ slug: null, name: 'All subjects', matches: all }, ...subjects].map((s) => {
              const current = (subject?.slug ?? null) === s.slug;
              return (
                <li key={s.slug ?? ''}>
                  <a
                    href={href({ subject: s.slug, page: 1 })}
                    aria-current={current ? 'true' : undefined}
                    data-subject={s.slug ?? ''}
                    className={`inline-block rounded-full border px-3 py-1 ${current ? 'border-indigo-700 bg-indigo-700 text-white dark:border-indigo-300 dark:bg-indigo-300 dark:text-slate-950' : 'border-slate-300 hover:border-indigo-600 dark:border-slate-700 dark:hover:border-indigo-300'}`}
                  >
                    {s.name}
                    {s.matches !== null && (
                      <span className={current ? undefined : 'text-slate-600 dark:text-slate-400'}> ({s.matches.toLocaleString('en-US')})</span>
                    )}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
      )}
      {hits.length > 0 ? (
        <ol className="divide-y divide-slate-200 dark:divide-slate-800">
          {hits.map((hit) => (
            <li key={hit.url} className="py-4">
              <a
                href={hit.url}
                data-result=""
                className="text-lg font-semibold text-slate-900 underline-offset-2 hover:text-indigo-700 hover:underline dark:text-slate-100 dark:hover:text-indigo-300"
              >
                {hit.title}
              </a>
              <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
                {hit.subject.name} · <time dateTime={hit.date}>{formatDay(hit.date, 'MMM DD, YYYY')}</time>
              </p>
              <SnippetText snippet={hit.snippet} />
              {hit.topics.length > 0 && (
                <>
                  <p className="sr-only">Topics:</p>
                  <ul className="mt-2 flex flex-wrap gap-1.5 text-sm">
                    {hit.topics.map((t) => (
                      <li key={t.slug}>
                        <a
                          href={topicUrl(t.slug)}
                          className="inline-block rounded-full border border-indigo-300 px-2.5 py-0.5 text-indigo-800 hover:border-indigo-700 hover:bg-indigo-50 dark:border-indigo-700 dark:text-indigo-200 dark:hover:border-indigo-300 dark:hover:bg-slate-900"
                        >
                          {t.name}
                        </a>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </li>
          ))}
        </ol>
      ) : (
        total > 0 &&
        pageCount > 0 && (
          <p className="text-slate-700 dark:text-slate-300">
            There is no page {page}: the results end at page {pageCount}.{' '}
            <a href={href({ subject: subject?.slug ?? null, page: pageCount })} className={link}>
              Go to the last page
            </a>
            .
          </p>
        )
      )}
      <Pagination
        page={page}
        pageCount={pageCount}
        hrefOf={(to) => href({ subject: subject?.slug ?? null, page: to })}
        label="Result pages"
        previous="← Previous"
        next="Next →"
        Anchor="a"
        linkClass={link}
        className="mt-6"
      />
    </div>
  );
}
