import Link from 'next/link';
import { Breadcrumbs } from '@/components/Breadcrumbs';
import { JsonLd } from '@/components/JsonLd';
import { Pagination } from '@/components/Pagination';
import { pagedUrl, topicIndexUrl, topicUrl, type TopicIndexPage } from '@/lib/content';
import { collectionJsonLd } from '@/lib/seo/json-ld';
import { topicIndexMetadata } from '@/lib/seo/metadata';

const LETTERS = ['0', ...'abcdefghijklmnopqrstuvwxyz', '*'];
const labelOf = (letter: string) => (letter === '0' ? '0–9' : letter === '*' ? 'Other' : letter.toUpperCase());
const anchor = (letter: string) => `letter-${letter === '0' ? '0-9' : letter === '*' ? 'other' : letter}`;

/** Every topic, A to Z with counts: a letter index, then the topics of this page under their letters. */
export function TopicIndex({ index }: { index: TopicIndexPage }) {
  const { topics, total, page, pageCount, letters } = index;
  const startOf = new Map(letters.map((l) => [l.letter, l.page]));
  const groups: { letter: string; topics: typeof topics }[] = [];
  for (const t of topics) {
    if (groups.at(-1)?.letter !== t.letter) groups.push({ letter: t.letter, topics: [] });
    groups.at(-1)!.topics.push(t);
  }
  const meta = topicIndexMetadata(index);
  const crumbs = [
    { name: 'Home', url: '/' },
    { name: 'Learn', url: '/learn' },
    { name: 'Topics', url: '/learn/topics' },
  ];
  return (
    <>
      <JsonLd
        data={collectionJsonLd(
          {
            name: String(meta.title),
            description: meta.description!,
            url: topicIndexUrl(page),
            items: topics.map((t) => ({ name: t.name, url: topicUrl(t.slug) })),
          },
          crumbs,
        )}
      />
      <Breadcrumbs items={[{ name: 'Home', href: '/' }, { name: 'Learn', href: '/learn' }, { name: 'Topics' }]} />
      <h1 className="mt-4 text-3xl font-bold tracking-tight">All topics</h1>
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        {total.toLocaleString('en-US')} {total === 1 ? 'topic' : 'topics'}, A to Z: the ideas that questions share across subjects
        {pageCount > 1 && ` (page ${page} of ${pageCount})`}.
      </p>
      <nav aria-label="Topics by letter" className="mt-4">
        <ul className="flex flex-wrap gap-1 text-sm">
          {LETTERS.map((letter) => {
            const start = startOf.get(letter);
            const label = labelOf(letter);
            return (
              <li key={letter}>
                {start ? (
                  <Link
                    prefetch={false}
                    href={`${topicIndexUrl(start)}#${anchor(letter)}`}
                    className="inline-block min-w-9 rounded-md border border-slate-300 px-2 py-1 text-center font-medium hover:border-indigo-600 hover:text-indigo-700 dark:border-slate-700 dark:hover:border-indigo-300 dark:hover:text-indigo-300"
                  >
                    {label}
                  </Link>
                ) : (
                  <span className="inline-block min-w-9 px-2 py-1 text-center text-slate-500 dark:text-slate-400">{label}</span>
                )}
              </li>
            );
          })}
        </ul>
      </nav>
      {groups.map((group) => (
        <section key={group.letter} aria-labelledby={anchor(group.letter)} className="mt-8">
          <h2 id={anchor(group.letter)} className="border-b border-slate-200 pb-1 text-xl font-semibold dark:border-slate-800">
            {labelOf(group.letter)}
          </h2>
          <ul className="mt-3 grid gap-x-6 gap-y-1.5 sm:grid-cols-2 lg:grid-cols-3">
            {group.topics.map((t) => (
              // A flex row: the link is an item of its own, not a few words in a line of text
              // (which would have to be told apart from that text by more than its colour).
              <li key={t.slug} className="flex min-w-0 items-baseline gap-1.5">
                <Link prefetch={false} href={topicUrl(t.slug)} className="break-words text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                  {t.name}
                </Link>
                <span className="shrink-0 text-sm text-slate-600 dark:text-slate-400">({t.count.toLocaleString('en-US')})</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <Pagination page={page} pageCount={pageCount} hrefOf={(to) => pagedUrl(topicIndexUrl(), to)} />
    </>
  );
}
