'use client';

import { useEffect, useState } from 'react';
import { readStored, writeStored } from '@/lib/study/stored';
import { parseSaved, SAVED_KEY, SAVED_VERSION, type SavedQuestion } from '@/lib/study/saved';

// The /saved page's list: what this browser kept, newest first, each with remove; and clear.

export function SavedList() {
  const [saved, setSaved] = useState<SavedQuestion[] | null>(null);
  const [status, setStatus] = useState('');
  useEffect(() => setSaved(readStored(SAVED_KEY, SAVED_VERSION, parseSaved) ?? []), []);
  if (saved === null) return null;

  function keep(items: SavedQuestion[], message: string) {
    writeStored(SAVED_KEY, SAVED_VERSION, { items });
    setSaved(items);
    setStatus(message);
  }

  return (
    <div>
      <p role="status" className="mt-2 text-slate-700 dark:text-slate-300">
        {status || (saved.length > 0 && `${saved.length} saved ${saved.length === 1 ? 'question' : 'questions'}, newest first.`)}
      </p>
      {saved.length === 0 ? (
        <p className="mt-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          Nothing saved yet. On any question's page, press <strong>☆ Save</strong> under its title: it is listed here, in this browser only.
        </p>
      ) : (
        <>
          <ul className="mt-4 divide-y divide-slate-200 dark:divide-slate-800">
            {saved.map((s) => (
              <li key={s.url} className="flex items-start justify-between gap-4 py-3">
                <div>
                  <a href={s.url} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                    {s.title}
                  </a>
                  <p className="text-sm text-slate-600 dark:text-slate-400">{s.subject}</p>
                </div>
                <button
                  type="button"
                  onClick={() =>
                    keep(
                      saved.filter((o) => o.url !== s.url),
                      `Removed “${s.title}”.`,
                    )
                  }
                  className="shrink-0 rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
                >
                  Remove<span className="sr-only"> {s.title}</span>
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => keep([], `Cleared ${saved.length} saved ${saved.length === 1 ? 'question' : 'questions'}.`)}
            className="mt-4 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            Clear all
          </button>
        </>
      )}
    </div>
  );
}
