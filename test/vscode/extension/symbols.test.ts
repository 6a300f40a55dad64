// Document and workspace symbols: the outline of a file, Go to Symbol in Workspace over zones and regions, folding of
// ceph.conf sections and the highlights of a zone in a file.
import * as assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { closeAll, openFile, relative } from '../host/helpers';

suite('symbols', () => {
  teardown(closeAll);

  test('the outline of ceph.conf lists its sections', async () => {
    const doc = await openFile('us-cluster', 'ceph.conf');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepEqual(symbols.map((s) => s.name), ['[global]', '[client.radosgw.us-east-1]', '[client.radosgw.us-west-1]']);
  });

  test('a ceph.conf folds by section', async () => {
    const doc = await openFile('us-cluster', 'ceph.conf');
    const lineOf = (needle: string) => doc.positionAt(doc.getText().indexOf(needle)).line;
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', doc.uri);
    const sections = ranges.filter((r) => doc.lineAt(r.start).text.startsWith('['));
    assert.deepEqual(
      sections.map((r) => [r.start, r.end]),
      [
        [lineOf('[global]'), lineOf('rgw zonegroup root pool')],
        [lineOf('[client.radosgw.us-east-1]'), lineOf('host = gw-us-east-1')],
        [lineOf('[client.radosgw.us-west-1]'), lineOf('host = gw-us-west-1')],
      ],
    );
  });

  test('the zone under the cursor is highlighted wherever the file spells it', async () => {
    const doc = await openFile('us-cluster', 'ceph.conf');
    const at = doc.positionAt(doc.getText().indexOf('rgw zone = us-west') + 12);
    const highlights = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', doc.uri, at);
    assert.deepEqual(highlights.map((h) => doc.getText(h.range)), ['us-west', 'us-west', 'us-west']);
  });

  test('Go to Symbol in Workspace finds a zone', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'eu-west');
    assert.ok(symbols.some((s) => s.name.includes('eu-west') && relative(s.location.uri) === 'eu-west.json'),
      JSON.stringify(symbols.map((s) => `${s.name} ${relative(s.location.uri)}`)));
  });
});
