// Rename through vscode.prepareRename and vscode.executeDocumentRenameProvider: one edit across the federation.
import * as assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { closeAll, openFile, positionOf, relative } from '../host/helpers';

suite('rename', () => {
  teardown(closeAll);

  test('prepareRename offers the zone name under the cursor', async () => {
    const doc = await openFile('us-cluster', 'ceph.conf');
    const r = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', doc.uri, positionOf(doc, 'rgw zone = us-west', 13));
    assert.equal(r.placeholder, 'us-west');
    assert.equal(doc.getText(r.range), 'us-west');
  });

  test('renaming a zone edits every file that spells it', async () => {
    const doc = await openFile('us-cluster', 'ceph.conf');
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, positionOf(doc, 'rgw zone = us-west', 13), 'us-north');
    const files = edit.entries().filter(([, edits]) => edits.length).map(([uri]) => relative(uri)).sort();
    for (const f of ['us.json', 'us-cluster/ceph.conf']) assert.ok(files.includes(f), `${f} missing from ${JSON.stringify(files)}`);
    const conf = edit.get(doc.uri);
    assert.ok(conf.length >= 2, 'rgw zone and the section name');
    assert.ok(conf.every((e) => e.newText === 'us-north' && doc.getText(e.range) === 'us-west'), JSON.stringify(conf));
  });

  test('renaming to a name the federation already has is refused with the reason', async () => {
    const doc = await openFile('us-cluster', 'ceph.conf');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, positionOf(doc, 'rgw zone = us-west', 13), 'us-east')),
      /already exists/,
    );
  });
});
