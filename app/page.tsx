import Link from 'next/link';
import type { Metadata } from 'next';
import { QuestionList } from '@/components/QuestionList';
import { SubjectGrid } from '@/components/SubjectGrid';
import { TopicChips } from '@/components/Topics';
import { getLargestTopics, getNewestQuestions, getSubjects } from '@/lib/content';
import { SITE_NAME } from '@/lib/config';
import { SITE_FEED } from '@/lib/seo/feed';
import { SITE_DESCRIPTION } from '@/lib/seo/metadata';
import { showing, TAGS } from '@/lib/cache-tags';

export const metadata: Metadata = {
  alternates: { canonical: '/', types: { 'application/atom+xml': [{ url: SITE_FEED, title: `${SITE_NAME}: newest questions` }] } },
  openGraph: { type: 'website', title: SITE_NAME, description: SITE_DESCRIPTION, url: '/', siteName: SITE_NAME },
};

export default async function HomePage() {
  await showing(TAGS.home);
  const [subjects, newest, topics] = await Promise.all([getSubjects(), getNewestQuestions(10), getLargestTopics(20)]);
  const names = new Map(subjects.map((s) => [s.slug, s.name]));
  return (
    <>
      <section className="max-w-3xl">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">Questions students ask, answered clearly</h1>
        <p className="mt-4 text-lg text-slate-700 dark:text-slate-300">
          {SITE_NAME} explains one question per page: the ideas, the steps, the formulas and the code, with links to related questions. Pick a subject or start
          with the newest answers.
        </p>
      </section>
      <section aria-labelledby="subjects" className="mt-10">
        <h2 id="subjects" className="text-xl font-semibold">
          Subjects
        </h2>
        <div className="mt-4">
          <SubjectGrid subjects={subjects} />
        </div>
      </section>
      {topics.length > 0 && (
        <section aria-labelledby="topics" className="mt-10">
          <h2 id="topics" className="text-xl font-semibold">
            Popular topics
          </h2>
          <div className="mt-4">
            <TopicChips topics={topics} />
          </div>
          <p className="mt-4">
            <Link href="/learn/topics" prefetch={false} className="font-medium text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300">
              All topics, A to Z →
            </Link>
          </p>
        </section>
      )}
      <section aria-labelledby="newest" className="mt-10">
        <h2 id="newest" className="text-xl font-semibold">
          Newest questions
        </h2>
        <QuestionList questions={newest} subjectNames={names} />
        <p className="mt-4">
          <Link href="/learn" prefetch={false} className="font-medium text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300">
            Browse all subjects →
          </Link>
          <span className="mx-2 text-slate-400" aria-hidden="true">
            ·
          </span>
          <a href={SITE_FEED} className="font-medium text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300">
            Follow the newest questions (Atom feed)
          </a>
        </p>
      </section>
    </>
  );
}
