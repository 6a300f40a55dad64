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

/** A Map that records the lookups made while recordReads is running; an ordinary Map otherwise. */
export class TrackedMap<K, V> extends Map<K, V> {
  constructor(readonly id: string) {
    super();
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
    return super.keys();
  }

  override values(): MapIterator<V> {
    recording?.add(`${this.id}#all`);
    return super.values();
  }

  override entries(): MapIterator<[K, V]> {
    recording?.add(`${this.id}#all`);
    return super.entries();
  }

  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    recording?.add(`${this.id}#all`);
    super.forEach(fn, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    recording?.add(`${this.id}#all`);
    return super[Symbol.iterator]();
  }
}

/** Two values of a federation map are the same when they hold the same definitions (parsed once per file text). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (!x || !y || typeof x !== 'object' || typeof y !== 'object') return false;
    // Membership and pool-user entries are rebuilt objects around cached definitions.
    const xr = x as Record<string, unknown>;
    const yr = y as Record<string, unknown>;
    const keys = Object.keys(xr);
    if (keys.length !== Object.keys(yr).length || keys.some((k) => xr[k] !== yr[k])) return false;
  }
  return true;
}

/** The read keys whose answer differs between two builds of the same map. */
export function changedKeys<K, V>(before: TrackedMap<K, V> | undefined, after: TrackedMap<K, V>, out: Set<string>): void {
  const id = after.id;
  // Plain Map methods: comparing must not record anything.
  const oldKeys = before ? [...Map.prototype.keys.call(before)] : [];
  const newKeys = [...Map.prototype.keys.call(after)] as K[];
  let any = oldKeys.length !== newKeys.length;
  if (any) out.add(`${id}#size`);
  for (let i = 0; i < newKeys.length; i++) {
    const k = newKeys[i];
    if (!any && oldKeys[i] !== k) any = true;
    const had = before ? Map.prototype.has.call(before, k) : false;
    if (!had || !sameValue(Map.prototype.get.call(before, k), Map.prototype.get.call(after, k))) {
      out.add(entryKey(id, k));
      any = true;
    }
  }
  for (const k of oldKeys) {
    if (!Map.prototype.has.call(after, k)) {
      out.add(entryKey(id, k));
      any = true;
    }
  }
  if (any) out.add(`${id}#all`);
}
