'use client';

import { useEffect, useState } from 'react';
import { readStored, writeStored } from '@/lib/study/stored';
import { parseSaved, SAVED_KEY, SAVED_VERSION, withSaved, type SavedQuestion } from '@/lib/study/saved';

// "Save" on a question page: keeps the question in this browser's list (/saved). Rendered only
// once the page runs in a browser: without JavaScript there is nothing to save into, so no control.
// The question page keeps its row (h-8), so that nothing moves when the control appears.

const read = () => readStored(SAVED_KEY, SAVED_VERSION, parseSaved) ?? [];

export function SaveButton(question: Omit<SavedQuestion, 'savedAt'>) {
  const [saved, setSaved] = useState<boolean | null>(null);
  const [refused, setRefused] = useState(false);
  useEffect(() => setSaved(read().some((s) => s.url === question.url)), [question.url]);
  if (saved === null) return null;

  function toggle() {
    const keep = !saved;
    const ok = writeStored(SAVED_KEY, SAVED_VERSION, { items: withSaved(read(), { ...question, savedAt: Date.now() }, keep) });
    setRefused(!ok);
    if (ok) setSaved(keep);
  }

  return (
    <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
      <button
        type="button"
        aria-pressed={saved}
        onClick={toggle}
        className="rounded-md border border-slate-300 px-3 py-1 font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        {saved ? '★ Saved' : '☆ Save'}
      </button>
      <span role="status" className="text-slate-600 dark:text-slate-400">
        {refused
          ? 'This browser does not let the site keep anything.'
          : saved && (
              <a href="/saved" className="underline underline-offset-2">
                Your saved questions
              </a>
            )}
      </span>
    </p>
  );
}
