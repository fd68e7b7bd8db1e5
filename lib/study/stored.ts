// What the study tools keep in this browser: one JSON value per key in localStorage, with the
// version of its shape, never sent anywhere. A value this version cannot read (corrupt, written by
// another version, or storage refused, as in some private windows) reads as empty and is replaced
// on the next write: a student loses a schedule at worst, never the page.

/** The value kept under `key`, if it is of `version` and `parse` accepts it; null otherwise. */
export function readStored<T>(key: string, version: number, parse: (value: Record<string, unknown>) => T | null): T | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
    if (typeof value !== 'object' || value === null || (value as { v?: unknown }).v !== version) return null;
    return parse(value as Record<string, unknown>);
  } catch {
    return null;
  }
}

/** Keeps `value` under `key` with its version; false when the browser refused (full, or storage off). */
export function writeStored(key: string, version: number, value: object): boolean {
  try {
    localStorage.setItem(key, JSON.stringify({ v: version, ...value }));
    return true;
  } catch {
    return false;
  }
}
