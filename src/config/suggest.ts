/** Edit distance (insert, delete, substitute: each 1) between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Typos further than this fraction of the key's length are not worth suggesting. */
const MAX_TYPO_FRACTION = 0.4;

/**
 * The known dotted key a user most likely meant: a key with the same last part in another section
 * (`train_ratio` → `run.train_ratio`), else the nearest key by edit distance if it is close enough.
 */
export function closestKey(unknown: string, known: Iterable<string>): string | undefined {
  const candidates = [...known];
  const leaf = lastPart(unknown);
  const sameLeaf = candidates.filter((k) => lastPart(k) === leaf);
  if (sameLeaf.length > 0) return nearest(unknown, sameLeaf);
  const best = nearest(unknown, candidates);
  if (best === undefined) return undefined;
  const fullOk = editDistance(unknown, best) <= Math.max(2, unknown.length * MAX_TYPO_FRACTION);
  return fullOk ? best : nearestLeaf(leaf, candidates);
}

function nearestLeaf(leaf: string, candidates: string[]): string | undefined {
  const best = candidates.reduce<string | undefined>((acc, k) => {
    if (acc === undefined) return k;
    return editDistance(leaf, lastPart(k)) < editDistance(leaf, lastPart(acc)) ? k : acc;
  }, undefined);
  if (best === undefined) return undefined;
  return editDistance(leaf, lastPart(best)) <= Math.max(1, leaf.length * MAX_TYPO_FRACTION) ? best : undefined;
}

function nearest(target: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(target, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function lastPart(key: string): string {
  return key.slice(key.lastIndexOf('.') + 1);
}
