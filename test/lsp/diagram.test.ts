// The language server's cephFederation/diagram request: the webview's picture and the standalone one.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ServerUnderTest } from './harness';
import { DiagramRequest, TopologyChangedNotification } from '../../server/src/protocol';

let s: ServerUnderTest;
let passes = 0;

before(async () => {
  s = await ServerUnderTest.start();
  s.conn.onNotification(TopologyChangedNotification.type.method, () => passes++);
  await s.until(() => s.codes('us.json') !== undefined, 'the initial publication');
});

after(() => s?.stop());

test('theme vscode: theme variables, and each node with its file and position for click-to-open', async () => {
  const svg = await s.conn.sendRequest(DiagramRequest.type, { theme: 'vscode' });
  assert.match(svg, /^<svg /);
  assert.match(svg, /var\(--vscode-editor-foreground/);
  assert.ok(svg.includes(`data-id="zone:us-east" data-uri="${s.uri('us-east.json')}"`), 'the zone opens its infile');
  assert.ok(svg.includes(`data-id="instance:client.radosgw.us-east-1" data-uri="${s.uri('us-cluster/ceph.conf')}" data-line="7"`));
});

test('no theme: the standalone picture, as the CLI prints it', async () => {
  const svg = await s.conn.sendRequest(DiagramRequest.type, {});
  assert.doesNotMatch(svg, /--vscode-|data-uri=/);
  assert.match(svg, /data-id="metadata:us-east-&gt;eu-east"/);
});

test('after an edit and its validation pass, the diagram shows the problem on its node', async () => {
  const name = 'us-cluster/ceph.conf';
  const text = readFileSync(path.join(s.dir, name), 'utf8');
  const before = passes;
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri(name), languageId: 'ceph-conf', version: 1, text: text.replace('host = gw-us-west-1\n', '') } });
  await s.until(() => s.codes(name)?.includes('conf-host-missing') ?? false, 'conf-host-missing');
  await new Promise<void>((resolve) => {
    const poll = () => (passes > before ? resolve() : setTimeout(poll, 10));
    poll();
  });
  const svg = await s.conn.sendRequest(DiagramRequest.type, { theme: 'vscode' });
  assert.match(svg, /<g class="cf-node cf-instance cf-warning" data-id="instance:client\.radosgw\.us-west-1"/);
  assert.match(svg, new RegExp(`data-id="zone:us-west" data-uri="${s.uri('us-west.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
  s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: s.uri(name) } });
});
