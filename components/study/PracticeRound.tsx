'use client';

import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { boxCounts, grade, nextQuestion, parseSchedule, PRACTICE_KEY, PRACTICE_VERSION, ROUND_SIZE, storedSchedule, type Schedule } from '@/lib/study/leitner';
import { readStored, writeStored } from '@/lib/study/stored';

// The practice page's island. The server renders every question of the set with its answer in a
// <details> and a link to the next (./PracticeDeck.tsx): that is the page without JavaScript.
// Once this runs it takes the set over: one question at a time, the most due first; "Show answer"
// (space), then "Knew it" (1) or "Not yet" (2), which schedule it (lib/study/leitner.ts) in this
// browser; a round of ROUND_SIZE ends with a summary. What happens is announced in a live region.

interface Round {
  /** The question shown (its place in the set), or null once the round is done. */
  index: number | null;
  revealed: boolean;
  /** What the student answered this round, in order. */
  knew: boolean[];
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

const BUTTON = 'rounded-md px-4 py-2 font-medium';
const PRIMARY = `${BUTTON} bg-indigo-700 text-white hover:bg-indigo-800 dark:bg-indigo-400 dark:text-slate-950 dark:hover:bg-indigo-300`;
const SECONDARY = `${BUTTON} border border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800`;

export function PracticeRound({ ids, titles }: { ids: string[]; titles: string[] }) {
  const self = useRef<HTMLDivElement>(null);
  const schedule = useRef<Schedule>({});
  const [round, setRound] = useState<Round | null>(null);
  const size = Math.min(ROUND_SIZE, ids.length);

  const cards = () => [...self.current!.closest('.practice')!.querySelectorAll<HTMLElement>('.practice-card')];
  const start = (): Round => ({ index: nextQuestion(ids, schedule.current, Date.now()), revealed: false, knew: [] });

  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the page has hydrated
  useEffect(() => {
    schedule.current = readStored(PRACTICE_KEY, PRACTICE_VERSION, parseSchedule) ?? {};
    setRound(start());
  }, []);

  // The page follows the round: the question shown, its answer open or not. After a grade, the
  // next question (or the summary) starts where the set does, its heading focused for a keyboard.
  const moved = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: cards() reads the page
  useLayoutEffect(() => {
    if (!round) return;
    // The page turns to one question in the same frame as that question is marked: set apart,
    // a frame could show none (the set shrinks, then grows again: a layout shift of 0.12).
    self.current!.closest<HTMLElement>('.practice')!.dataset.js = '';
    const shown = cards();
    shown.forEach((card, i) => {
      card.toggleAttribute('data-current', i === round.index);
      card.querySelector('details')!.open = i === round.index && round.revealed;
    });
    if (!moved.current) return;
    moved.current = false;
    const heading = round.index === null ? self.current!.querySelector('h2') : shown[round.index]!.querySelector('h2');
    heading?.focus({ preventScroll: true });
    const set = self.current!.closest('.practice')!;
    if (set.getBoundingClientRect().top < 0) set.scrollIntoView({ block: 'start' });
  }, [round]);

  function reveal() {
    if (round && round.index !== null) setRound({ ...round, revealed: true });
  }

  function answer(knew: boolean) {
    if (!round || round.index === null || !round.revealed) return;
    const id = ids[round.index]!;
    schedule.current = grade(schedule.current, id, knew, Date.now());
    writeStored(PRACTICE_KEY, PRACTICE_VERSION, storedSchedule(schedule.current));
    const done = round.knew.length + 1 >= size;
    moved.current = true;
    setRound({ index: done ? null : nextQuestion(ids, schedule.current, Date.now(), id), revealed: false, knew: [...round.knew, knew] });
  }

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      if (event.key === ' ' && round?.index !== null && !round?.revealed && !(event.target instanceof HTMLButtonElement)) {
        event.preventDefault();
        reveal();
      } else if ((event.key === '1' || event.key === '2') && round?.revealed) {
        event.preventDefault();
        answer(event.key === '1');
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  if (!round) return <div ref={self} />;
  const asked = round.knew.length + (round.index === null ? 0 : 1);
  const known = round.knew.filter(Boolean).length;
  // Announced: where the round is and, for a new question, its title (on the page above: not shown twice).
  let status: ReactNode = `Round done: you knew ${known} of ${round.knew.length}.`;
  if (round.index !== null && round.revealed)
    status = (
      <>
        Question {asked} of {size}
        <span className="sr-only">: answer shown. Knew it: press 1. Not yet: press 2.</span>
      </>
    );
  else if (round.index !== null)
    status = (
      <>
        Question {asked} of {size}
        <span className="sr-only">: {titles[round.index]}</span>
      </>
    );
  const boxes = boxCounts(ids, schedule.current);

  return (
    <div ref={self} className="sticky bottom-0 border-t border-slate-200 bg-white py-3 dark:border-slate-800 dark:bg-slate-950">
      <p role="status" aria-live="polite" className="text-sm font-medium text-slate-700 dark:text-slate-300">
        {status}
      </p>
      {round.index === null ? (
        <div className="mt-2">
          <h2 tabIndex={-1} className="text-xl font-semibold focus:outline-none">
            Round done
          </h2>
          <p className="mt-1">
            Knew it: {known}. Not yet: {round.knew.length - known}, asked again first next time.
          </p>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
            This set: {boxes[0]} not practiced yet, {boxes[1]! + boxes[2]!} being learned, {boxes[3]! + boxes[4]! + boxes[5]!} known (asked again in 3 days or
            more).
          </p>
          <p className="mt-3 flex flex-wrap gap-2">
            <button
              type="button"
              className={PRIMARY}
              onClick={() => {
                moved.current = true;
                setRound(start());
              }}
            >
              Practice another round
            </button>
          </p>
        </div>
      ) : round.revealed ? (
        <p className="mt-2 flex flex-wrap gap-2">
          <button type="button" className={PRIMARY} onClick={() => answer(true)}>
            Knew it <kbd className="ml-1 text-xs opacity-80">1</kbd>
          </button>
          <button type="button" className={SECONDARY} onClick={() => answer(false)}>
            Not yet <kbd className="ml-1 text-xs opacity-80">2</kbd>
          </button>
        </p>
      ) : (
        <p className="mt-2">
          <button type="button" className={PRIMARY} onClick={reveal}>
            Show answer <kbd className="ml-1 text-xs opacity-80">space</kbd>
          </button>
        </p>
      )}
    </div>
  );
}
