// The bundled language server, started as a real process over stdio and spoken to through the real protocol.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ServerUnderTest } from './harness';
import { ROOT } from '../core/fixtures';

let s: ServerUnderTest;
let conn: ServerUnderTest['conn'];
let dir: string;
const uri = (name: string) => s.uri(name);
const codes = (name: string) => s.codes(name);
const until = (pred: () => boolean, what: string) => s.until(pred, what);
const latest = { get: (u: string) => s.latest.get(u) };

before(async () => {
  s = await ServerUnderTest.start();
  conn = s.conn;
  dir = s.dir;
});

after(() => s?.stop());

test('the workspace is indexed and every federation file published clean', async () => {
  const names = ['us.json', 'eu.json', 'us-east.json', 'us-west.json', 'eu-east.json', 'eu-west.json', 'us-cluster/ceph.conf', 'us-data-sync.conf'];
  await until(() => names.every((n) => codes(n) !== undefined), 'the initial publication');
  for (const n of names) assert.deepEqual(codes(n), [], n);
});

test('a broken open document gets json-syntax, and loses it when fixed', async () => {
  const text = readFileSync(path.join(dir, 'us-east.json'), 'utf8');
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('us-east.json'), languageId: 'json', version: 1, text: text.slice(0, 120) } });
  await until(() => codes('us-east.json')?.includes('json-syntax') ?? false, 'json-syntax');
  conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri('us-east.json'), version: 2 }, contentChanges: [{ text }] });
  await until(() => codes('us-east.json')?.length === 0, 'the fix');
});

test('an edit in one file publishes cross-file diagnostics in another, with related information', async () => {
  const zone = JSON.parse(readFileSync(path.join(dir, 'us-west.json'), 'utf8'));
  zone.user_uid_pool = '.us-east.users.uid';
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('us-west.json'), languageId: 'json', version: 1, text: JSON.stringify(zone, null, 4) } });
  await until(() => codes('us-east.json')?.includes('pool-shared') ?? false, 'pool-shared on the other zone');
  const d = latest.get(uri('us-east.json'))!.diagnostics.find((x) => x.code === 'pool-shared')!;
  assert.equal(d.relatedInformation?.[0].location.uri, uri('us-west.json'));
  conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri('us-west.json') } });
  await until(() => codes('us-east.json')?.length === 0, 'the disk version to take over again on close');
});

test('a half-typed ceph.conf and a binary file do not stop the server', async () => {
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('us-cluster/ceph.conf'), languageId: 'ceph-conf', version: 1, text: '[client.radosgw.us-east-1\nrgw zo' } });
  await until(() => codes('us-cluster/ceph.conf')?.includes('conf-syntax') ?? false, 'conf-syntax');
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('blob.json'), languageId: 'json', version: 1, text: '\u0000\u0001\u0002binary' } });
  await until(() => codes('blob.json')?.includes('json-syntax') ?? false, 'json-syntax for a binary file');
  assert.equal(s.process.exitCode, null);
});

test('a zone infile saved with a byte order mark: json-syntax whether closed or open, gone once saved without it', async () => {
  const { writeFileSync } = await import('node:fs');
  const file = path.join(dir, 'eu-west.json');
  const text = readFileSync(file, 'utf8');
  const bomAt = () => latest.get(uri('eu-west.json'))?.diagnostics.find((d) => d.code === 'json-syntax' && /byte order mark/.test(d.message));
  writeFileSync(file, '\uFEFF' + text);
  conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('eu-west.json'), type: 2 }] });
  await until(() => bomAt() !== undefined, 'json-syntax for the closed file');
  assert.deepEqual(bomAt()!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
  // An editor leaves the mark out of the document's text: the server reads it from the file.
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('eu-west.json'), languageId: 'json', version: 1, text } });
  conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri('eu-west.json'), version: 2 }, contentChanges: [{ text: text + '\n' }] });
  await new Promise((r) => setTimeout(r, 400));
  await until(() => bomAt() !== undefined, 'json-syntax kept while open');
  writeFileSync(file, text);
  conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('eu-west.json'), type: 2 }] });
  await until(() => codes('eu-west.json')?.length === 0, 'clean once saved without it');
  conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri('eu-west.json') } });
});

test('a zone infile grown past the size limit leaves the federation with a warning in the log, and comes back once small again', async () => {
  const { truncateSync, writeFileSync } = await import('node:fs');
  const file = path.join(dir, 'us-west.json');
  const text = readFileSync(file, 'utf8');
  // Sparse: the size is what counts, and the server must not read it.
  truncateSync(file, 33 * 1024 * 1024);
  conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('us-west.json'), type: 2 }] });
  await until(() => codes('us.json')?.includes('zone-infile-missing') ?? false, 'zone-infile-missing once the infile is gone');
  assert.ok(s.logs.some((l) => l.type === 2 && /us-west\.json: 33 MB, larger than any federation file \(the limit is 32 MB\): not read$/.test(l.message)), JSON.stringify(s.logs));
  writeFileSync(file, text);
  conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('us-west.json'), type: 2 }] });
  await until(() => codes('us.json')?.length === 0, 'clean once the infile is back');
  assert.equal(s.process.exitCode, null);
});

test('the ceph-federation-ls bin is the same server, here on the modern example', async () => {
  const other = await ServerUnderTest.start('modern', path.join(ROOT, 'bin', 'ceph-federation-ls.js'));
  try {
    await other.until(() => other.codes('ap.json') !== undefined && other.codes('ceph.conf') !== undefined, 'the modern example published');
    assert.deepEqual(other.codes('ap.json'), []);
  } finally {
    await other.stop();
  }
});

test('deleting a folder takes its files out of the federation', async () => {
  const { rmSync } = await import('node:fs');
  const gateways = async () => ((await conn.sendRequest('workspace/symbol', { query: 'client.radosgw.eu-' })) as { name: string }[]).map((x) => x.name).sort();
  assert.deepEqual(await gateways(), ['client.radosgw.eu-east-1', 'client.radosgw.eu-west-1']);
  rmSync(path.join(dir, 'eu-cluster'), { recursive: true, force: true });
  // The client reports the folder alone, as VS Code's watcher does.
  conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('eu-cluster'), type: 3 }] });
  for (let i = 0; i < 50 && (await gateways()).length; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(await gateways(), []);
});

test('a folder moved in brings its files into the federation', async () => {
  const { cpSync } = await import('node:fs');
  const gateways = async () => ((await conn.sendRequest('workspace/symbol', { query: 'client.radosgw.eu-' })) as { name: string }[]).map((x) => x.name).sort();
  cpSync(path.join(ROOT, 'examples', 'seed', 'eu-cluster'), path.join(dir, 'eu-cluster'), { recursive: true });
  // As VS Code's watcher reports it: the folder alone.
  conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('eu-cluster'), type: 1 }] });
  for (let i = 0; i < 50 && !(await gateways()).length; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(await gateways(), ['client.radosgw.eu-east-1', 'client.radosgw.eu-west-1']);
});
