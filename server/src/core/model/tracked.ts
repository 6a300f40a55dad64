// Dependency recording for the incremental check: while a file's cross-file rules run, every lookup they make in
// the federation's maps is recorded, so that after an edit only the files whose lookups changed are checked again.

let recording: Set<string> | undefined;

/** Runs `fn`, returning what it returned and the keys it read from any TrackedMap. */
export function recordReads<T>(fn: () => T): { result: T; reads: Set<string> } {
  const outer = recording;
  const reads = new Set<string>();
  recording = reads;
  try {
    return { result: fn(), reads };
  } finally {
    recording = outer;
  }
}

/** Read keys: `id\0key` for one entry, `id#size` for the size, `id#all` for anything that iterates. */
export const entryKey = (id: string, key: unknown) => `${id}\u0000${String(key)}`;

/**
 * A Map that records the lookups made while recordReads is running; an ordinary Map otherwise. The index updates
 * it key by key, so its insertion order drifts from that of a whole-federation pass: iteration puts the keys back in
 * that order first (rules list keys in messages).
 */
export class TrackedMap<K, V> extends Map<K, V> {
  #order?: () => K[];
  #orderStale = false;

  constructor(readonly id: string) {
    super();
  }

  /** How to compute the canonical key order, once the keys have changed. */
  setOrder(order: () => K[]): void {
    this.#order = order;
  }

  orderChanged(): void {
    this.#orderStale = this.#order !== undefined;
  }

  #ordered(): void {
    if (!this.#orderStale) return;
    this.#orderStale = false;
    const keys = this.#order!();
    const values = keys.map((k) => super.get(k) as V);
    super.clear();
    keys.forEach((k, i) => super.set(k, values[i]));
  }

  override get(key: K): V | undefined {
    recording?.add(entryKey(this.id, key));
    return super.get(key);
  }

  override has(key: K): boolean {
    recording?.add(entryKey(this.id, key));
    return super.has(key);
  }

  override get size(): number {
    recording?.add(`${this.id}#size`);
    return super.size;
  }

  override keys(): MapIterator<K> {
    recording?.add(`${this.id}#all`);
    this.#ordered();
    return super.keys();
  }

  override values(): MapIterator<V> {
    recording?.add(`${this.id}#all`);
    this.#ordered();
    return super.values();
  }

  override entries(): MapIterator<[K, V]> {
    recording?.add(`${this.id}#all`);
    this.#ordered();
    return super.entries();
  }

  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    recording?.add(`${this.id}#all`);
    this.#ordered();
    super.forEach(fn, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    recording?.add(`${this.id}#all`);
    this.#ordered();
    return super[Symbol.iterator]();
  }
}
