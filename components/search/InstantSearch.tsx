'use client';

import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { SearchOutcome } from '@/lib/content/store/store';
import { searchHref } from '@/lib/search-url';
import { resultCount, SearchResultsView } from './SearchResultsView';

// The search page's form and results. Without JavaScript it is a plain GET form and the
// server's results. With it, results follow the typing (debounced, a stale request aborted,
// the address kept in step), arrow keys move between results, and the count is announced.

const DEBOUNCE_MS = 200;

export function InstantSearch(props: { q: string; subject: string | null; exact: boolean; outcome: SearchOutcome | null; children: ReactNode }) {
  const [q, setQ] = useState(props.q);
  // `exact` ("Search instead for …") holds for the query the page was opened with, not for what is typed next.
  const [shown, setShown] = useState({ q: props.q, exact: props.exact, outcome: props.outcome });
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const request = useRef<AbortController>(undefined);
  const root = useRef<HTMLDivElement>(null);

  async function run(query: string) {
    request.current?.abort();
    const controller = (request.current = new AbortController());
    const state = { q: query, subject: props.subject, page: 1 };
    try {
      const response = await fetch(searchHref(state, '/api/search'), { signal: controller.signal });
      const body = (await response.json()) as SearchOutcome;
      setShown({ q: query, exact: false, outcome: query.trim() ? body : null });
      history.replaceState(history.state, '', query.trim() ? searchHref(state) : '/search');
    } catch (error) {
      if ((error as Error).name !== 'AbortError') setShown({ q: query, exact: false, outcome: { error: 'Search is not available right now. Try again.' } });
    }
  }

  function onChange(value: string) {
    setQ(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void run(value), DEBOUNCE_MS);
  }

  // Arrow keys move between the search box and the result links; Enter follows a link.
  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const stops = [root.current!.querySelector('input')!, ...root.current!.querySelectorAll<HTMLElement>('[data-result]')];
    const at = stops.indexOf(document.activeElement as HTMLElement);
    const next = stops[Math.max(0, Math.min(stops.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (at === -1 || !next) return;
    event.preventDefault();
    next.focus();
  }

  const { outcome } = shown;
  const results = outcome && !('error' in outcome) ? outcome : null;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: arrow keys and Escape for the box and its results, which are the interactive elements
    <div ref={root} onKeyDown={onKeyDown}>
      {/* biome-ignore lint/a11y/useSemanticElements: a form with role=search is the landmark every browser and reader knows; <search> is newer */}
      <form
        action="/search"
        method="get"
        role="search"
        className="flex gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          clearTimeout(timer.current);
          void run(q);
        }}
      >
        <label htmlFor="search-query" className="sr-only">
          Search questions
        </label>
        <input
          id="search-query"
          type="search"
          name="q"
          value={q}
          onChange={(event) => onChange(event.target.value)}
          placeholder="Type a question or a few words"
          autoComplete="off"
          enterKeyHint="search"
          aria-describedby="search-status"
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-4 py-2 text-lg text-slate-900 placeholder:text-slate-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400"
        />
        {props.subject && <input type="hidden" name="subject" value={props.subject} />}
        <button
          type="submit"
          className="rounded-md bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 dark:bg-indigo-400 dark:text-slate-950 dark:hover:bg-indigo-300"
        >
          Search
        </button>
      </form>
      <p id="search-status" role="status" aria-live="polite" className="mt-4 font-medium text-slate-800 dark:text-slate-200">
        {outcome && ('error' in outcome ? outcome.error : resultCount(outcome))}
      </p>
      {results ? <SearchResultsView q={shown.q} exact={shown.exact} results={results} /> : !outcome && props.children}
    </div>
  );
}
