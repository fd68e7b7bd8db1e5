import { Breadcrumbs } from '@/components/Breadcrumbs';
import { Pagination } from '@/components/Pagination';
import { QuestionList } from '@/components/QuestionList';
import { PracticeLink } from '@/components/study/PracticeLink';
import { pagedUrl, subjectUrl, type SubjectPage } from '@/lib/content';
import { subjectFeed } from '@/lib/seo/feed';

export function SubjectListing({ subject, questions, page, pageCount }: SubjectPage) {
  return (
    <>
      <Breadcrumbs items={[{ name: 'Home', href: '/' }, { name: 'Learn', href: '/learn' }, { name: subject.name }]} />
      <h1 className="mt-4 text-3xl font-bold tracking-tight">{subject.name}</h1>
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        {subject.count.toLocaleString('en-US')} {subject.count === 1 ? 'question' : 'questions'}, newest first
        {pageCount > 1 && ` (page ${page} of ${pageCount})`}.{' '}
        <a href={subjectFeed(subject.slug)} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
          Follow {subject.name} (Atom feed)
        </a>
      </p>
      <PracticeLink scope={{ subject: subject.slug }} name={subject.name} />
      <div className="mt-4">
        <QuestionList questions={questions} />
      </div>
      <Pagination page={page} pageCount={pageCount} hrefOf={(to) => pagedUrl(subjectUrl(subject.slug), to)} />
    </>
  );
}
