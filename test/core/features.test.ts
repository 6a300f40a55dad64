// Editor features at the core boundary: completion, hover, definition, references, rename, quick fixes, symbols.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codeActions } from '../../server/src/core/features/codeActions';
import { codeLenses } from '../../server/src/core/features/codeLens';
import { complete } from '../../server/src/core/features/completion';
import { hover } from '../../server/src/core/features/hover';
import { definition, documentHighlights, prepareRename, references, rename } from '../../server/src/core/features/navigation';
import { documentSymbols, foldingRanges, workspaceSymbols } from '../../server/src/core/features/outline';
import { buildTopology } from '../../server/src/core/topology';
import { FederationWorkspace } from '../../server/src/core/workspace';
import type { Diagnostic } from '../../server/src/core/types';
import { applyEdit, at, brief, check, contextOf, editJson, editText, lastLineOf, modernExample, seedExample, uriOf, type Files } from './fixtures';

const line = (f: Files, name: string, needle: string) => at(f, name, needle).line;
const labels = (list: { items: { label: string }[] }) => list.items.map((i) => i.label);
const names = (locs: { uri: string }[]) => [...new Set(locs.map((l) => l.uri.replace('file:///fed/', '')))].sort();
const hoverText = (h: Awaited<ReturnType<typeof hover>>): string => {
  if (!h) return '';
  const parts = Array.isArray(h.contents) ? h.contents : [h.contents];
  return parts.map((p) => (typeof p === 'string' ? p : p.value)).join('\n');
};

// ---- completion

test('completion: master_zone offers the zones of that region (legacy: names)', async () => {
  const f = seedExample();
  const ctx = await contextOf(f);
  const list = await complete(ctx, uriOf('us.json'), at(f, 'us.json', '"master_zone": "', 16));
  assert.deepEqual(labels(list), ['us-east', 'us-west']);
  assert.equal(list.items[0].textEdit && 'newText' in list.items[0].textEdit ? list.items[0].textEdit.newText : '', '"us-east"');
});

test('completion: a modern master_zone inserts the zone id and shows the name', async () => {
  const f = modernExample();
  const ctx = await contextOf(f);
  const list = await complete(ctx, uriOf('ap.json'), at(f, 'ap.json', '"master_zone": "', 16));
  assert.deepEqual(labels(list), ['ap-north', 'ap-south']);
  const id = JSON.parse(f['ap-north.json']).id;
  assert.equal((list.items[0].textEdit as { newText: string }).newText, JSON.stringify(id));
});

test('completion: default_placement and placement_pools keys offer the placement targets', async () => {
  const f = seedExample();
  const ctx = await contextOf(f);
  assert.deepEqual(labels(await complete(ctx, uriOf('us.json'), at(f, 'us.json', '"default_placement": "', 22))), ['default-placement']);
  assert.deepEqual(labels(await complete(ctx, uriOf('us-east.json'), at(f, 'us-east.json', '"key": "', 8))), ['default-placement']);
});

test('completion: pool fields offer the conventional name for the zone', async () => {
  const f = seedExample();
  const ctx = await contextOf(f);
  assert.deepEqual(labels(await complete(ctx, uriOf('us-west.json'), at(f, 'us-west.json', '"gc_pool": "', 12))), ['.us-west.rgw.gc']);
  const m = modernExample();
  const mctx = await contextOf(m);
  assert.deepEqual(labels(await complete(mctx, uriOf('ap-south.json'), at(m, 'ap-south.json', '"gc_pool": "', 12))), ['ap-south.rgw.log:gc']);
});

test('completion: property names from the schema, required first, with descriptions', async () => {
  const f = { ...seedExample(), 'new-zone.json': '{\n    \n}\n' };
  const ctx = await contextOf(f);
  const list = await complete(ctx, uriOf('new-zone.json'), { line: 1, character: 4 });
  // An empty object is no zone yet: nothing to complete from a schema it does not have.
  assert.ok(Array.isArray(list.items));
  const zone = { ...seedExample() };
  zone['us-east.json'] = zone['us-east.json'].replace('"control_pool": ".us-east.rgw.control",\n', '');
  const zctx = await contextOf(zone);
  const items = (await complete(zctx, uriOf('us-east.json'), { line: 1, character: 4 })).items;
  const control = items.find((i) => i.label === 'control_pool');
  assert.ok(control, 'control_pool offered');
  assert.ok(JSON.stringify(control!.documentation ?? control!.detail ?? '').length > 10);
  const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
  assert.equal(sorted[0].label, 'control_pool', 'the missing required key comes first');
});

