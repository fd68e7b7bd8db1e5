import type { Metadata } from 'next';
import Link from 'next/link';
import { SubjectGrid } from '@/components/SubjectGrid';
import { getSubjects } from '@/lib/content';

export const metadata: Metadata = { title: 'Page not found' };

export default async function NotFound() {
  return (
    <>
      <h1 className="text-3xl font-bold tracking-tight">Page not found</h1>
      <p className="mt-3 max-w-2xl text-slate-700 dark:text-slate-300">
        There is no page at this address. The question may have moved to another subject; browse{' '}
        <Link href="/learn" prefetch={false} className="font-medium text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300">
          all subjects
        </Link>{' '}
        or go to the{' '}
        <Link href="/" prefetch={false} className="font-medium text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300">
          home page
        </Link>
        .
      </p>
      <h2 className="mt-8 text-xl font-semibold">Subjects</h2>
      <div className="mt-4">
        <SubjectGrid subjects={await getSubjects()} />
      </div>
    </>
  );
}
