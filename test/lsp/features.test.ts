// Editor features through the real protocol: the bundled server over stdio.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ServerUnderTest } from './harness';

let s: ServerUnderTest;
const text = (name: string) => readFileSync(path.join(s.dir, name), 'utf8');
function at(name: string, needle: string, delta = 0) {
  const t = text(name);
  const before = t.slice(0, t.indexOf(needle) + delta);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}
const doc = (name: string) => ({ textDocument: { uri: s.uri(name) } });

before(async () => {
  s = await ServerUnderTest.start();
  await s.until(() => s.codes('us.json') !== undefined, 'indexing');
});
after(() => s?.stop());

test('completion at master_zone', async () => {
  const list = (await s.conn.sendRequest('textDocument/completion', { ...doc('us.json'), position: at('us.json', '"master_zone": "', 16) })) as { items: { label: string }[] };
  assert.deepEqual(list.items.map((i) => i.label), ['us-east', 'us-west']);
});

test('hover on rgw zone summarises the zone', async () => {
  const h = (await s.conn.sendRequest('textDocument/hover', { ...doc('us-cluster/ceph.conf'), position: at('us-cluster/ceph.conf', 'rgw zone = us-east', 12) })) as { contents: { value: string } };
  assert.match(h.contents.value, /\*\*zone us-east\*\* · master zone/);
});

test('definition and references', async () => {
  const defs = (await s.conn.sendRequest('textDocument/definition', { ...doc('us-cluster/ceph.conf'), position: at('us-cluster/ceph.conf', 'rgw zone = us-west', 12) })) as { uri: string }[];
  assert.deepEqual(defs.map((d) => path.basename(d.uri)), ['us-west.json']);
  const refs = (await s.conn.sendRequest('textDocument/references', { ...doc('us.json'), position: at('us.json', '"name": "us-west"', 10), context: { includeDeclaration: true } })) as { uri: string }[];
  assert.deepEqual([...new Set(refs.map((r) => path.basename(r.uri)))].sort(), ['ceph.conf', 'us-data-sync.conf', 'us-west.json', 'us.json']);
});

test('rename: one workspace edit, or an error with the reason', async () => {
  const edit = (await s.conn.sendRequest('textDocument/rename', { ...doc('us.json'), position: at('us.json', '"name": "us-west"', 10), newName: 'us-central' })) as { documentChanges: { kind?: string; edits?: unknown[] }[] };
  assert.ok(edit.documentChanges.some((c) => c.kind === 'rename'));
  assert.deepEqual(edit.documentChanges.filter((c) => c.edits).length, 3); // the region, the zone infile, the ceph.conf
  await assert.rejects(
    s.conn.sendRequest('textDocument/rename', { ...doc('us.json'), position: at('us.json', '"name": "us-west"', 10), newName: 'eu-east' }),
    /already exists/,
  );
});

test('rename: a gateway section carries a note asking for confirmation when the client supports change annotations', async () => {
  type Edit = { changeAnnotations?: Record<string, { needsConfirmation?: boolean; description?: string }>; documentChanges: { edits?: { annotationId?: string }[] }[] };
  const params = { ...doc('us.json'), position: at('us.json', '"name": "us-west"', 10), newName: 'us-central' };
  const plain = (await s.conn.sendRequest('textDocument/rename', params)) as Edit;
  assert.equal(plain.changeAnnotations, undefined, 'this client declared no change annotation support');
  const other = await ServerUnderTest.start('seed', undefined, { workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: true } } });
  try {
    await other.until(() => other.codes('us.json') !== undefined, 'indexing');
    const edit = (await other.conn.sendRequest('textDocument/rename', { ...params, textDocument: { uri: other.uri('us.json') } })) as Edit;
    const notes = Object.values(edit.changeAnnotations ?? {});
    assert.equal(notes.length, 1);
    assert.equal(notes[0].needsConfirmation, true);
    assert.match(notes[0].description ?? '', /^\[client\.radosgw\.us-west-1\] becomes \[client\.radosgw\.us-central-1\]/);
    assert.equal(edit.documentChanges.flatMap((c) => c.edits ?? []).filter((e) => e.annotationId).length, 1);
  } finally {
    await other.stop();
  }
});

test('code actions for a published diagnostic', async () => {
  const broken = text('us-cluster/ceph.conf').replace('rgw zone = us-east', 'rgw-zone = us-east');
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri('us-cluster/ceph.conf'), languageId: 'ceph-conf', version: 1, text: broken } });
  await s.until(() => s.codes('us-cluster/ceph.conf')?.includes('conf-dash-key') ?? false, 'conf-dash-key');
  const d = s.latest.get(s.uri('us-cluster/ceph.conf'))!.diagnostics.find((x) => x.code === 'conf-dash-key')!;
  const actions = (await s.conn.sendRequest('textDocument/codeAction', { ...doc('us-cluster/ceph.conf'), range: d.range, context: { diagnostics: [d] } })) as { title: string }[];
  assert.deepEqual(actions.map((a) => a.title), ['Change to "rgw zone"']);
});