test('completion: a new entry in a region zones array offers the unlisted zone infiles', async () => {
  const f: Files = { ...seedExample(), 'south/us-south.json': seedExample()['us-east.json'].replace(/us-east/g, 'us-south') };
  const text = f['us.json'].replace('"zones": [', '"zones": [\n        ,');
  f['us.json'] = text;
  const ctx = await contextOf(f);
  const list = await complete(ctx, uriOf('us.json'), at(f, 'us.json', '"zones": [\n        ', 19));
  // Only the infile no region lists; each item says which file it comes from and inserts a whole zone entry.
  assert.deepEqual(labels(list), ['zone us-south']);
  const [item] = list.items;
  assert.equal(item.detail, 'from us-south.json');
  assert.match(item.insertText ?? '', /^\{\n\t"name": "us-south",\n\t"endpoints": \["\$\{1:http:\/\/us-south\.example\.com:80\/\}"\],/);
});

test('completion: ceph.conf option names, section headers and values', async () => {
  const f = editText(seedExample(), 'us-cluster/ceph.conf', 'host = gw-us-east-1\n', 'host = gw-us-east-1\nrgw d\n');
  const ctx = await contextOf(f);
  const opts = labels(await complete(ctx, uriOf('us-cluster/ceph.conf'), at(f, 'us-cluster/ceph.conf', 'rgw d\n', 5)));
  assert.ok(opts.includes('rgw dns s3website name') && opts.includes('rgw data log window'));
  assert.ok(!opts.includes('rgw zone'), 'options already in the section are not offered');
  const sections = { ...f, 'us-cluster/ceph.conf': f['us-cluster/ceph.conf'] + '\n[cl\n' };
  const sctx = await contextOf(sections);
  const heads = labels(await complete(sctx, uriOf('us-cluster/ceph.conf'), at(sections, 'us-cluster/ceph.conf', '[cl\n', 3)));
  assert.ok(heads.includes('client.radosgw.us-east-2') && heads.includes('client.radosgw.eu-east-1'), JSON.stringify(heads));
  const values = editText(seedExample(), 'us-cluster/ceph.conf', 'rgw zone = us-east', 'rgw zone = ');
  const vctx = await contextOf(values);
  assert.deepEqual(labels(await complete(vctx, uriOf('us-cluster/ceph.conf'), at(values, 'us-cluster/ceph.conf', 'rgw zone = ', 11))), ['us-east', 'us-west']);
  const regions = editText(seedExample(), 'us-cluster/ceph.conf', 'rgw region = us\nrgw zone = us-east', 'rgw region = \nrgw zone = us-east');
  const rctx = await contextOf(regions);
  assert.deepEqual(labels(await complete(rctx, uriOf('us-cluster/ceph.conf'), at(regions, 'us-cluster/ceph.conf', 'rgw region = \n', 13))).sort(), ['eu', 'us']);
  const root = editText(seedExample(), 'us-cluster/ceph.conf', 'rgw zone root pool = .us-east.rgw.root', 'rgw zone root pool = ');
  const pctx = await contextOf(root);
  assert.deepEqual(labels(await complete(pctx, uriOf('us-cluster/ceph.conf'), at(root, 'us-cluster/ceph.conf', 'rgw zone root pool = \n', 21))), ['.us-east.rgw.root']);
  const realm = editText(modernExample(), 'ceph.conf', 'rgw realm = gold\nrgw zonegroup = ap\nrgw zone = ap-south', 'rgw realm = \nrgw zonegroup = ap\nrgw zone = ap-south');
  const mctx = await contextOf(realm);
  assert.deepEqual(labels(await complete(mctx, uriOf('ceph.conf'), at(realm, 'ceph.conf', 'rgw realm = \n', 12))), ['gold']);
});

test('completion: agent config keys, endpoints, zones, and keys masked in the label', async () => {
  const f = { ...seedExample(), 'new-sync.conf': 'src_zone: \ndestination: \ndest_secret_key: \n' };
  const ctx = await contextOf(f);
  assert.ok(labels(await complete(ctx, uriOf('new-sync.conf'), at(f, 'new-sync.conf', 'src_zone: ', 10))).includes('us-east'));
  assert.ok(labels(await complete(ctx, uriOf('new-sync.conf'), at(f, 'new-sync.conf', 'destination: ', 13))).includes('http://rgw-us-west.example.com:80'));
  const withDest: Files = { ...seedExample(), 'new-sync.conf': 'destination: http://rgw-us-west.example.com:80\ndest_secret_key: \n' };
  const dctx = await contextOf(withDest);
  const keys = await complete(dctx, uriOf('new-sync.conf'), at(withDest, 'new-sync.conf', 'dest_secret_key: ', 17));
  const secret = JSON.parse(withDest['us-west.json']).system_key.secret_key;
  assert.equal(keys.items.length, 1);
  assert.ok(!keys.items[0].label.includes(secret) && keys.items[0].label.includes('us-west'));
  assert.equal((keys.items[0].textEdit as { newText: string }).newText, secret);
  // A file not yet recognisable by content is taken by its editor language.
  const top = { ...seedExample(), 'new-sync.conf': 'src\n' };
  const tctx = await contextOf(top, { 'new-sync.conf': 'radosgw-agent-conf' });
  assert.ok(labels(await complete(tctx, uriOf('new-sync.conf'), { line: 0, character: 3 })).includes('src_access_key'));
});

test('completion: a chosen item replaces what is typed, and only that (ceph.conf headers, keys, values; agent keys, values)', async () => {
  const pick = async (f: Files, name: string, needle: string, label: string) => {
    const list = await complete(await contextOf(f), uriOf(name), at(f, name, needle, needle.length));
    const item = list.items.find((i) => i.label === label);
    assert.ok(item?.textEdit, `${label} offered in ${name}`);
    return applyEdit(f, { changes: { [uriOf(name)]: [item.textEdit as { range: never; newText: string }] } })[name];
  };
  const conf = editText(seedExample(), 'us-cluster/ceph.conf', 'rgw zone = us-east', 'rgw zone =   us-e');
  assert.ok((await pick(conf, 'us-cluster/ceph.conf', 'rgw zone =   us-e', 'us-east')).includes('\nrgw zone =   us-east\n'));
  const agent = { ...seedExample(), 'new-sync.conf': 'src_zone:  us-w\n' };
  assert.equal(await pick(agent, 'new-sync.conf', 'src_zone:  us-w', 'us-west'), 'src_zone:  us-west\n');
  // Keys keep the line's indent; a header keeps its bracket and gets the closing one.
  const key = editText(seedExample(), 'us-cluster/ceph.conf', 'host = gw-us-east-1\n', 'host = gw-us-east-1\n  rgw dns s\n');
  assert.ok((await pick(key, 'us-cluster/ceph.conf', '  rgw dns s', 'rgw dns s3website name')).includes('\n  rgw dns s3website name = \n'));
  const header = { ...seedExample(), 'us-cluster/ceph.conf': seedExample()['us-cluster/ceph.conf'] + '\n [cl\n' };
  assert.ok((await pick(header, 'us-cluster/ceph.conf', ' [cl', 'client')).endsWith('\n [client]\n'));
  const agentKey = { ...seedExample(), 'new-sync.conf': 'src_zone: us-west\ndest\n' };
  assert.equal(await pick(agentKey, 'new-sync.conf', '\ndest', 'destination'), 'src_zone: us-west\ndestination: \n');
});

test('completion stays correct on a half-typed, broken file', async () => {
  const whole = seedExample()['us.json'].replace('"master_zone": "us-east",', '"master_zone": "us-');
  const f = { ...seedExample(), 'us.json': whole.slice(0, whole.length - 120) };
  const ctx = await contextOf(f);
  assert.deepEqual(labels(await complete(ctx, uriOf('us.json'), at(f, 'us.json', '"master_zone": "us-', 19))), ['us-east', 'us-west']);
});

// ---- hover

test('hover on a reference summarises the zone, never showing a secret in full', async () => {
  const f = seedExample();
  const ctx = await contextOf(f);
  const text = hoverText(await hover(ctx, uriOf('us.json'), at(f, 'us.json', '"master_zone": "', 17)));
  assert.match(text, /master zone of region `us` \(the master region\)/);
  assert.match(text, /client\.radosgw\.us-east-1` on gw-us-east-1/);
  const k = JSON.parse(f['us-east.json']).system_key;
  assert.ok(!text.includes(k.access_key) && !text.includes(k.secret_key));
  const conf = hoverText(await hover(ctx, uriOf('us-cluster/ceph.conf'), at(f, 'us-cluster/ceph.conf', 'rgw zone = us-east', 13)));
  assert.match(conf, /zone us-east/);
});

test('hover: ceph.conf option type, default and meaning; schema descriptions; agent keys', async () => {
  const f = seedExample();
  const ctx = await contextOf(f);
  assert.match(hoverText(await hover(ctx, uriOf('us-cluster/ceph.conf'), at(f, 'us-cluster/ceph.conf', 'rgw dns name', 2))), /\*\*rgw dns name\*\* `str`/);
  assert.match(hoverText(await hover(ctx, uriOf('us-east.json'), at(f, 'us-east.json', '"control_pool"', 3))), /watch\/notify/);
  assert.ok(hoverText(await hover(ctx, uriOf('us-data-sync.conf'), at(f, 'us-data-sync.conf', 'log_file', 2))).length > 20);
});

test('hover on rgw frontends lists the sockets the value binds', async () => {
  const f = editText(modernExample(), 'ceph.conf', 'beast port=8080', 'beast port=8080 ssl_endpoint=[::1], civetweb port=10.0.0.1:81');
  const ctx = await contextOf(f);
  const text = hoverText(await hover(ctx, uriOf('ceph.conf'), at(f, 'ceph.conf', 'rgw frontends', 2)));
  assert.match(text, /\*\*rgw frontends\*\* `str`/);
  assert.match(text, /Listens on `0\.0\.0\.0:8080 and \[::\]:8080` \(port=8080\), `\[::1\]:443` \(ssl_endpoint=\[::1\]\), `10\.0\.0\.1:81` \(port=10\.0\.0\.1:81\)\.$/);
});

// ---- navigation

test('definition: from rgw zone, master_zone and an agent destination to the zone infile', async () => {
  const f = seedExample();
  const ctx = await contextOf(f);
  assert.deepEqual(names(definition(ctx, uriOf('us-cluster/ceph.conf'), at(f, 'us-cluster/ceph.conf', 'rgw zone = us-east', 12))), ['us-east.json']);
  assert.deepEqual(names(definition(ctx, uriOf('us.json'), at(f, 'us.json', '"master_zone": "', 17))), ['us-east.json']);
  assert.deepEqual(names(definition(ctx, uriOf('us-data-sync.conf'), at(f, 'us-data-sync.conf', 'destination: ', 15))), ['us-west.json']);
  assert.deepEqual(names(definition(ctx, uriOf('us-cluster/ceph.conf'), at(f, 'us-cluster/ceph.conf', 'rgw region = us', 13))), ['us.json']);
  const noInfile = { ...f };
  delete noInfile['us-west.json'];
  const nctx = await contextOf(noInfile);
  assert.deepEqual(names(definition(nctx, uriOf('us-cluster/ceph.conf'), at(noInfile, 'us-cluster/ceph.conf', 'rgw zone = us-west', 12))), ['us.json']);
});

test('definition, references and the sync pairs find an agent URL\'s zone as the agent rules do, where two zones list it', async () => {
  // us-east lists us-west's address too (endpoint-shared): the last listing, us-west's, is the zone the rules check
  // the destination keys against, and every feature agrees with them.
  const f = editJson(seedExample(), 'us.json', (v) => v.zones[0].endpoints.push('http://rgw-us-west.example.com:80/'));
  const ctx = await contextOf(f);
  assert.ok((await check(f)).some((d) => d.code === 'endpoint-shared'));
  const destination = at(f, 'us-data-sync.conf', 'destination: ', 15);
  assert.deepEqual(names(definition(ctx, uriOf('us-data-sync.conf'), destination)), ['us-west.json']);
  assert.ok(references(ctx, uriOf('us-west.json'), at(f, 'us-west.json', '".us-west', 3)).some((r) => r.uri === uriOf('us-data-sync.conf')));
  assert.ok(!references(ctx, uriOf('us-east.json'), at(f, 'us-east.json', '".us-east', 3)).some((r) => r.uri === uriOf('us-data-sync.conf') && r.range.start.line === destination.line));
  const pair = buildTopology(ctx.federation).syncPairs.find((p) => p.place?.uri === uriOf('us-data-sync.conf'));
  assert.equal(pair?.destination, 'us-west');
});

test('folding: each ceph.conf section from its header to its last option, and runs of comment lines', async () => {
  const f = editText(seedExample(), 'us-cluster/ceph.conf', '[client.radosgw.us-west-1]', '# the second gateway\n; of region us\n[client.radosgw.us-west-1]');
  const ctx = await contextOf(f);
  const line = (needle: string) => at(f, 'us-cluster/ceph.conf', needle).line;
  assert.deepEqual(foldingRanges(ctx, uriOf('us-cluster/ceph.conf')), [
    { startLine: line('[global]'), endLine: line('rgw zonegroup root pool') },
    { startLine: line('[client.radosgw.us-east-1]'), endLine: line('host = gw-us-east-1') },
    { startLine: line('# the second gateway'), endLine: line('; of region us'), kind: 'comment' },
    { startLine: line('[client.radosgw.us-west-1]'), endLine: line('host = gw-us-west-1') },
  ]);
  assert.deepEqual(foldingRanges(ctx, uriOf('us.json')), []);
});

test('document highlights: the zone under the cursor wherever this file names it', async () => {
  const f = seedExample();
  const ctx = await contextOf(f);
  const conf = 'us-cluster/ceph.conf';
  const highlights = documentHighlights(ctx, uriOf(conf), at(f, conf, 'rgw zone = us-west', 12));
  const texts = highlights.map((h) => f[conf].split('\n')[h.range.start.line].slice(h.range.start.character, h.range.end.character));
  // The section name's zone, `rgw zone` and the zone's root pool: read, not written, in a ceph.conf.
  assert.deepEqual(texts, ['us-west', 'us-west', 'us-west']);
  assert.deepEqual(highlights.map((h) => h.range.start.line), [line(f, conf, '[client.radosgw.us-west-1]'), line(f, conf, 'rgw zone = us-west'), line(f, conf, 'rgw zone root pool = .us-west')]);
  assert.ok(highlights.every((h) => h.kind === 2 /* Read */));
  // A legacy zone infile has no name field: its pools' prefixes are highlighted, not the first key standing for it.
  const zone = documentHighlights(ctx, uriOf('us-west.json'), at(f, 'us-west.json', '".us-west', 3));
  assert.equal(zone.length, 12);
  assert.ok(zone.every((h) => h.kind === 2 && f['us-west.json'].split('\n')[h.range.start.line].slice(h.range.start.character - 2, h.range.end.character + 1) === '".us-west.'));
  // A modern zonegroup defines its zones by name.
  const m = modernExample();
  const mctx = await contextOf(m);
  const inZonegroup = documentHighlights(mctx, uriOf('ap.json'), at(m, 'ap.json', '"name": "ap-south"', 10));
  assert.ok(inZonegroup.length > 0 && inZonegroup.every((h) => m['ap.json'].split('\n')[h.range.start.line].includes('"ap-south"')), JSON.stringify(inZonegroup));
  // In its own infile the name field is the definition: written.
  const own = documentHighlights(mctx, uriOf('ap-south.json'), at(m, 'ap-south.json', '"ap-south"', 1));
  assert.ok(own.some((h) => h.kind === 3 /* Write */ && h.range.start.line === line(m, 'ap-south.json', '"name": "ap-south"')), JSON.stringify(own));
  assert.deepEqual(documentHighlights(ctx, uriOf(conf), at(f, conf, 'keyring', 2)), []);
});

test('references: every file that names a zone', async () => {
  const f = seedExample();
  const ctx = await contextOf(f);
  const refs = references(ctx, uriOf('us-west.json'), at(f, 'us-west.json', '".us-west', 3));
  assert.deepEqual(names(refs), ['us-cluster/ceph.conf', 'us-data-sync.conf', 'us-west.json', 'us.json']);
  // The twelve pools of the zone, and the infile itself (a legacy infile has no name field).
  assert.equal(refs.filter((r) => r.uri === uriOf('us-west.json')).length, 13);
});

test('rename a zone everywhere at once; the federation checks clean after', async () => {
  const f = seedExample();
  const ctx = await contextOf(f);
  const r = rename(ctx, uriOf('us.json'), at(f, 'us.json', '"name": "us-west"', 10), 'us-central');
  assert.ok(r.ok);
  const after = applyEdit(f, r.ok ? r.edit : {});
  assert.ok(after['us-central.json'] && !after['us-west.json'], 'the infile follows the convention');
  assert.match(after['us-cluster/ceph.conf'], /\[client\.radosgw\.us-central-1\]\nrgw region = us\nrgw zone = us-central\nrgw zone root pool = \.us-central\.rgw\.root/);
  // Host names may contain the old name (they are not the zone's name); the name itself is gone.
  assert.ok(!Object.values(after).some((t) => /"us-west"|\.us-west\.|= us-west\b|radosgw\.us-west-/.test(t)), 'no us-west left');
  assert.deepEqual((await check(after)).map(brief), []);
});

test('rename keeps the quotes of a quoted ceph.conf value, root pools included', async () => {
  let f = editText(seedExample(), 'us-cluster/ceph.conf', 'rgw zone = us-west', "rgw zone = 'us-west'");
  f = editText(f, 'us-cluster/ceph.conf', 'rgw zone root pool = .us-west.rgw.root', 'rgw zone root pool = ".us-west.rgw.root"');
  const ctx = await contextOf(f);
  const p = prepareRename(ctx, uriOf('us-cluster/ceph.conf'), at(f, 'us-cluster/ceph.conf', '".us-west', 3));
  assert.ok('placeholder' in p && p.placeholder === 'us-west', JSON.stringify(p));
  const r = rename(ctx, uriOf('us-cluster/ceph.conf'), at(f, 'us-cluster/ceph.conf', "'us-west'", 2), 'us-central');
  assert.ok(r.ok, r.ok ? '' : r.reason);
  const after = applyEdit(f, r.ok ? r.edit : {});
  assert.match(after['us-cluster/ceph.conf'], /rgw zone = 'us-central'\nrgw zone root pool = "\.us-central\.rgw\.root"/);
  assert.deepEqual((await check(after)).map(brief), []);
});

test('a gateway section whose name is written with escapes: a reference to its zone, which rename lists but leaves as written', async () => {
  const f = editText(seedExample(), 'us-cluster/ceph.conf', '[client.radosgw.us-west-1]', '[client.radosgw.us\\-west-1]');
  const ctx = await contextOf(f);
  const section = at(f, 'us-cluster/ceph.conf', 'client.radosgw.us\\-west-1', 0);
  const refs = references(ctx, uriOf('us.json'), at(f, 'us.json', '"name": "us-west"', 10));
  // The whole name: Ceph reads it without the backslash, so no part of the text is the zone's name alone.
  assert.ok(
    refs.some((r) => r.uri === uriOf('us-cluster/ceph.conf') && r.range.start.line === section.line && r.range.start.character === section.character && r.range.end.character === section.character + 'client.radosgw.us\\-west-1'.length),
    JSON.stringify(refs.filter((r) => r.uri === uriOf('us-cluster/ceph.conf'))),
  );
  // From the section name itself the symbol is the zone too.
  assert.equal(references(ctx, uriOf('us-cluster/ceph.conf'), { line: section.line, character: section.character + 3 }).length, refs.length);
  const r = rename(ctx, uriOf('us.json'), at(f, 'us.json', '"name": "us-west"', 10), 'us-central');
  assert.ok(r.ok, r.ok ? '' : r.reason);
  const after = applyEdit(f, r.ok ? r.edit : {});
  assert.match(after['us-cluster/ceph.conf'], /\[client\.radosgw\.us\\-west-1\]\nrgw region = us\nrgw zone = us-central\n/);
});

test('rename a modern zone from its infile: name, pools, zonegroup, period and ceph.conf follow; checks clean after', async () => {
  const f = modernExample();
  const ctx = await contextOf(f);
  const r = rename(ctx, uriOf('ap-south.json'), at(f, 'ap-south.json', '"name": "ap-south"', 10), 'ap-east');
  assert.ok(r.ok, r.ok ? '' : r.reason);
  const after = applyEdit(f, r.ok ? r.edit : {});
  const zone = JSON.parse(after['ap-east.json']);
  assert.equal(zone.name, 'ap-east');
  assert.equal(zone.gc_pool, 'ap-east.rgw.log:gc');
  assert.match(after['ceph.conf'], /\[client\.rgw\.ap-east-1\]\n[^[]*\nrgw zone = ap-east\n/);
  // Paths on a host (the keyring's) may contain the old name; they are not the zone's name.
  assert.ok(!Object.values(after).some((t) => /"ap-south"|ap-south\.rgw|= ap-south\b|\[client\.rgw\.ap-south-/.test(t)), 'no ap-south left');
  assert.deepEqual((await check(after)).map(brief), []);
});

test('renaming a gateway section asks for confirmation and names the key and keyring that keep the old name', async () => {
  const f = modernExample();
  const ctx = await contextOf(f);
  const pos = at(f, 'ap-south.json', '"name": "ap-south"', 10);
  const r = rename(ctx, uriOf('ap-south.json'), pos, 'ap-east', true);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  const edit = r.ok ? r.edit : {};
  const notes = Object.values(edit.changeAnnotations ?? {});
  assert.equal(notes.length, 1, JSON.stringify(edit.changeAnnotations));
  assert.equal(notes[0].needsConfirmation, true);
  assert.equal(
    notes[0].description,
    "[client.rgw.ap-south-1] becomes [client.rgw.ap-east-1]: the gateway's cephx key and its keyring /var/lib/ceph/radosgw/ceph-rgw.ap-south-1/keyring on its host keep the old name. Create the key of client.rgw.ap-east-1 on the host before the gateway restarts.",
  );
  // Only the section name carries the note; the same edit applies as without it.
  const annotated = (edit.documentChanges ?? []).flatMap((c) => ('edits' in c ? c.edits : [])).filter((e) => 'annotationId' in e);
  assert.equal(annotated.length, 1);
  const conf = f['ceph.conf'].split('\n');
  const { start, end } = annotated[0].range;
  assert.equal(conf[start.line], '[client.rgw.ap-south-1]');
  assert.equal(conf[start.line].slice(start.character, end.character), 'ap-south');
  const plain = rename(ctx, uriOf('ap-south.json'), pos, 'ap-east');
  assert.ok(plain.ok && plain.edit.changeAnnotations === undefined, 'no annotations for a client that does not support them');
  assert.deepEqual(applyEdit(f, edit), applyEdit(f, plain.ok ? plain.edit : {}));
  // VS Code's preview leaves an edit that needs confirmation unticked: the rest alone keeps the gateway's old
  // instance name, now serving the renamed zone, and checks clean.
  const unticked = {
    ...edit,
    documentChanges: (edit.documentChanges ?? []).map((c) => ('edits' in c ? { ...c, edits: c.edits.filter((e) => !('annotationId' in e)) } : c)),
  };
  const after = applyEdit(f, unticked);
  assert.match(after['ceph.conf'], /\[client\.rgw\.ap-south-1\]\n[^[]*\nrgw zone = ap-east\n/);
  assert.deepEqual((await check(after)).map(brief), []);
});

test('prepare rename selects exactly the name, also inside a root pool', async () => {
  const f = seedExample();
  const ctx = await contextOf(f);
  const conf = f['us-cluster/ceph.conf'];
  const selected = (uri: string, text: string, needle: string, delta: number) => {
    const p = prepareRename(ctx, uriOf(uri), at({ [uri]: text }, uri, needle, delta));
    assert.ok('range' in p, JSON.stringify(p));
    const lines = text.split('\n');
    const { start, end } = p.range;
    assert.equal(start.line, end.line);
    return [lines[start.line].slice(start.character, end.character), p.placeholder];
  };
  assert.deepEqual(selected('us-cluster/ceph.conf', conf, 'rgw zone root pool = .us-east.rgw.root', 25), ['us-east', 'us-east']);
  assert.deepEqual(selected('us-cluster/ceph.conf', conf, 'rgw region root pool = .us.rgw.root', 24), ['us', 'us']);
  assert.deepEqual(selected('us-cluster/ceph.conf', conf, 'rgw zone = us-east', 13), ['us-east', 'us-east']);
  assert.deepEqual(selected('us-cluster/ceph.conf', conf, '[client.radosgw.us-east-1]', 18), ['us-east', 'us-east']);
});

test('rename a region everywhere at once; the federation checks clean after', async () => {
  const f = seedExample();
  const ctx = await contextOf(f);
  const r = rename(ctx, uriOf('eu-cluster/ceph.conf'), at(f, 'eu-cluster/ceph.conf', 'rgw region = eu', 13), 'emea');
  assert.ok(r.ok);
  const after = applyEdit(f, r.ok ? r.edit : {});
  assert.ok(after['emea.json'] && !after['eu.json']);
  assert.match(after['eu-cluster/ceph.conf'], /rgw region root pool = \.emea\.rgw\.root/);
  assert.deepEqual((await check(after)).map(brief), []);
});

test('rename refused with a reason when the name is invalid or taken', async () => {
  const f = seedExample();
  const ctx = await contextOf(f);
  const pos = at(f, 'us.json', '"name": "us-west"', 10);
  const taken = rename(ctx, uriOf('us.json'), pos, 'eu-east');
  assert.ok(!taken.ok && /already exists/.test(taken.reason));
  const bad = rename(ctx, uriOf('us.json'), pos, 'x$(touch /tmp/pwned)');
  assert.ok(!bad.ok && /not a usable zone name/.test(bad.reason));
});

// ---- quick fixes: each one re-checks clean

async function fixOnce(files: Files, code: string, pick = 0): Promise<{ after: Files; title: string }> {
  const { federation, diagnostics } = await contextOf(files);
  const d = diagnostics.find((x: Diagnostic) => x.code === code);
  assert.ok(d, `no ${code} in ${JSON.stringify(diagnostics.map(brief))}`);
  const lsp = { range: d!.range, message: d!.message, code: d!.code, relatedInformation: d!.related?.map((r: { uri: string; range: Diagnostic["range"]; message: string }) => ({ location: { uri: r.uri, range: r.range }, message: r.message })) };
  const actions = codeActions({ federation }, d!.uri, [lsp]);
  assert.ok(actions.length > pick, `no quick fix for ${code}`);
  return { after: applyEdit(files, actions[pick].edit!), title: actions[pick].title };
}

const fixCases: { code: string; broken: () => Files; remaining?: string[] }[] = [
  { code: 'master-zone-unknown', broken: () => editJson(seedExample(), 'us.json', (r) => (r.master_zone = 'us-esat')) },
  { code: 'pool-prefix', broken: () => editJson(seedExample(), 'us-west.json', (z) => (z.gc_pool = '.us-wst.rgw.gc')) },
  { code: 'conf-dash-key', broken: () => editText(seedExample(), 'us-cluster/ceph.conf', 'rgw zone = us-east', 'rgw-zone = us-east') },
  { code: 'conf-unknown-option', broken: () => editText(seedExample(), 'us-cluster/ceph.conf', 'rgw dns name', 'rgw dns nmae') },
  { code: 'conf-zone-unknown', broken: () => editText(seedExample(), 'us-cluster/ceph.conf', 'rgw zone = us-west', 'rgw zone = us-wset') },
  {
    code: 'placement-missing',
    broken: () => editJson(modernExample(), 'ap.json', (r) => r.placement_targets.push({ name: 'cold-placement', tags: [], storage_classes: ['STANDARD'] })),
    // Both zones lack it: one fixed, the other still told.
    remaining: ['ap-south.json:24 placement-missing'],
  },
  {
    code: 'sync-from-unknown',
    broken: () => editJson(modernExample(), 'ap.json', (r) => Object.assign(r.zones[1], { sync_from_all: 'false', sync_from: ['ap-nroth'] })),
  },
  { code: 'conf-realm-unknown', broken: () => editText(modernExample(), 'ceph.conf', 'rgw realm = gold\nrgw zonegroup = ap\nrgw zone = ap-south', 'rgw realm = glod\nrgw zonegroup = ap\nrgw zone = ap-south') },
  { code: 'conf-port-conflict', broken: () => editText(modernExample(), 'ceph.conf', 'host = gw-ap-south-1', 'host = gw-ap-north-1') },
  // A port implied by the framework (civetweb's 7480) is written in.
  { code: 'conf-port-conflict', broken: () => editText(editText(modernExample(), 'ceph.conf', 'host = gw-ap-south-1', 'host = gw-ap-north-1'), 'ceph.conf', /beast port=8080/g, 'civetweb') },
  // The section is us-west-1's: the zone it starts with is the fix offered first, not the region's first zone.
  { code: 'conf-zone-missing', broken: () => editText(seedExample(), 'us-cluster/ceph.conf', 'rgw zone = us-west\n', '') },
  { code: 'conf-zone-missing', broken: () => editText(seedExample(), 'us-cluster/ceph.conf', 'rgw zone = us-west\n', 'rgw zone =\n') },
  // Inherited from [global], empty: the section gets its own rgw zone.
  { code: 'conf-zone-missing', broken: () => editText(editText(seedExample(), 'us-cluster/ceph.conf', 'rgw zone = us-west\n', ''), 'us-cluster/ceph.conf', '[global]\n', '[global]\nrgw zone =\n') },
  {
    code: 'agent-key-mismatch',
    broken: () => {
      const f = seedExample();
      const k = JSON.parse(f['us-east.json']).system_key.secret_key;
      return editText(f, 'us-data-sync.conf', k, 'x' + k.slice(1));
    },
  },
  { code: 'placeholder', broken: () => editJson(seedExample(), 'us.json', (r) => (r.zones[1].endpoints = ['http://{fqdn}:80/'])) },
  {
    code: 'placeholder',
    broken: () => {
      const f = seedExample();
      return editText(f, 'us-data-sync.conf', /dest_access_key: .*/, 'dest_access_key: {destination-access-key}');
    },
  },
  // A zone re-created: the zonegroup takes the new id, master_zone too when the zone is the master.
  { code: 'zone-id-mismatch', broken: () => editJson(modernExample(), 'ap-south.json', (z) => (z.id = '0b6e8a52-1f7c-4d8e-9a3b-5c2d7e9f1a40')) },
  { code: 'zone-id-mismatch', broken: () => editJson(modernExample(), 'ap-north.json', (z) => (z.id = '0b6e8a52-1f7c-4d8e-9a3b-5c2d7e9f1a40')) },
  {
    code: 'agent-source-mismatch',
    broken: () => editText(seedExample(), 'us-data-sync.conf', 'log_file:', 'src_zone: eu-east\nsource: http://rgw-us-east.example.com:80\nlog_file:'),
  },
  { code: 'agent-source-unknown', broken: () => editText(seedExample(), 'us-data-sync.conf', 'log_file:', 'src_zone: us-eats\nlog_file:') },
  {
    code: 'zone-unlisted',
    broken: () => ({ ...seedExample(), 'us-south.json': seedExample()['us-east.json'].replace(/us-east/g, 'us-south') }),
    // The listing has no endpoint until its gateway's URL is written in: the next step, reported as such.
    remaining: ['eu.json:27 endpoints-missing'],
  },
  {
    code: 'zone-infile-missing',
    broken: () => {
      const f = seedExample();
      delete f['us-west.json'];
      return f;
    },
    // The new infile's keys are empty until its system user exists: the next step, reported as such.
    remaining: ['us-west.json:13 system-key-empty'],
  },
];

for (const c of fixCases) {
  test(`quick fix for ${c.code} re-checks clean`, async () => {
    const { after, title } = await fixOnce(c.broken(), c.code);
    assert.ok(title.length > 0);
    assert.deepEqual((await check(after)).map(brief), c.remaining ?? [], title);
  });
}

test('quick fix for placement-missing adds the placement its diagnostic names, where two share one range', async () => {
  const broken = editJson(modernExample(), 'ap.json', (r) => r.placement_targets.push({ name: 'cold-placement', tags: [], storage_classes: ['STANDARD'] }, { name: 'hot-placement', tags: [], storage_classes: ['STANDARD'] }));
  const { federation, diagnostics } = await contextOf(broken);
  const north = diagnostics.filter((d: Diagnostic) => d.code === 'placement-missing' && d.uri === uriOf('ap-north.json'));
  assert.equal(north.length, 2);
  assert.deepEqual(north[0].range, north[1].range);
  for (const [d, name] of [[north[0], 'cold-placement'], [north[1], 'hot-placement']] as const) {
    const lsp = { range: d.range, message: d.message, code: d.code, relatedInformation: d.related!.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })) };
    assert.match(d.message, new RegExp(`no placement ${name},`));
    assert.deepEqual(codeActions({ federation }, d.uri, [lsp]).map((a) => a.title), [`Add placement ${name} to placement_pools`]);
  }
});

test('quick fix for pool-prefix can rename all the zone\'s pools at once', async () => {
  const broken = editJson(seedExample(), 'us-west.json', (z) => {
    z.gc_pool = '.us-wst.rgw.gc';
    z.log_pool = '.uswest.log';
  });
  const { after, title } = await fixOnce(broken, 'pool-prefix', 1);
  assert.match(title, /all 2 pools/);
  assert.deepEqual((await check(after)).map(brief), []);
});

test('quick fix for conf-port-conflict moves each clashing port to the lowest one no section of the host names', async () => {
  let broken = editText(modernExample(), 'ceph.conf', 'host = gw-ap-south-1', 'host = gw-ap-north-1');
  broken = editText(broken, 'ceph.conf', 'beast port=8080', 'beast port=8080 port=8081 port=443');
  broken = editText(broken, 'ceph.conf', /beast port=8080\n(rgw dns name = rgw-ap-south)/, 'beast endpoint=10.0.0.1:8080 ssl_endpoint=10.0.0.1\n$1');
  const { federation, diagnostics } = await contextOf(broken);
  const south = diagnostics.filter((d: Diagnostic) => d.code === 'conf-port-conflict' && d.range.start.line === lastLineOf(broken, 'ceph.conf', 'rgw frontends') - 1);
  assert.equal(south.length, 2, 'two clashing sockets, two diagnostics on the one value');
  const actions = codeActions({ federation }, uriOf('ceph.conf'), south.map((d: Diagnostic) => ({ range: d.range, message: d.message, code: d.code })));
  assert.deepEqual(actions.map((a) => a.title), ['Move client.rgw.ap-south-1 from port 8080 to 8082, 443 to 444']);
  const after = applyEdit(broken, actions[0].edit!);
  assert.match(after['ceph.conf'], /^rgw frontends = beast endpoint=10\.0\.0\.1:8082 ssl_endpoint=10\.0\.0\.1:444$/m);
  assert.deepEqual((await check(after)).map(brief), []);
  // No port above the last one.
  const top = editText(editText(modernExample(), 'ceph.conf', 'host = gw-ap-south-1', 'host = gw-ap-north-1'), 'ceph.conf', /beast port=8080/g, 'beast port=65535');
  const topCtx = await contextOf(top);
  const topClash = topCtx.diagnostics.filter((d: Diagnostic) => d.code === 'conf-port-conflict');
  assert.equal(topClash.length, 2);
  assert.deepEqual(codeActions({ federation: topCtx.federation }, uriOf('ceph.conf'), topClash.map((d: Diagnostic) => ({ range: d.range, message: d.message, code: d.code }))), []);
  // A value inherited from [client] is every section's: no fix.
  const inherited = editText(broken, 'ceph.conf', '[client.rgw.ap-north-1]', '[client]\nrgw frontends = beast port=9000\n\n[client.rgw.ap-north-1]');
  const shared = editText(editText(inherited, 'ceph.conf', /rgw frontends = beast port=8080 .*\n/, ''), 'ceph.conf', /rgw frontends = beast endpoint.*\n/, '');
  const ctx = await contextOf(shared);
  const onHeader = ctx.diagnostics.filter((d: Diagnostic) => d.code === 'conf-port-conflict');
  assert.equal(onHeader.length, 2);
  assert.deepEqual(codeActions({ federation: ctx.federation }, uriOf('ceph.conf'), onHeader.map((d: Diagnostic) => ({ range: d.range, message: d.message, code: d.code }))), []);
});

// ---- symbols

test('document symbols for each kind, with no secret in the outline', async () => {
  const f = seedExample();
  const ctx = await contextOf(f);
  assert.deepEqual(documentSymbols(ctx, uriOf('us-cluster/ceph.conf')).map((s) => s.name), ['[global]', '[client.radosgw.us-east-1]', '[client.radosgw.us-west-1]']);
  const zone = documentSymbols(ctx, uriOf('us-east.json'));
  assert.ok(zone.some((s) => s.name === 'gc_pool' && s.detail === '.us-east.rgw.gc'));
  const secret = JSON.parse(f['us-east.json']).system_key.secret_key;
  assert.ok(!JSON.stringify(zone).includes(secret));
  assert.ok(!JSON.stringify(documentSymbols(ctx, uriOf('us-data-sync.conf'))).includes(secret));
  assert.deepEqual(documentSymbols(ctx, uriOf('us.json')).find((s) => s.name === 'zones')?.children?.map((c) => c.name), ['us-east', 'us-west']);
});

test('document symbols: a ceph.conf section spans its header to its last option; JSON objects and arrays nest to seven levels', async () => {
  const f = editJson(seedExample(), 'us-east.json', (z) => (z.deep = JSON.parse('{"a": [{"b": '.repeat(6) + '1' + '}]}'.repeat(6))));
  f['us-cluster/ceph.conf'] += '\n[client.radosgw.spare]\n';
  const ctx = await contextOf(f);
  const lines = f['us-cluster/ceph.conf'].split('\n');
  const sections = documentSymbols(ctx, uriOf('us-cluster/ceph.conf'));
  for (const s of sections) {
    const header = lines.findIndex((l) => l === s.name);
    let last = header;
    for (let i = header + 1; i < lines.length && !lines[i].startsWith('['); i++) if (lines[i].includes('=')) last = i;
    assert.deepEqual([s.range.start.line, s.range.end.line], [header, last], s.name);
    assert.equal(s.children?.length, lines.slice(header + 1, last + 1).filter((l) => l.includes('=')).length, s.name);
  }
  assert.equal(sections.at(-1)?.name, '[client.radosgw.spare]');
  assert.equal(sections.at(-1)?.range.end.line, sections.at(-1)?.range.start.line, 'a section without options is its header');
  let depth = 0;
  for (let level = documentSymbols(ctx, uriOf('us-east.json')).filter((s) => s.name === 'deep'); level.length; level = level[0].children ?? []) depth++;
  assert.equal(depth, 7);
});

test('workspace symbols: zones, regions and gateway instances', async () => {
  const ctx = await contextOf(seedExample());
  const all = workspaceSymbols(ctx, 'us-east').map((s) => s.name).sort();
  assert.deepEqual(all, ['client.radosgw.us-east-1', 'us-east']);
  assert.ok(workspaceSymbols(ctx, '').some((s) => s.name === 'eu'));
});

test('quick fix for system-key-empty runs Create Zone System User for that zone', async () => {
  const broken = editJson(seedExample(), 'us-west.json', (z) => (z.system_key.secret_key = ''));
  const { federation, diagnostics } = await contextOf(broken);
  const d = diagnostics.find((x: Diagnostic) => x.code === 'system-key-empty')!;
  const [action] = codeActions({ federation }, d.uri, [{ range: d.range, message: d.message, code: d.code }]);
  assert.deepEqual(action.command && { command: action.command.command, arguments: action.command.arguments }, { command: 'cephFederation.createSystemUser', arguments: ['us-west'] });
});

// ---- code lenses

const lensesOf = (ctx: Parameters<typeof codeLenses>[0], name: string) =>
  codeLenses(ctx, uriOf(name)).map((l) => `${l.range.start.line} ${l.command?.title} -> ${l.command?.command}(${(l.command?.arguments ?? []).join(', ')})`);

test('code lenses: a legacy zone infile offers its plan, apply and comparison with live, above its first key', async () => {
  const f = seedExample();
  const ctx = await contextOf(f);
  // The seed's zone infiles have no name field: the zone is named by its file, and the lenses sit on the first key.
  assert.deepEqual(lensesOf(ctx, 'us-east.json'), [
    '1 Show apply plan -> cephFederation.planZone(us-east)',
    '1 Apply zone us-east -> cephFederation.applyZone(us-east)',
    '1 Compare with live -> cephFederation.compareZoneWithLive(us-east)',
  ]);
  assert.deepEqual(lensesOf(ctx, 'us.json'), [`${line(f, 'us.json', '"name": "us"')} Apply region us -> cephFederation.applyRegion(us)`]);
  // Files that define no zone or region have none.
  assert.deepEqual(lensesOf(ctx, 'us-cluster/ceph.conf'), []);
  assert.deepEqual(lensesOf(ctx, 'us-data-sync.conf'), []);
});

test('code lenses: a modern zone above its name; a zonegroup; none in a period, whose zonegroups are embedded', async () => {
  const f = modernExample();
  const ctx = await contextOf(f);
  const nameLine = line(f, 'ap-north.json', '"name": "ap-north"');
  assert.deepEqual(lensesOf(ctx, 'ap-north.json').map((l) => l.split(' ')[0]), [String(nameLine), String(nameLine), String(nameLine)]);
  assert.match(lensesOf(ctx, 'ap-north.json')[1], /Apply zone ap-north -> cephFederation.applyZone\(ap-north\)$/);
  assert.deepEqual(lensesOf(ctx, 'ap.json'), [`${line(f, 'ap.json', '"name": "ap"')} Apply zonegroup ap -> cephFederation.applyRegion(ap)`]);
  assert.deepEqual(lensesOf(ctx, 'period.json'), []);
  assert.deepEqual(lensesOf(ctx, 'realm.json'), []);
});

test('code lenses: none for a zone two infiles define, nor for a name still a placeholder', async () => {
  const twice = { ...seedExample(), 'copy/us-east.json': seedExample()['us-east.json'] };
  const ctx = await contextOf(twice);
  assert.deepEqual(lensesOf(ctx, 'us-east.json'), []);
  assert.deepEqual(lensesOf(ctx, 'copy/us-east.json'), []);
  assert.equal(lensesOf(ctx, 'us-west.json').length, 3);
  const placeholder = await contextOf(editJson(modernExample(), 'ap-south.json', (z) => (z.name = '{zone-name}')));
  assert.deepEqual(lensesOf(placeholder, 'ap-south.json'), []);
  assert.equal(lensesOf(placeholder, 'ap-north.json').length, 3);
});

test('features find a file through the workspace\'s own lookup (as the server does) with the answers of the federation\'s list', async () => {
  const f = seedExample();
  const ws = new FederationWorkspace();
  for (const [name, text] of Object.entries(f)) ws.setFile(uriOf(name), text);
  ws.changedDiagnostics();
  // An edit in between, as the server sees one: the federation the features read is rebuilt.
  ws.setFile(uriOf('us-west.json'), `\n${f['us-west.json']}`);
  ws.changedDiagnostics();
  const listed = { federation: ws.federation };
  const looked = { federation: ws.federation, file: (uri: string) => ws.file(uri) };
  const conf = 'us-cluster/ceph.conf';
  const asked = async (ctx: typeof listed) => JSON.stringify([
    codeLenses(ctx, uriOf('us-west.json')),
    codeLenses(ctx, uriOf('us.json')),
    documentSymbols(ctx, uriOf(conf)),
    definition(ctx, uriOf(conf), at(f, conf, 'rgw zone = us-west', 12)),
    references(ctx, uriOf('us.json'), at(f, 'us.json', '"name": "us-west"', 10), true),
    await hover(ctx, uriOf(conf), at(f, conf, 'rgw zone = us-west', 12)),
  ]);
  assert.equal(await asked(looked), await asked(listed));
  assert.match(hoverText(await hover(looked, uriOf(conf), at(f, conf, 'rgw zone = us-west', 12))), /zone us-west/);
  assert.ok(codeLenses(looked, uriOf('us-west.json')).length === 3 && documentSymbols(looked, uriOf(conf)).length === 3);
  assert.equal(looked.file(uriOf('nowhere.json')), undefined);
});
