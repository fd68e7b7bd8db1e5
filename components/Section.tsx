import type { ReactNode } from 'react';

/** A titled part of a page, named by its heading (a landmark screen readers list). */
export function Section({ id, title, className = 'mt-10', children }: { id: string; title: ReactNode; className?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className={className}>
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
