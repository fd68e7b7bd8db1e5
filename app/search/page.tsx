import type { Metadata } from 'next';
import { QuestionList } from '@/components/QuestionList';
import { InstantSearch } from '@/components/search/InstantSearch';
import { SubjectGrid } from '@/components/SubjectGrid';
import { getNewestQuestions, getSubject, getSubjects, searchQuestions } from '@/lib/content';
import { searchStateOf } from '@/lib/search-url';
import { Section } from '@/components/Section';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// Search results, rendered on the server for every request: it works without JavaScript and
// can be linked. The search page itself may be indexed; its results pages never are (search
// engines ask sites not to let them crawl results), and none is in the sitemap.
export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { q } = searchStateOf(await searchParams);
  if (q.trim()) return { title: `Search: ${q.trim().slice(0, 60)}`, robots: { index: false, follow: true } };
  return { title: 'Search', description: 'Search every question and answer by its words, in every subject or one.', alternates: { canonical: '/search' } };
}

export default async function SearchPage({ searchParams }: Props) {
  const state = searchStateOf(await searchParams);
  const outcome = state.q.trim() ? await searchQuestions(state.q, state.subject, state.page, state.exact) : null;
  const useless = outcome !== null && !('error' in outcome) && outcome.terms.length === 0;
  const unknownSubject = state.subject !== null && (await getSubject(state.subject)) === null;
  const [subjects, newest] = outcome === null || useless ? await Promise.all([getSubjects(), getNewestQuestions(5)]) : [[], []];
  return (
    <>
      <h1 className="text-3xl font-bold tracking-tight">Search</h1>
      {unknownSubject && <p className="mt-3 text-slate-700 dark:text-slate-300">There is no subject “{state.subject}”: showing results from every subject.</p>}
      {useless && <p className="mt-3 text-slate-700 dark:text-slate-300">Your search has no words to look for. Try a few words from your question.</p>}
      <div className="mt-4">
        <InstantSearch q={state.q} subject={unknownSubject ? null : state.subject} exact={state.exact ?? false} outcome={useless ? null : outcome}>
          <Section id="browse" title="Browse by subject" className="mt-8">
            <div className="mt-4">
              <SubjectGrid subjects={subjects} />
            </div>
            <h2 className="mt-8 text-xl font-semibold">Newest questions</h2>
            <QuestionList questions={newest} subjectNames={new Map(subjects.map((s) => [s.slug, s.name]))} />
          </Section>
        </InstantSearch>
      </div>
    </>
  );
}
