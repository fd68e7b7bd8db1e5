// The search page's address, shared by the server page, the instant client and the API.

export interface SearchState {
  q: string;
  subject: string | null;
  page: number;
  /** The words as typed, not corrected ("Search instead for …"). */
  exact?: boolean;
}

/** `/search?q=…&subject=…&page=…`, leaving out what is empty or the first page. */
export function searchHref({ q, subject, page, exact }: SearchState, base = '/search'): string {
  const params = new URLSearchParams({ q });
  if (subject) params.set('subject', subject);
  if (page > 1) params.set('page', String(page));
  if (exact) params.set('exact', '1');
  return `${base}?${params}`;
}

/** The search state a request asks for (a single value per parameter; a bad page is page 1). */
export function searchStateOf(params: Record<string, string | string[] | undefined> | URLSearchParams): SearchState {
  const get = (key: string) => {
    const value = params instanceof URLSearchParams ? params.get(key) : params[key];
    return (Array.isArray(value) ? value[0] : value) ?? '';
  };
  const page = Number(get('page'));
  return { q: get('q'), subject: get('subject') || null, page: Number.isSafeInteger(page) && page >= 1 ? page : 1, exact: get('exact') === '1' };
}
