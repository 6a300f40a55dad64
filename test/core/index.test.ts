// The federation index two ways: read from JSON.parse data (the fast path) it must equal what the tolerant parser
// reads, ranges included; and kept up to date edit by edit it must equal a fresh build, key order included
// (messages list keys in that order).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { generate, regionName, zoneName } from '../../bench/generate';
import { parseTree, type Node } from 'jsonc-parser';
import { buildFederation, type Federation } from '../../server/src/core/model/federation';
import { locate, type Segment } from '../../server/src/core/parse/json';
import { parseFile } from '../../server/src/core/parse/parseFile';
import { FederationWorkspace } from '../../server/src/core/workspace';
import { rng } from '../../bench/generate';
import { modernExample, seedExample, uriOf, type Files } from './fixtures';

/** Plain data for a federation value: definitions by file and name, Located values with their ranges. */
function plain(v: unknown, seen = new Set<unknown>()): unknown {
  if (Array.isArray(v)) return v.map((x) => plain(x, seen));
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if ('region' in o && 'entry' in o) return ['member', plain(o.region, seen), (o.entry as { name?: { value: string } }).name?.value];
  if ('zone' in o && 'pool' in o) return ['pool', (o.zone as { uri: string }).uri, (o.pool as { field: string }).field];
  if ('instance' in o && 'listener' in o) return ['listening', (o.instance as { uri: string }).uri, (o.instance as { section: { value: string } }).section.value, o.listener];
  if (seen.has(v)) return ['seen', o.uri, (o as { name?: unknown }).name];
  seen.add(v);
  if ('kind' in o && 'text' in o) return ['file', o.uri];
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) if (k !== 'file' && k !== 'entry' && typeof o[k] !== 'function') out[k] = plain(o[k], seen);
  // Lazily computed ranges are getters, not own properties. A region infile's own range is its whole text.
  for (const k of ['range', 'anchor', 'keyRange', 'valueRange']) if (k in o && !(k === 'range' && o.embedded === false)) out[k] = o[k];
  return out;
}

function snapshot(f: Federation): unknown {
  const maps: Record<string, Map<unknown, unknown>> = { regionsByName: f.regionsByName, zonesByName: f.zonesByName, membership: f.membership, zoneNameById: f.zoneNameById, ...f.index };
  const out: Record<string, unknown> = { dialect: f.dialect };
  for (const [k, m] of Object.entries(maps)) out[k] = [...m.entries()].map(([key, value]) => [key, plain(value)]);
  for (const k of ['files', 'regions', 'zones', 'realms', 'periods', 'instances', 'agents'] as const) out[k] = plain(f[k]);
  return out;
}

const build = (files: Files) => buildFederation(Object.entries(files).map(([name, text]) => parseFile({ uri: uriOf(name), text })));

test('the model read from JSON.parse data equals the tolerant parser reading, ranges included', () => {
  const zone = JSON.parse(seedExample()['us-east.json']);
  // Integer-like keys: plain objects list them first, the text does not.
  zone.placement_pools[0].val.storage_classes = { STANDARD: { data_pool: '.us-east.rgw.buckets' }, 9: { data_pool: '.us-east.rgw.nine' } };
  const sets: Files[] = [seedExample(), modernExample(), Object.fromEntries(generate(10).files), { ...seedExample(), 'us-east.json': JSON.stringify(zone, null, 2) }];
  for (const files of sets) {
    // A `\u` escape sends a file to the tolerant parser; in a key the model does not read, after everything it
    // does read, it changes neither the values nor their offsets.
    const last = (t: string) => t.lastIndexOf('}');
    const tolerant = Object.fromEntries(Object.entries(files).map(([n, t]) => [n, n.endsWith('.json') ? `${t.slice(0, last(t))}, "zz\\u0041": 0${t.slice(last(t))}` : t]));
    const fast = build(files);
    const slow = build(tolerant);
    assert.ok(fast.files.some((f) => 'json' in f && f.json?.fast));
    assert.ok(!slow.files.some((f) => 'json' in f && f.json?.fast));
    assert.deepEqual(snapshot(fast), snapshot(slow));
  }
});

