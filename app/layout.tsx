import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { SearchForm } from '@/components/SearchForm';
import { SITE_NAME, siteUrl } from '@/lib/config';
import { SITE_FEED } from '@/lib/seo/feed';
import { SITE_DESCRIPTION } from '@/lib/seo/metadata';
import '@/styles/globals.css';

export const metadata: Metadata = {
  metadataBase: new URL(siteUrl()),
  title: { default: `${SITE_NAME}: questions and clear answers for students`, template: `%s | ${SITE_NAME}` },
  description: SITE_DESCRIPTION,
  applicationName: SITE_NAME,
  alternates: { types: { 'application/atom+xml': [{ url: SITE_FEED, title: `${SITE_NAME}: newest questions` }] } },
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#020617' },
  ],
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <link rel="search" type="application/opensearchdescription+xml" title={SITE_NAME} href="/opensearch.xml" />
        <a href="#main-content" className="skip-link">
          Skip to content
        </a>
        <header className="border-b border-slate-200 dark:border-slate-800">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-6 gap-y-3 px-4 py-3 sm:flex-nowrap sm:px-6">
            <Link href="/" prefetch={false} className="text-lg font-bold tracking-tight text-indigo-700 dark:text-indigo-300">
              {SITE_NAME}
            </Link>
            <nav aria-label="Site" className="flex gap-4 sm:order-last">
              <Link href="/learn" prefetch={false} className="font-medium underline-offset-4 hover:underline">
                Subjects
              </Link>
              <Link href="/learn/topics" prefetch={false} className="font-medium underline-offset-4 hover:underline">
                Topics
              </Link>
              <Link href="/saved" prefetch={false} className="font-medium underline-offset-2 hover:underline">
                Saved
              </Link>
            </nav>
            <div className="flex w-full sm:ml-auto sm:w-auto sm:flex-1 sm:justify-end">
              <SearchForm />
            </div>
          </div>
        </header>
        <main id="main-content" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 sm:px-6 sm:py-10">
          {children}
        </main>
        <footer className="border-t border-slate-200 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <div className="mx-auto max-w-5xl px-4 py-6 sm:px-6">
            <p>{SITE_NAME}: short questions, worked answers. Answers are written for learning; check them against your course materials.</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
