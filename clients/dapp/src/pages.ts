// Every page of a paged query. The contracts cap `limit` (30 in most), so a short page is no proof of the end: the
// walk stops at an empty page, one query more than strictly needed, and never at a guessed size.

/** The most pages one list reads (a person's grants, bills, channels; the operators of a marketplace). */
export const MAX_PAGES = 100;

export async function allPages<T, K>(
  page: (startAfter: K | undefined) => Promise<T[]>,
  key: (item: T) => K,
): Promise<T[]> {
  const all: T[] = [];
  let startAfter: K | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const items = await page(startAfter);
    if (items.length === 0) return all;
    all.push(...items);
    startAfter = key(items[items.length - 1]);
  }
  throw new Error(`more than ${MAX_PAGES} pages: the list is too long to show here`);
}
