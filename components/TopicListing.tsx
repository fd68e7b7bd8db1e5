import Link from 'next/link';
import { Breadcrumbs } from '@/components/Breadcrumbs';
import { JsonLd } from '@/components/JsonLd';
import { Pagination } from '@/components/Pagination';
import { QuestionList } from '@/components/QuestionList';
import { PracticeLink } from '@/components/study/PracticeLink';
import { TopicChips } from '@/components/Topics';
import { pagedUrl, topicUrl, type Subject, type TopicPage, type TopicRef } from '@/lib/content';
import { topicFeed } from '@/lib/seo/feed';
import { collectionJsonLd } from '@/lib/seo/json-ld';
import { capitalised, topicPath, topicSummary } from '@/lib/seo/metadata';
import { Section } from './Section';

const filterLink = (current: boolean) =>
  `inline-block rounded-full border px-3 py-1 ${current ? 'border-indigo-700 bg-indigo-700 text-white dark:border-indigo-300 dark:bg-indigo-300 dark:text-slate-950' : 'border-slate-300 hover:border-indigo-600 dark:border-slate-700 dark:hover:border-indigo-300'}`;

/** A topic's page: its questions newest first, the subjects they are in (each a filter), related topics, its feed. */
export function TopicListing({ found, related, subjects }: { found: TopicPage; related: TopicRef[]; subjects: Subject[] }) {
  const { topic, subject, questions, page, pageCount } = found;
  const names = new Map(subjects.map((s) => [s.slug, s.name]));
  const base = topicUrl(topic.slug);
  const { title, description } = topicSummary(found);
  const crumbs = [
    { name: 'Home', url: '/' },
    { name: 'Learn', url: '/learn' },
    { name: 'Topics', url: '/learn/topics' },
    { name: capitalised(topic.name), url: base },
    ...(subject ? [{ name: subject.name, url: `${base}/in/${subject.slug}` }] : []),
  ];
  const count = subject ? found.subjects.find((s) => s.slug === subject.slug)!.matches : topic.count;
  return (
    <>
      <JsonLd
        data={collectionJsonLd(
          { name: title, description, url: topicPath(found), items: questions.map((q) => ({ name: q.title, url: q.canonicalUrl })) },
          crumbs,
        )}
      />
      <Breadcrumbs items={crumbs.map((c, i) => (i < crumbs.length - 1 ? { name: c.name, href: c.url } : { name: c.name }))} />
      <h1 className="mt-4 text-3xl font-bold tracking-tight">
        {capitalised(topic.name)}
        {subject && <span className="text-slate-600 dark:text-slate-400"> in {subject.name}</span>}
      </h1>
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        {count.toLocaleString('en-US')} questions about {topic.name}, newest first{pageCount > 1 && ` (page ${page} of ${pageCount})`}.{' '}
        <a href={topicFeed(topic.slug)} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
          Follow this topic (Atom feed)
        </a>
      </p>
      <PracticeLink scope={{ topic: topic.slug }} name={topic.name} />
      {found.subjects.length > 1 && (
        <nav aria-label="Filter by subject" className="mt-4">
          <ul className="flex flex-wrap gap-2 text-sm">
            <li>
              <Link prefetch={false} href={base} aria-current={subject ? undefined : 'page'} className={filterLink(!subject)}>
                All subjects ({topic.count.toLocaleString('en-US')})
              </Link>
            </li>
            {found.subjects.map((s) => (
              <li key={s.slug}>
                <Link
                  prefetch={false}
                  href={`${base}/in/${s.slug}`}
                  aria-current={subject?.slug === s.slug ? 'page' : undefined}
                  className={filterLink(subject?.slug === s.slug)}
                >
                  {s.name} ({s.matches.toLocaleString('en-US')})
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="mt-4">
        <QuestionList questions={questions} subjectNames={names} />
      </div>
      <Pagination page={page} pageCount={pageCount} hrefOf={(to) => pagedUrl(subject ? `${base}/in/${subject.slug}` : base, to)} />
      {related.length > 0 && (
        <Section id="related-topics" title="Related topics">
          <div className="mt-3">
            <TopicChips topics={related} />
          </div>
        </Section>
      )}
    </>
  );
}
