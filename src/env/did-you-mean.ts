/** Levenshtein distance (insert, delete, substitute = 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Similarity needed to suggest a name (difflib's default cutoff in Gymnasium's "Did you mean"). */
const MIN_SIMILARITY = 0.6;
const MAX_SUGGESTIONS = 3;

/** The candidates closest to `query` (case-insensitive edit distance), best first; none when nothing is close. */
export function closestMatches(query: string, candidates: Iterable<string>): string[] {
  const q = query.toLowerCase();
  return [...candidates]
    .map((c) => {
      const d = editDistance(q, c.toLowerCase());
      return { c, d, sim: 1 - d / Math.max(q.length, c.length, 1) };
    })
    .filter((x) => x.sim >= MIN_SIMILARITY)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, MAX_SUGGESTIONS)
    .map((x) => x.c);
}
