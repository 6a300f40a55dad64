// Document and workspace symbols: the outline of a file, and Go to Symbol in Workspace over zones and regions.
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

  test('Go to Symbol in Workspace finds a zone', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'eu-west');
    assert.ok(symbols.some((s) => s.name.includes('eu-west') && relative(s.location.uri) === 'eu-west.json'),
      JSON.stringify(symbols.map((s) => `${s.name} ${relative(s.location.uri)}`)));
  });
});
