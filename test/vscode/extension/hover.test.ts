// Hover through vscode.executeHoverProvider: what the federation knows about a name, and Ceph's option docs.
import * as assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { closeAll, hoverText, openFile, positionOf } from '../host/helpers';

async function hover(doc: vscode.TextDocument, position: vscode.Position): Promise<string> {
  return hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position));
}

suite('hover', () => {
  teardown(closeAll);

  test('a zone name shows its region, infile and gateways', async () => {
    const doc = await openFile('us.json');
    const text = await hover(doc, positionOf(doc, '"master_zone": "us-east"', 18));
    assert.match(text, /zone us-east/);
    assert.match(text, /master zone of region `us`/);
    assert.match(text, /us-east\.json/);
    assert.match(text, /client\.radosgw\.us-east-1/);
    assert.doesNotMatch(text, /d0Kh8oOOL8dKLzdocJ2isAjIhKtJ0RlgLKOmxgJT/, 'a secret key in a hover');
  });

  test('a ceph.conf option shows its documentation from the option table', async () => {
    const doc = await openFile('us-cluster', 'ceph.conf');
    const text = await hover(doc, positionOf(doc, 'rgw dns name', 2));
    assert.match(text, /rgw dns name/);
    assert.match(text, /Default:/);
  });
});
