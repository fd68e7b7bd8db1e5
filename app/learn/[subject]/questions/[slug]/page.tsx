import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { preload } from 'react-dom';
import { Breadcrumbs } from '@/components/Breadcrumbs';
import { JsonLd } from '@/components/JsonLd';
import { MoreFromSubject, MoreOnTopics, RelatedQuestions } from '@/components/RelatedQuestions';
import { CopyTex } from '@/components/study/CopyTex';
import { SaveButton } from '@/components/study/SaveButton';
import { TableOfContents } from '@/components/TableOfContents';
import { QuestionKeywords } from '@/components/Topics';
import {
  getMoreFromSubject,
  getMoreOnTopics,
  getPrerenderedQuestions,
  getQuestion,
  getQuestionSummary,
  getSubject,
  getSubjects,
  subjectUrl,
} from '@/lib/content';
import { formatDay } from '@/lib/format-day';
import { KATEX_ASSETS } from '@/lib/markdown/math';
import { renderAnswer } from '@/lib/markdown/render';
import { questionJsonLd } from '@/lib/seo/json-ld';
import { questionMetadata } from '@/lib/seo/metadata';

type Props = { params: Promise<{ subject: string; slug: string }> };

// Questions not built ahead are rendered on their first visit and cached; unknown urls get a 404.
export const dynamicParams = true;

export async function generateStaticParams() {
  return (await getPrerenderedQuestions()).map((q) => ({ subject: q.subjectSlug, slug: q.slug }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { subject, slug } = await params;
  const question = await getQuestion(subject, slug);
  return question ? questionMetadata(question) : {};
}

export default async function QuestionPage({ params }: Props) {
  const { subject, slug } = await params;
  const q = await getQuestion(subject, slug);
  if (!q) notFound();
  const answer = renderAnswer(q.answer);
  for (const font of answer.fonts) preload(font, { as: 'font', type: 'font/woff2', crossOrigin: 'anonymous' });
  const [canonical, more, subjects] = await Promise.all([getQuestionSummary(q.canonicalUrl), getMoreFromSubject(q.url, 5), getSubjects()]);
  const canonicalSubject = (await getSubject(canonical!.subjectSlug))!;
  // Not again what the page already links to.
  const shown = [...q.related.filter((l) => l.exists).map((l) => l.url), ...more.map((m) => m.url)];
  const onTopics = await getMoreOnTopics(q, 5, shown);

  return (
    <article className="mx-auto max-w-3xl">
      {answer.fonts.length > 0 && <link rel="stylesheet" href={`${KATEX_ASSETS}/katex.min.css`} precedence="katex" />}
      {answer.fonts.length > 0 && <CopyTex />}
      <JsonLd data={questionJsonLd(q, canonical!, canonicalSubject.name)} />
      <Breadcrumbs
        items={[
          { name: 'Home', href: '/' },
          { name: 'Learn', href: '/learn' },
          { name: q.subject.name, href: subjectUrl(q.subject.slug) },
          { name: q.articleTitle },
        ]}
      />
      <header className="mt-4 border-b border-slate-200 pb-6 dark:border-slate-800">
        <h1 className="text-2xl leading-tight font-bold tracking-tight text-balance sm:text-3xl">{q.articleTitle}</h1>
        {q.question !== q.articleTitle && <p className="mt-3 text-lg text-slate-700 dark:text-slate-300">{q.question}</p>}
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
          {q.postOnText} <time dateTime={q.date}>{formatDay(q.date, q.dateFormat)}</time> · by {q.author}
        </p>
        <div className="mt-3 h-8 print:hidden">
          <SaveButton url={q.url} title={q.articleTitle} subject={q.subject.name} />
        </div>
      </header>
      <TableOfContents entries={answer.toc} />
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the answer is HTML the content step rendered and sanitized (lib/markdown) */}
      <div id="answer" className="answer mt-6" dangerouslySetInnerHTML={{ __html: answer.html }} />
      <QuestionKeywords keywords={q.keywords} />
      <RelatedQuestions links={q.related} />
      <MoreOnTopics questions={onTopics} subjectNames={new Map(subjects.map((s) => [s.slug, s.name]))} />
      <MoreFromSubject subjectName={q.subject.name} questions={more} />
    </article>
  );
}
