import type { Metadata } from 'next';
import { Breadcrumbs } from '@/components/Breadcrumbs';
import { SavedList } from '@/components/study/SavedList';

// The questions a student saved, kept in their browser (lib/study/saved.ts): nothing of it
// reaches the server, so the page is the same for everyone and the list is drawn in the browser.

export const metadata: Metadata = {
  title: 'Saved questions',
  description: 'The questions you saved in this browser, to come back to.',
  robots: { index: false, follow: true },
};

export default function SavedPage() {
  return (
    <div className="mx-auto max-w-3xl">
      <Breadcrumbs items={[{ name: 'Home', href: '/' }, { name: 'Saved questions' }]} />
      <h1 className="mt-4 text-3xl font-bold tracking-tight">Saved questions</h1>
      <noscript>
        <p className="mt-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          Saved questions are kept in your browser, and showing them needs JavaScript. Turn it on to save questions and see them here.
        </p>
      </noscript>
      <SavedList />
    </div>
  );
}
