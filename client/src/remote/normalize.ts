// Zone and zonegroup documents made comparable: sorted keys, Ceph's "true"/"false" strings as booleans, legacy
// placement `data_pool` as the STANDARD storage class, lists of keyed entries as maps; then a path-by-path diff.
import { MASK } from './mask';

export type Json = unknown;

function bool(v: Json): Json {
  return v === 'true' ? true : v === 'false' ? false : v;
}

function sortDeep(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') {
    const o = v as Record<string, Json>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortDeep(o[k])]));
  }
  return bool(v);
}

export function normalizeZone(doc: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = { ...doc };
  if (Array.isArray(doc.placement_pools)) {
    const map: Record<string, Json> = {};
    for (const p of doc.placement_pools as { key?: string; val?: Record<string, Json> }[]) {
      if (!p || typeof p.key !== 'string') continue;
      const val: Record<string, Json> = { ...(p.val ?? {}) };
      if (typeof val.data_pool === 'string' && !val.storage_classes) {
        val.storage_classes = { STANDARD: { data_pool: val.data_pool } };
        delete val.data_pool;
      }
      map[p.key] = val;
    }
    out.placement_pools = map;
  }
  return sortDeep(out) as Record<string, Json>;
}

export function normalizeZonegroup(doc: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = { ...doc };
  // Zones and placement targets by name: their order carries no meaning.
  for (const k of ['zones', 'placement_targets']) {
    if (Array.isArray(doc[k])) out[k] = Object.fromEntries((doc[k] as { name?: string }[]).filter((e) => e && typeof e.name === 'string').map((e) => [e.name, e]));
  }
  return sortDeep(out) as Record<string, Json>;
}

function flatten(v: Json, prefix: string, out: Map<string, Json>): void {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, Json>);
    if (!entries.length) out.set(prefix, {});
    for (const [k, x] of entries) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, v);
}

export interface DiffEntry {
  path: string;
  /** What the infile says (undefined: the infile has no such key). */
  local?: Json;
  /** What the remote has (undefined: the remote has no such key). */
  live?: Json;
}

const SECRET_PATH = /(^|\.)(access_key|secret_key)$/;

/**
 * Paths whose values differ. With `onlyLocalKeys`, keys the infile does not write are left out: a legacy infile
 * cannot name the pools later releases added, and their absence is no difference the user made.
 */
export function diffDocs(local: Record<string, Json>, live: Record<string, Json>, opts: { onlyLocalKeys?: boolean } = {}): DiffEntry[] {
  const a = new Map<string, Json>();
  const b = new Map<string, Json>();
  flatten(local, '', a);
  flatten(live, '', b);
  const out: DiffEntry[] = [];
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const l = a.get(path);
    const r = b.get(path);
    if (!a.has(path) && opts.onlyLocalKeys) continue;
    if (JSON.stringify(l) === JSON.stringify(r)) continue;
    const secret = SECRET_PATH.test(path);
    out.push({ path, ...(a.has(path) ? { local: secret ? MASK : l } : {}), ...(b.has(path) ? { live: secret ? MASK : r } : {}) });
  }
  return out;
}

/**
 * Both sides of a comparison for a diff editor: normalized, with every access_key/secret_key replaced by a marker
 * that says only whether the two sides agree, so a key that differs live is never shown.
 */
export function maskedPair(local: Record<string, Json>, live: Record<string, Json>): { local: Record<string, Json>; live: Record<string, Json> } {
  const a = new Map<string, Json>();
  const b = new Map<string, Json>();
  flatten(local, '', a);
  flatten(live, '', b);
  const mask = (doc: Json, path: string, other: Map<string, Json>, own: Map<string, Json>): Json => {
    if (Array.isArray(doc)) return doc.map((v, i) => mask(v, `${path}[${i}]`, other, own));
    if (doc && typeof doc === 'object') {
      return Object.fromEntries(Object.entries(doc).map(([k, v]) => {
        const p = path ? `${path}.${k}` : k;
        if (SECRET_PATH.test(p) && typeof v === 'string') return [k, v === '' ? '' : JSON.stringify(own.get(p)) === JSON.stringify(other.get(p)) ? `${MASK} (same on both sides)` : `${MASK} (differs)`];
        return [k, mask(v, p, other, own)];
      }));
    }
    return doc;
  };
  return { local: mask(local, '', b, a) as Record<string, Json>, live: mask(live, '', a, b) as Record<string, Json> };
}

/** One line per difference: `~ path: infile X, live Y`, `+ path: only in the infile`, `- path: only live`. */
export function formatDiff(entries: DiffEntry[]): string[] {
  const show = (v: Json) => (v === MASK ? '(a key, masked)' : JSON.stringify(v));
  return entries.map((e) =>
    !('live' in e)
      ? `+ ${e.path}: ${show(e.local)} (only in the infile)`
      : !('local' in e)
        ? `- ${e.path}: ${show(e.live)} (only live)`
        : `~ ${e.path}: infile ${show(e.local)}, live ${show(e.live)}`,
  );
}
