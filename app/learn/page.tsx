import type { Metadata } from 'next';
import Link from 'next/link';
import { Breadcrumbs } from '@/components/Breadcrumbs';
import { SubjectGrid } from '@/components/SubjectGrid';
import { getSubjectIndex } from '@/lib/content';

export const metadata: Metadata = {
  title: 'All subjects',
  description: 'Every subject with its number of questions: pick one to see its questions, newest first.',
  alternates: { canonical: '/learn' },
};

export default async function LearnPage() {
  const subjects = await getSubjectIndex();
  const total = subjects.reduce((sum, s) => sum + s.count, 0);
  return (
    <>
      <Breadcrumbs items={[{ name: 'Home', href: '/' }, { name: 'Learn' }]} />
      <h1 className="mt-4 text-3xl font-bold tracking-tight">All subjects</h1>
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        {total.toLocaleString('en-US')} questions in {subjects.length} subjects. Looking for an idea that spans subjects?{' '}
        <Link href="/learn/topics" prefetch={false} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
          Browse the topics
        </Link>
        .
      </p>
      <div className="mt-6">
        <SubjectGrid subjects={subjects} />
      </div>
    </>
  );
}