test('a quick fix that runs an extension command is offered only to a client that runs them', async () => {
  const emptied = text('us-east.json').replace(/("access_key": ")[^"]*"/, '$1"');
  const fixesFor = async (server: ServerUnderTest) => {
    server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: server.uri('us-east.json'), languageId: 'json', version: 1, text: emptied } });
    await server.until(() => server.codes('us-east.json')?.includes('system-key-empty') ?? false, 'system-key-empty');
    const d = server.latest.get(server.uri('us-east.json'))!.diagnostics.find((x) => x.code === 'system-key-empty')!;
    const actions = (await server.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: server.uri('us-east.json') }, range: d.range, context: { diagnostics: [d] } })) as { command?: { command: string } }[];
    return actions.map((a) => a.command?.command);
  };
  // This suite's client runs none of the extension's commands.
  assert.deepEqual(await fixesFor(s), []);
  s.conn.sendNotification('textDocument/didClose', doc('us-east.json'));
  const v = await ServerUnderTest.start('seed', undefined, {}, { remoteCommands: true });
  try {
    await v.until(() => v.codes('us.json') !== undefined, 'indexing');
    assert.deepEqual(await fixesFor(v), ['cephFederation.createSystemUser']);
  } finally {
    await v.stop();
  }
});

test('document and workspace symbols', async () => {
  const syms = (await s.conn.sendRequest('textDocument/documentSymbol', doc('us-cluster/ceph.conf'))) as { name: string }[];
  assert.ok(syms.some((x) => x.name === '[client.radosgw.us-east-1]'));
  const ws = (await s.conn.sendRequest('workspace/symbol', { query: 'eu-' })) as { name: string }[];
  assert.ok(ws.some((x) => x.name === 'eu-west'));
});

test('folding ranges of a ceph.conf and highlights of the zone under the cursor', async () => {
  const folds = (await s.conn.sendRequest('textDocument/foldingRange', doc('us-cluster/ceph.conf'))) as { startLine: number; endLine: number }[];
  assert.ok(folds.some((r) => r.startLine === at('us-cluster/ceph.conf', '[client.radosgw.us-west-1]').line && r.endLine === at('us-cluster/ceph.conf', 'host = gw-us-west-1').line), JSON.stringify(folds));
  const highlights = (await s.conn.sendRequest('textDocument/documentHighlight', { ...doc('us-cluster/ceph.conf'), position: at('us-cluster/ceph.conf', 'rgw zone = us-west', 12) })) as { range: { start: { line: number } } }[];
  assert.equal(highlights.length, 3);
});

test('code lenses: offered to a client that runs the remote commands; a zone infile gets its own, a ceph.conf none', async () => {
  // This suite's client is another editor's: it runs no remote command, so it is offered no lens naming one.
  assert.equal(s.capabilities.codeLensProvider, undefined);
  assert.deepEqual((await s.conn.sendRequest('textDocument/codeLens', doc('us-east.json'))) as unknown[], []);
  const v = await ServerUnderTest.start('seed', undefined, {}, { remoteCommands: true });
  try {
    await v.until(() => v.codes('us.json') !== undefined, 'indexing');
    assert.deepEqual(v.capabilities.codeLensProvider, { resolveProvider: false });
    const lensesOf = async (name: string) => (await v.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: v.uri(name) } })) as { command: { command: string; arguments: string[] } }[];
    assert.deepEqual((await lensesOf('us-east.json')).map((l) => `${l.command.command}(${l.command.arguments.join(', ')})`), [
      'cephFederation.planZone(us-east)',
      'cephFederation.applyZone(us-east)',
      'cephFederation.compareZoneWithLive(us-east)',
    ]);
    assert.deepEqual(await lensesOf('us-cluster/ceph.conf'), []);
  } finally {
    await v.stop();
  }
});

test('code lenses: a client that can refresh them is asked to when an open document\'s lenses change, not otherwise', async () => {
  const m = await ServerUnderTest.start('modern', undefined, { codeLens: { refreshSupport: true } }, { remoteCommands: true });
  try {
    await m.until(() => m.passes > 0, 'the first pass');
    const uri = m.uri('ap-north.json');
    const original = readFileSync(path.join(m.dir, 'ap-north.json'), 'utf8');
    const lenses = async () => ((await m.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as { command: { title: string } }[]).map((l) => l.command.title);
    const pass = async (version: number, text: string) => {
      const before = m.passes;
      m.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      await m.until(() => m.passes > before, `the pass after edit ${version}`);
    };
    m.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: original } });
    // The first pass with the document open: its lenses are new to the client.
    const before = m.lensRefreshes;
    await pass(2, original.replace('"ap-north.rgw.log"', '"ap-north.rgw.logs"'));
    assert.equal(m.lensRefreshes, before + 1);
    const asked = m.lensRefreshes;
    // A pool renamed again: the same lenses, no refresh.
    await pass(3, original.replace('"ap-north.rgw.log"', '"ap-north.rgw.logz"'));
    assert.equal(m.lensRefreshes, asked);
    // The zone renamed: its lenses name the new zone, and the client is asked to fetch them.
    await pass(4, original.replace('"name": "ap-north"', '"name": "ap-east"'));
    assert.equal(m.lensRefreshes, asked + 1);
    assert.deepEqual(await lenses(), ['Show apply plan', 'Apply zone ap-east', 'Compare with live']);
  } finally {
    await m.stop();
  }
});
