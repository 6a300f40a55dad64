// The incremental workspace against a full re-check: after every edit, the diagnostics the workspace holds for
// every file (recomputed or kept) must equal what checking the whole federation from scratch gives.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { generate, rng, zoneName, regionName, withOwnAndCrossProblems } from '../../bench/generate';
import { checkFiles } from '../../server/src/core/check';
import { FederationWorkspace } from '../../server/src/core/workspace';
import { modernExample } from './fixtures';

type Edit = (text: string, r: () => number) => string;
const anyZone = (r: () => number) => zoneName(Math.floor(r() * 10), Math.floor(r() * 10));

// Edits that move cross-file facts: names, pools, keys, endpoints, masters, and lines shifting under ranges.
const edits: Record<string, Edit[]> = {
  zone: [
    (t) => t.replace(/("gc_pool": "[^"]*)"/, '$1x"'),
    (t) => t.replace(/("secret_key": ")[^"]/, '$1Q'),
    (t) => t.replace('"control_pool"', '"contol_pool"'),
    (t) => '\n' + t,
    (t) => t.slice(0, Math.floor(t.length / 2)),
    (t, r) => t.replace(/("user_uid_pool": ")[^"]*"/, `$1.${anyZone(r)}.users.uid"`),
    (t) => t.replace(/("access_key": ")[^"]*"/, '$1"'),
    (t, r) => t.replace('{', `{\n    "name": "${anyZone(r)}",`),
    (t) => t.replace('"default-placement"', '"fast-placement"'),
  ],
  region: [
    (t, r) => t.replace(/("name": ")r\d+-z\d+"/, `$1${anyZone(r)}"`),
    (t) => t.replace(/"is_master": "(true|false)"/, (_m, v) => `"is_master": "${v === 'true' ? 'false' : 'true'}"`),
    (t, r) => t.replace(/("master_zone": ")[^"]*"/, `$1${anyZone(r)}"`),
    (t) => '\n\n' + t,
    (t, r) => t.replace(/("endpoints": \[\s*"http:\/\/rgw-)[^.]*/, `$1${anyZone(r)}`),
    // A zone's endpoint (the region's own comes first): another zone's address, endpoint-shared on both sides.
    (t, r) => t.replace(/("name": "r\d+-z\d[1-9]",\s*"endpoints": \[\s*"http:\/\/rgw-)[^.]*/, `$1${anyZone(r)}`),
    (t, r) => t.replace(/^(\{\s*"name": ")[^"]*"/, `$1${regionName(Math.floor(r() * 10))}"`),
    (t) => t.slice(0, 100),
  ],
  conf: [
    (t, r) => t.replace(/rgw zone = \S+/, `rgw zone = ${anyZone(r)}`),
    (t, r) => t.replace(/rgw region = \S+/, `rgw region = ${regionName(Math.floor(r() * 12))}`),
    (t) => t.replace('host = ', 'hots = '),
    // A gateway moved onto another's host, or off its port: conf-port-conflict in both files, or no longer.
    (t, r) => t.replace(/host = \S+/, `host = gw-${anyZone(r)}-1`),
    (t) => t.replace('port=80', 'port=8080'),
    (t) => '; moved\n' + t,
  ],
  agent: [
    (t, r) => t.replace(/destination: \S+/, `destination: http://rgw-${anyZone(r)}.example.com:80`),
    (t) => t + 'metadata_only: true\n',
    (t, r) => t.replace(/src_access_key: \S+/, `src_zone: ${anyZone(r)}\nsrc_access_key: AAAA`),
    (t) => t.replace('dest_secret_key', 'dest_secret_kye'),
  ],
};

function kindOf(path: string): keyof typeof edits {
  if (path.endsWith('.conf')) return path.endsWith('ceph.conf') ? 'conf' : 'agent';
  return /-z\d+\.json$/.test(path) ? 'zone' : 'region';
}

/** A 100-zone federation loaded into a workspace (nothing checked yet), with its texts by URI and its paths. */
function loadedWorkspace() {
  const gen = generate(100);
  const original = new Map([...gen.files].map(([p, t]) => [`file:///fed/${p}`, t]));
  const ws = new FederationWorkspace();
  for (const [uri, text] of original) ws.setFile(uri, text);
  return { gen, original, paths: [...gen.files.keys()], ws };
}

test('after each of 300 random edits of a 100-zone federation, the workspace equals a full re-check', async () => {
  const { original, paths, ws } = loadedWorkspace();
  ws.changedDiagnostics();
  const r = rng(7);
  let recomputed = 0;
  const seen = new Set<string>();
  for (let i = 0; i < 300; i++) {
    const path = paths[Math.floor(r() * paths.length)];
    const uri = `file:///fed/${path}`;
    const roll = r();
    let what: string;
    if (roll < 0.05 && ws.has(uri)) {
      ws.removeFile(uri);
      what = 'removed';
    } else if (roll < 0.25) {
      ws.setFile(uri, original.get(uri)!);
      what = 'restored';
    } else {
      const list = edits[kindOf(path)];
      const k = Math.floor(r() * list.length);
      ws.setFile(uri, list[k](ws.text(uri) ?? original.get(uri)!, r));
      what = `edit ${kindOf(path)}#${k}`;
    }
    recomputed += ws.changedDiagnostics().size;
    const incremental = await ws.diagnostics();
    const full = (await checkFiles(ws.uris.map((u) => ({ uri: u, text: ws.text(u)! })))).diagnostics;
    assert.deepEqual([...incremental.keys()], [...full.keys()]);
    for (const [u, list] of full) assert.deepEqual(incremental.get(u), list, `after step ${i} (${what} ${path}): ${u}`);
    for (const list of full.values()) for (const d of list) seen.add(d.code);
  }
  // The edits reached the cross-file rules they were written for.
  for (const code of ['pool-shared', 'agent-key-mismatch', 'endpoint-shared', 'conf-zone-unknown']) assert.ok(seen.has(code), `no ${code} in 300 steps`);
  // The point of the exercise: an edit re-checks a handful of files, not the federation.
  assert.ok(recomputed / 300 < paths.length / 4, `${recomputed / 300} files recomputed per edit`);
});

test('checked in slices with edits between the slices (as the server does), the workspace ends equal to a full re-check', async () => {
  const { original, paths, ws } = loadedWorkspace();
  const r = rng(11);
  for (let i = 0; i < 60; i++) {
    // An edit lands while a pass is part-way through: a few slices are checked, then the edit, then collect again.
    ws.collect();
    for (let k = Math.floor(r() * 4); k > 0 && ws.unchecked; k--) ws.checkStale(1 + Math.floor(r() * 40));
    const path = paths[Math.floor(r() * paths.length)];
    const uri = `file:///fed/${path}`;
    const list = edits[kindOf(path)];
    ws.setFile(uri, r() < 0.3 ? original.get(uri)! : list[Math.floor(r() * list.length)](ws.text(uri)!, r));
    if (r() < 0.5) continue;
    ws.collect();
    while (ws.unchecked) ws.checkStale(1 + Math.floor(r() * 60));
    const incremental = ws.lastChecked();
    const full = (await checkFiles(ws.uris.map((u) => ({ uri: u, text: ws.text(u)! })))).diagnostics;
    assert.ok(!ws.pending);
    for (const [u, expected] of full) assert.deepEqual(incremental.get(u), expected, `after step ${i} (${path}): ${u}`);
  }
});

test('a slice checks the files it is told to prefer first, and leaves the rest collected', () => {
  const { gen, ws } = loadedWorkspace();
  ws.collect();
  const total = ws.unchecked;
  assert.equal(total, gen.files.size);
  // The preferred files come last in the workspace's order: the slice still starts with them.
  const preferred = new Set(ws.uris.slice(-3));
  const slice = ws.checkStale(10, (uri) => preferred.has(uri));
  assert.deepEqual([...slice.keys()].slice(0, 3), [...preferred]);
  assert.equal(slice.size, 10);
  assert.equal(ws.unchecked, total - 10);
  assert.ok(ws.pending);
  ws.checkStale();
  assert.equal(ws.unchecked, 0);
  assert.ok(!ws.pending);
});

test('a file\'s own problems are known before the federation is checked, and are the part of its diagnostics that needs no other file', () => {
  const { gen, ws } = loadedWorkspace();
  const uri = ws.uris.find((u) => u.endsWith(gen.zoneFiles[3]))!;
  // A misspelled key (the file alone) and a pool with another zone's prefix (the federation).
  ws.setFile(uri, withOwnAndCrossProblems(ws.text(uri)!));
  const own = ws.localDiagnostics(uri)!;
  assert.ok(own.some((d) => /contol_pool/.test(d.message)), 'the misspelled key');
  assert.deepEqual([...new Set(own.map((d) => d.code))], ['schema']);
  assert.ok(ws.pending, 'nothing checked yet');
  const all = ws.diagnosticsOf(uri)!;
  assert.ok(all.some((d) => d.code === 'pool-prefix'), `the cross-file problem once checked: ${all.map((d) => d.code)}`);
  const key = (d: object) => JSON.stringify(d);
  assert.deepEqual(all.filter((d) => d.code !== 'pool-prefix').map(key), own.map(key), 'the rest of them: its own problems, alike');
  assert.equal(ws.localDiagnostics('file:///nowhere.json'), undefined);
});

test('an edit that gives a zone the endpoint of a zone in another region reports it in both regions, and taking it back clears both', async () => {
  const { original, ws } = loadedWorkspace();
  ws.changedDiagnostics();
  const edited = 'file:///fed/r000/r000.json';
  const other = 'file:///fed/r001/r001.json';
  const codes = async (uri: string) => ((await ws.diagnostics()).get(uri) ?? []).map((d) => d.code);
  ws.setFile(edited, original.get(edited)!.replace('http://rgw-r000-z01.', 'http://rgw-r001-z03.'));
  const changed = ws.changedDiagnostics();
  assert.ok(changed.has(other), 'the other region is checked again');
  assert.deepEqual(await codes(edited), ['endpoint-shared']);
  assert.deepEqual(await codes(other), ['endpoint-shared']);
  ws.setFile(edited, original.get(edited)!);
  ws.changedDiagnostics();
  assert.deepEqual(await codes(edited), []);
  assert.deepEqual(await codes(other), []);
});

test('a gateway moved onto the host of a gateway in another cluster\'s ceph.conf clashes in both files, until its port or host moves', async () => {
  const { original, ws } = loadedWorkspace();
  ws.changedDiagnostics();
  const edited = 'file:///fed/r000/ceph.conf';
  const other = 'file:///fed/r001/ceph.conf';
  const clashes = async (uri: string) => ((await ws.diagnostics()).get(uri) ?? []).filter((d) => d.code === 'conf-port-conflict').length;
  const moved = original.get(edited)!.replace('host = gw-r000-z00-1', 'host = gw-r001-z03-1');
  ws.setFile(edited, moved);
  assert.ok(ws.changedDiagnostics().has(other), 'the other cluster\'s ceph.conf is checked again');
  assert.equal(await clashes(edited), 1);
  assert.equal(await clashes(other), 1);
  ws.setFile(edited, moved.replace('civetweb port=80', 'civetweb port=8080'));
  assert.ok(ws.changedDiagnostics().has(other));
  assert.equal(await clashes(edited), 0);
  assert.equal(await clashes(other), 0);
  ws.setFile(edited, moved);
  ws.changedDiagnostics();
  assert.equal(await clashes(other), 1);
  ws.setFile(edited, original.get(edited)!);
  ws.changedDiagnostics();
  assert.equal(await clashes(edited), 0);
  assert.equal(await clashes(other), 0);
});

test('renaming the realm in its infile reports every gateway section that names the old realm, and renaming it back clears them', async () => {
  const ws = new FederationWorkspace();
  const files = modernExample();
  for (const [name, text] of Object.entries(files)) ws.setFile(`file:///fed/${name}`, text);
  ws.changedDiagnostics();
  const conf = 'file:///fed/ceph.conf';
  const codes = async () => ((await ws.diagnostics()).get(conf) ?? []).map((d) => d.code);
  assert.deepEqual(await codes(), []);
  ws.setFile('file:///fed/realm.json', files['realm.json'].replace('"name": "gold"', '"name": "platinum"'));
  assert.ok(ws.changedDiagnostics().has(conf), 'the ceph.conf is checked again');
  assert.deepEqual(await codes(), ['conf-realm-unknown', 'conf-realm-unknown']);
  ws.setFile('file:///fed/realm.json', files['realm.json']);
  ws.changedDiagnostics();
  assert.deepEqual(await codes(), []);
  // A new realm id: the zonegroup that still carries the old one is told.
  const zonegroup = 'file:///fed/ap.json';
  ws.setFile('file:///fed/realm.json', files['realm.json'].replace('"id": "31dec4f4', '"id": "41dec4f4'));
  assert.ok(ws.changedDiagnostics().has(zonegroup), 'the zonegroup is checked again');
  assert.deepEqual(((await ws.diagnostics()).get(zonegroup) ?? []).map((d) => d.code), ['realm-id-unknown']);
});
