// Completion through the editor's own command, so the request goes VS Code -> language client -> server.
import * as assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { closeAll, labelOf, openFile, positionOf } from '../host/helpers';

async function complete(doc: vscode.TextDocument, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position);
  return list.items.map(labelOf);
}

suite('completion', () => {
  teardown(closeAll);

  test('master_zone offers the zones of its region', async () => {
    const doc = await openFile('us.json');
    const labels = await complete(doc, positionOf(doc, '"master_zone": "', 16));
    assert.ok(labels.includes('us-east') && labels.includes('us-west'), JSON.stringify(labels));
    assert.ok(!labels.includes('eu-east'), 'a zone of another region is offered');
  });

  test('a pool field offers the conventional pool name of the zone', async () => {
    const doc = await openFile('us-west.json');
    const labels = await complete(doc, positionOf(doc, '"gc_pool": "', 12));
    assert.ok(labels.includes('.us-west.rgw.gc'), JSON.stringify(labels));
  });

  test('a ceph.conf key offers Ceph options', async () => {
    const doc = await openFile('us-cluster', 'ceph.conf');
    const labels = await complete(doc, positionOf(doc, 'rgw dns name', 4));
    assert.ok(labels.some((l) => l.startsWith('rgw dns')), JSON.stringify(labels.slice(0, 20)));
  });
});
