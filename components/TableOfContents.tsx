import type { TocEntry } from '@/lib/markdown/render';

/** The answer's sections, for answers long enough to have three headings or more. */
export function TableOfContents({ entries }: { entries: TocEntry[] }) {
  if (entries.length < 3) return null;
  return (
    <nav aria-labelledby="contents" className="my-6 rounded-lg border border-slate-200 bg-slate-50 px-5 py-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="contents" className="text-sm font-semibold tracking-wide text-slate-700 uppercase dark:text-slate-300">
        On this page
      </h2>
      <ol className="mt-2 space-y-1 text-sm">
        {entries.map((e) => (
          <li key={e.id} className={e.depth > 2 ? 'pl-4' : undefined}>
            <a href={`#${e.id}`} className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
              {e.text}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
