// The bundled language server, started as a real process over stdio and spoken to through the real protocol.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { ROOT } from '../core/fixtures';

interface PublishParams {
  uri: string;
  diagnostics: { code?: string; message: string; range: { start: { line: number } }; relatedInformation?: { location: { uri: string } }[] }[];
}

let server: ChildProcess;
let conn: MessageConnection;
let dir: string;
const latest = new Map<string, PublishParams>();
const waiters: { pred: () => boolean; resolve: () => void }[] = [];

function settle(): void {
  for (const w of [...waiters]) {
    if (w.pred()) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  }
}

/** Resolves once the published diagnostics satisfy `pred` (event-driven; the timeout only bounds a failure). */
function until(pred: () => boolean, what: string, ms = 15000): Promise<void> {
  if (pred()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; have ${JSON.stringify([...latest.values()].map((p) => [path.basename(p.uri), p.diagnostics.map((d) => d.code)]))}`)), ms);
    waiters.push({ pred, resolve: () => { clearTimeout(timer); resolve(); } });
  });
}

const uri = (name: string) => URI.file(path.join(dir, name)).toString();
const codes = (name: string) => latest.get(uri(name))?.diagnostics.map((d) => d.code) ?? undefined;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cf-lsp-'));
  cpSync(path.join(ROOT, 'examples', 'seed'), dir, { recursive: true });
  server = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  conn = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishParams) => {
    latest.set(p.uri, p);
    settle();
  });
  conn.onNotification('window/logMessage', () => {});
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: URI.file(dir).toString(),
    workspaceFolders: [{ uri: URI.file(dir).toString(), name: 'seed' }],
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  conn.sendNotification('initialized', {});
});

after(async () => {
  conn?.dispose();
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

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
  assert.equal(server.exitCode, null);
});
