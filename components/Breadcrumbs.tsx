import Link from 'next/link';

export interface Crumb {
  name: string;
  href?: string;
}

/** Home › Learn › Subject › page; the last crumb is the current page and not a link. */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm text-slate-600 dark:text-slate-400">
      <ol className="flex flex-wrap items-center gap-x-1.5 gap-y-1">
        {items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a trail's items are its positions (two may share a name)
          <li key={i} className="flex items-center gap-x-1.5">
            {i > 0 && <span aria-hidden="true">›</span>}
            {item.href ? (
              <Link prefetch={false} href={item.href} className="underline-offset-2 hover:text-indigo-700 hover:underline dark:hover:text-indigo-300">
                {item.name}
              </Link>
            ) : (
              <span aria-current="page" className="line-clamp-1 text-slate-800 dark:text-slate-200">
                {item.name}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
