import Link from 'next/link';
import { topicUrl, type TopicRef } from '@/lib/content';
import { Section } from './Section';

// Topic links: a question's keywords (the topics among them linked), lists of topics as chips.

const chip = 'inline-block rounded-full border px-3 py-1 text-sm';
const linked = `${chip} border-indigo-300 bg-indigo-50 font-medium text-indigo-800 hover:border-indigo-700 hover:underline dark:border-indigo-700 dark:bg-slate-900 dark:text-indigo-200 dark:hover:border-indigo-300`;
const plain = `${chip} border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400`;

/** A question's keywords, once each: those that are topics link to their page, the others are text. */
export function QuestionKeywords({ keywords }: { keywords: { keyword: string; topic: TopicRef | null }[] }) {
  const seen = new Set<string>();
  const shown = keywords.filter((k) => {
    const id = k.topic?.slug ?? k.keyword.toLowerCase();
    return !seen.has(id) && seen.add(id);
  });
  if (shown.length === 0) return null;
  return (
    <Section id="keywords" title="Keywords">
      {shown.some((k) => k.topic) && (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Highlighted keywords are topics: follow one to questions on it from every subject.</p>
      )}
      <ul className="mt-3 flex flex-wrap gap-2">
        {shown.map(({ keyword, topic }) => (
          <li key={keyword}>
            {topic ? (
              <Link prefetch={false} href={topicUrl(topic.slug)} className={linked} title={`${topic.count} questions`}>
                {keyword}
              </Link>
            ) : (
              <span className={plain}>{keyword}</span>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** Topics as chips, each with its number of questions (in a section whose heading names them). */
export function TopicChips({ topics }: { topics: TopicRef[] }) {
  return (
    <ul className="flex flex-wrap gap-2">
      {topics.map((t) => (
        <li key={t.slug}>
          <Link prefetch={false} href={topicUrl(t.slug)} className={linked}>
            {t.name} <span className="text-slate-600 dark:text-slate-400">({t.count.toLocaleString('en-US')})</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
