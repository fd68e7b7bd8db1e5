import Link from 'next/link';
import type { Metadata } from 'next';
import { QuestionList } from '@/components/QuestionList';
import { SubjectGrid } from '@/components/SubjectGrid';
import { TopicChips } from '@/components/Topics';
import { getLargestTopics, getNewestQuestions, getSubjectIndex } from '@/lib/content';
import { SITE_NAME } from '@/lib/config';
import { SITE_FEED } from '@/lib/seo/feed';
import { SITE_DESCRIPTION } from '@/lib/seo/metadata';
import { Section } from '@/components/Section';

export const metadata: Metadata = {
  alternates: { canonical: '/', types: { 'application/atom+xml': [{ url: SITE_FEED, title: `${SITE_NAME}: newest questions` }] } },
  openGraph: { type: 'website', title: SITE_NAME, description: SITE_DESCRIPTION, url: '/', siteName: SITE_NAME },
};

export default async function HomePage() {
  const [subjects, newest, topics] = await Promise.all([getSubjectIndex(), getNewestQuestions(10), getLargestTopics(20)]);
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
      <Section id="subjects" title="Subjects">
        <div className="mt-4">
          <SubjectGrid subjects={subjects} />
        </div>
      </Section>
      {topics.length > 0 && (
        <Section id="topics" title="Popular topics">
          <div className="mt-4">
            <TopicChips topics={topics} />
          </div>
          <p className="mt-4">
            <Link href="/learn/topics" prefetch={false} className="font-medium text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300">
              All topics, A to Z →
            </Link>
          </p>
        </Section>
      )}
      <Section id="newest" title="Newest questions">
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
      </Section>
    </>
  );
}
