import { Breadcrumbs, type Crumb } from '@/components/Breadcrumbs';
import { Pagination } from '@/components/Pagination';
import { PRACTICE_SET_SIZE, practiceUrl, type PracticeSet } from '@/lib/content';
import { KATEX_ASSETS } from '@/lib/markdown/math';
import { renderAnswer } from '@/lib/markdown/render';
import { CopyTex } from './CopyTex';
import { PracticeRound } from './PracticeRound';

// A practice page: one set of a subject's or topic's questions. Without JavaScript, one question
// at a time by the address's fragment (the first, or the one a "Next question" link names), its
// answer in a <details>; styles/globals.css shows only that one. With it, PracticeRound takes over.

export function PracticeDeck({ found, trail, back }: { found: PracticeSet; trail: Crumb[]; back: { href: string; label: string } }) {
  const { cards, set, setCount, total, scope, name } = found;
  const answers = cards.map((card, i) => renderAnswer(card.answer, { headingLevel: 3, idPrefix: `q${i + 1}-` }));
  const formulas = answers.some((a) => a.fonts.length > 0);
  const first = (set - 1) * PRACTICE_SET_SIZE + 1;
  return (
    <div className="mx-auto max-w-3xl">
      {formulas && <link rel="stylesheet" href={`${KATEX_ASSETS}/katex.min.css`} precedence="katex" />}
      {formulas && <CopyTex />}
      <Breadcrumbs items={[...trail, { name: 'Practice' }]} />
      <h1 className="mt-4 text-3xl font-bold tracking-tight">Practice: {name}</h1>
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        {setCount > 1 ? `Questions ${first}–${first + cards.length - 1} of ${total.toLocaleString('en-US')}, oldest first. ` : ''}
        Read the question, answer it in your head, then show the answer. Your progress stays in this browser.{' '}
        <a href={back.href} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
          {back.label}
        </a>
      </p>
      <section aria-label="Questions" className="practice mt-6">
        <ol className="practice-cards">
          {cards.map((card, i) => (
            <li key={card.summary.url} id={`q${i + 1}`} data-question={card.summary.id} className="practice-card">
              <p className="text-sm text-slate-600 dark:text-slate-400">
                <span className="practice-no-js">
                  Question {i + 1} of {cards.length} ·{' '}
                </span>
                {card.subjectName}
              </p>
              <h2 tabIndex={-1} className="mt-1 text-2xl leading-tight font-bold tracking-tight text-balance focus:outline-none">
                {card.summary.title}
              </h2>
              {card.question !== card.summary.title && <p className="mt-2 text-lg text-slate-700 dark:text-slate-300">{card.question}</p>}
              <details className="practice-answer mt-4">
                <summary className="practice-no-js w-fit cursor-pointer rounded-md bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 dark:bg-indigo-400 dark:text-slate-950 dark:hover:bg-indigo-300">
                  Show answer
                </summary>
                {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the answer is HTML the content step rendered and sanitized (lib/markdown) */}
                <div className="answer mt-4" dangerouslySetInnerHTML={{ __html: answers[i]!.html }} />
                <p className="mt-4 text-sm">
                  <a href={card.summary.url} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                    Open this question's page
                  </a>
                </p>
              </details>
              <p className="practice-no-js mt-6">
                {i + 1 < cards.length ? (
                  <a href={`#q${i + 2}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                    Next question →
                  </a>
                ) : (
                  <a href="#q1" className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                    Back to the first question
                  </a>
                )}
              </p>
            </li>
          ))}
        </ol>
        <PracticeRound ids={cards.map((c) => String(c.summary.id))} titles={cards.map((c) => c.summary.title)} />
      </section>
      <Pagination
        page={set}
        pageCount={setCount}
        hrefOf={(to) => practiceUrl(scope, to)}
        label="Practice sets"
        previous="← Earlier questions"
        next="Later questions →"
      />
    </div>
  );
}
