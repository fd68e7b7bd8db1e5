/**
 * The search box in every page's header: a plain form, so it works without JavaScript and
 * needs no JavaScript of ours. Hidden on the search page, which has its own box.
 */
export function SearchForm() {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with role=search is the landmark every browser and reader knows; <search> is newer
    <form action="/search" method="get" role="search" className="flex min-w-0 flex-1 items-center gap-2 sm:max-w-sm [body:has(#search-query)_&]:hidden">
      <label htmlFor="site-search" className="sr-only">
        Search questions
      </label>
      <input
        id="site-search"
        type="search"
        name="q"
        placeholder="Search questions"
        autoComplete="off"
        enterKeyHint="search"
        className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-base text-slate-900 placeholder:text-slate-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400"
      />
      <button
        type="submit"
        className="rounded-md bg-indigo-700 px-3 py-1.5 font-medium text-white hover:bg-indigo-800 dark:bg-indigo-400 dark:text-slate-950 dark:hover:bg-indigo-300"
      >
        Search
      </button>
    </form>
  );
}
