// When the language server checks and publishes: an open document's own problems before the workspace is read, all
// of its problems before the closed files, a burst of edits once (as its last text), and a cancelled request answered
// as cancelled. Orders and counts only, never timings.
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { generate, withOwnAndCrossProblems, writeFederation } from '../../bench/generate';
import { ServerUnderTest } from './harness';

const servers: ServerUnderTest[] = [];
after(() => Promise.all(servers.map((s) => s.stop())));

async function start(example?: Parameters<typeof ServerUnderTest.start>[0]): Promise<ServerUnderTest> {
  const s = await ServerUnderTest.start(example);
  servers.push(s);
  return s;
}

test('start-up on a 1,000-zone federation: the open document\'s own problems at once, then all of its problems first, then every other file once', async () => {
  // The scan outlasts the open document's validation delay, so a first pass runs while files are still arriving:
  // the files read while such a pass was finishing were once checked and never published.
  const gen = generate(1000);
  const s = await start((dir) => writeFederation(dir, gen));
  const zone = gen.zoneFiles[gen.zoneFiles.length - 1];
  // A misspelled key (schema: the file alone) and a pool with another zone's prefix (pool-prefix: needs the federation).
  const text = withOwnAndCrossProblems(readFileSync(path.join(s.dir, zone), 'utf8'));
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri(zone), languageId: 'json', version: 1, text } });
  await s.until(() => s.latest.size === gen.files.size, `all ${gen.files.size} files published`, 60_000);
  const codes = (i: number) => s.published[i].diagnostics.map((d) => d.code);
  // Before the 2,199 files are read, only what the document shows by itself can be known.
  assert.equal(s.published[0].uri, s.uri(zone), 'the first publication is the open document');
  assert.ok(s.published[0].diagnostics.some((d) => d.code === 'schema' && /contol_pool/.test(d.message)), 'with its own problem');
  assert.ok(!codes(0).includes('pool-prefix'), `without the cross-file one, which needs the whole federation: ${codes(0)}`);
  assert.equal(s.published[1].uri, s.uri(zone), 'then the open document again, before any closed file');
  assert.ok(codes(1).includes('schema') && codes(1).includes('pool-prefix'), `with all of its problems: ${codes(1)}`);
  const others = s.published.slice(2).map((p) => p.uri);
  assert.ok(!others.includes(s.uri(zone)), 'the open document is not published a third time');
  assert.equal(new Set(others).size, others.length, 'no closed file published twice');
});

test('a burst of edits while the workspace is still being read: its half-typed states are never published, its last text is', async () => {
  const gen = generate(1000);
  const s = await start((dir) => writeFederation(dir, gen));
  const zone = gen.zoneFiles[gen.zoneFiles.length - 1];
  const uri = s.uri(zone);
  const text = readFileSync(path.join(s.dir, zone), 'utf8');
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
  // Typing during the scan: four half-typed states, then a misspelled key and a pool of another zone's prefix.
  for (let v = 2; v <= 5; v++) s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: text.slice(0, 40 * v) }] });
  const last = withOwnAndCrossProblems(text);
  s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 6 }, contentChanges: [{ text: last }] });
  await s.until(() => s.latest.size === gen.files.size && (s.codes(zone)?.includes('pool-prefix') ?? false), 'every file, and all of the last text\'s problems');
  const ours = s.published.filter((p) => p.uri === uri).map((p) => p.diagnostics.map((d) => d.code));
  assert.ok(!ours.some((codes) => codes.includes('json-syntax')), `no half-typed state published: ${JSON.stringify(ours)}`);
  assert.ok(ours.at(-1)!.includes('schema'), 'the last text\'s own problem');
});

test('a burst of edits is validated once, as its last text: the half-typed states in between are never published', async () => {
  const s = await start('seed');
  const uri = s.uri('us-east.json');
  const text = readFileSync(path.join(s.dir, 'us-east.json'), 'utf8');
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
  await s.until(() => s.codes('us-east.json')?.length === 0 && s.latest.size >= 8, 'the initial publication');
  const before = s.published.length;
  // Typing: four half-typed states, then a text with a misspelled key; sent together, as fast typing does.
  for (let v = 2; v <= 5; v++) {
    s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: text.slice(0, 40 * v) }] });
  }
  s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 6 }, contentChanges: [{ text: text.replace('"gc_pool"', '"gc_pol"') }] });
  await s.until(() => s.codes('us-east.json')?.includes('schema') ?? false, 'the misspelled key reported');
  const ours = s.published.slice(before).filter((p) => p.uri === uri);
  assert.equal(ours.length, 1, `one publication for the burst, got ${ours.map((p) => JSON.stringify(p.diagnostics.map((d) => d.code)))}`);
  assert.ok(!ours[0].diagnostics.some((d) => d.code === 'json-syntax'));
});

test('a request cancelled as soon as it is sent is answered as cancelled, and the next one is served', async () => {
  const s = await start('seed');
  await s.until(() => s.latest.size >= 8, 'the initial publication');
  const source = new CancellationTokenSource();
  const cancelled = s.conn.sendRequest('cephFederation/diagram', { theme: 'neutral' }, source.token);
  source.cancel();
  await assert.rejects(cancelled, (e: { code?: number }) => e.code === -32800);
  const svg = await s.conn.sendRequest<string>('cephFederation/diagram', { theme: 'neutral' });
  assert.match(svg, /<svg[\s\S]*us-east/);
});