test('after each of 200 random edits the incremental index equals a fresh build, key order included', () => {
  const anyZone = (r: () => number) => zoneName(Math.floor(r() * 10), Math.floor(r() * 10));
  const edits: ((t: string, r: () => number) => string)[] = [
    (t, r) => t.replace(/("name": ")r\d+-z\d+"/, `$1${anyZone(r)}"`),
    (t) => t.replace(/"is_master": "(true|false)"/, (_m, v) => `"is_master": "${v === 'true' ? 'false' : 'true'}"`),
    (t, r) => t.replace(/("endpoints": \[\s*"http:\/\/rgw-)[^.]*/, `$1${anyZone(r)}`),
    (t, r) => t.replace(/^(\{\s*"name": ")[^"]*"/, `$1${regionName(Math.floor(r() * 10))}"`),
    (t) => t.slice(0, 100),
    (t, r) => t.replace('{', `{\n    "name": "${anyZone(r)}",`),
    (t, r) => t.replace(/("user_uid_pool": ")[^"]*"/, `$1.${anyZone(r)}.users.uid"`),
    (t) => t.replace(/\s*"name": "[^"]*",?/, ''),
    (t) => t.replace('"zones": [', '"id": "x", "zones": ['),
  ];
  const original = new Map([...generate(100).files].map(([p, t]) => [uriOf(p), t]));
  const uris = [...original.keys()];
  const ws = new FederationWorkspace();
  for (const [u, t] of original) ws.setFile(u, t);
  ws.changedDiagnostics();
  const r = rng(8);
  for (let i = 0; i < 200; i++) {
    const uri = uris[Math.floor(r() * uris.length)];
    const roll = r();
    if (roll < 0.07 && ws.has(uri)) ws.removeFile(uri);
    else if (roll < 0.25) ws.setFile(uri, original.get(uri)!);
    else ws.setFile(uri, edits[Math.floor(r() * edits.length)](ws.text(uri) ?? original.get(uri)!, r));
    if (r() < 0.5) ws.changedDiagnostics();
    const fresh = buildFederation(ws.uris.map((u) => parseFile({ uri: u, text: ws.text(u)! })));
    assert.deepEqual(snapshot(ws.federation), snapshot(fresh), `after step ${i}`);
  }
});

test('locate finds every value and key where the tolerant parser puts its node', () => {
  const r = rng(3);
  const texts = [...Object.values(seedExample()), ...Object.values(modernExample())].filter((t) => t.trimStart().startsWith('{'));
  const words = ['a', 'b"q', 'c\\d', 'x/y', '', ' sp ', '9', 'name', 'tab\t'];
  const value = (depth: number): unknown => {
    const k = r();
    if (depth > 4 || k < 0.3) return [1, -2.5e3, true, false, null, 'str', 'q"x', 'b\\s', '{fqdn}', ''][Math.floor(r() * 10)];
    if (k < 0.6) return Array.from({ length: Math.floor(r() * 4) }, () => value(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = 0; i < r() * 5; i++) o[words[Math.floor(r() * words.length)] + i] = value(depth + 1);
    return o;
  };
  for (let i = 0; i < 100; i++) texts.push(JSON.stringify({ root: value(0), x: value(0) }, null, Math.floor(r() * 3)));
  for (const text of texts) {
    const visit = (node: Node, path: Segment[], key?: Node) => {
      const span = locate(text, path);
      const where = `${JSON.stringify(path)} in ${text.slice(0, 40)}`;
      assert.deepEqual([span?.offset, span?.length, span?.keyOffset, span?.keyLength], [node.offset, node.length, key?.offset, key?.length], where);
      if (node.type === 'object') {
        node.children!.forEach((p, j) => {
          visit(p.children![1], [...path, p.children![0].value], p.children![0]);
          visit(p.children![1], [...path, { prop: j }], p.children![0]);
        });
      }
      if (node.type === 'array') node.children!.forEach((c, j) => visit(c, [...path, j]));
    };
    visit(parseTree(text)!, []);
    assert.equal(locate(text, ['no such key']), undefined);
    assert.equal(locate(text, [0]), undefined);
  }
});
