/**
 * Optimal-string-alignment distance (a transposition counts as one slip), abandoning once every cell of a row
 * exceeds `limit`, so a did-you-mean over a few hundred names stays cheap.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** The candidates closest to `word`, within a distance that grows with its length. */
export function closest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const max = Math.max(1, Math.floor(word.length / 4));
  const scored: [string, number][] = [];
  for (const c of candidates) {
    const d = editDistance(word, c, max);
    if (d <= max) scored.push([c, d]);
  }
  return scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])).slice(0, limit).map(([c]) => c);
}

/** The "; did you mean ...?" tail of a message, empty without guesses; `show` quotes a name where the message does. */
export function didYouMean(names: string[], show: (name: string) => string = (name) => name): string {
  return names.length ? `; did you mean ${names.map(show).join(' or ')}?` : '';
}
