// Diagnostics with our codes appear for a broken file and disappear when it is fixed, as the user types.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { closeAll, codeOf, none, open, replace, waitForDiagnostics, withCode, workspaceFile } from '../host/helpers';

suite('diagnostics', () => {
  teardown(closeAll);

  test('a misspelled key in a zone infile: schema error with a did-you-mean, gone when fixed', async () => {
    const uri = workspaceFile('us-east.json');
    const { document } = await open(uri);
    const range = await replace(document, '"control_pool"', '"contol_pool"');
    const list = await waitForDiagnostics(uri, (l) => l.some((d) => d.message.includes('contol_pool')), 'schema error');
    const d = list.find((d) => d.message.includes('contol_pool'))!;
    assert.equal(codeOf(d), 'schema');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, range.start.line);
    assert.match(d.message, /did you mean "control_pool"/);
    await replace(document, '"contol_pool"', '"control_pool"');
    await waitForDiagnostics(uri, none, 'no diagnostics after the fix');
  });

  test('a pool without the zone prefix: pool-prefix warning on that pool', async () => {
    const uri = workspaceFile('us-east.json');
    const { document } = await open(uri);
    const range = await replace(document, '".us-east.rgw.gc"', '".useast.rgw.gc"');
    const list = await waitForDiagnostics(uri, withCode('pool-prefix'), 'pool-prefix');
    const d = list.find((d) => codeOf(d) === 'pool-prefix')!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(d.range.intersection(range), `diagnostic at ${d.range.start.line}:${d.range.start.character}, pool at ${range.start.line}:${range.start.character}`);
    await replace(document, '".useast.rgw.gc"', '".us-east.rgw.gc"');
    await waitForDiagnostics(uri, none, 'no diagnostics after the fix');
  });

  test('a master_zone naming no zone of the region: master-zone-unknown, across files', async () => {
    const uri = workspaceFile('us.json');
    const { document } = await open(uri);
    await replace(document, '"master_zone": "us-east"', '"master_zone": "us-north"');
    await waitForDiagnostics(uri, withCode('master-zone-unknown'), 'master-zone-unknown');
    await replace(document, '"master_zone": "us-north"', '"master_zone": "us-east"');
    await waitForDiagnostics(uri, none, 'no diagnostics after the fix');
  });

  test('a dash-form key in ceph.conf: conf-dash-key', async () => {
    const uri = workspaceFile('us-cluster', 'ceph.conf');
    const { document } = await open(uri);
    assert.equal(document.languageId, 'ceph-conf');
    await replace(document, 'rgw zone = us-east', 'rgw-zone = us-east');
    await waitForDiagnostics(uri, withCode('conf-dash-key'), 'conf-dash-key');
    await replace(document, 'rgw-zone = us-east', 'rgw zone = us-east');
    await waitForDiagnostics(uri, none, 'no diagnostics after the fix');
  });

  test('a ceph.conf saved from the editor ends with a line break and has no byte order mark, which Ceph needs', async () => {
    const uri = workspaceFile('us-cluster', 'ceph.conf');
    const { document } = await open(uri);
    const files = vscode.workspace.getConfiguration('files', document);
    assert.equal(files.get('insertFinalNewline'), true);
    assert.equal(files.get('encoding'), 'utf8');
    // JSON files keep the user's own settings.
    const json = await open(workspaceFile('us.json'));
    assert.equal(vscode.workspace.getConfiguration('files', json.document).get('insertFinalNewline'), false);
  });

  test('a file changed on disk while closed is checked too', async () => {
    const uri = workspaceFile('eu-west.json');
    const original = await fs.readFile(uri.fsPath, 'utf8');
    try {
      await fs.writeFile(uri.fsPath, original.replace('"gc_pool"', '"gc_pol"'));
      await waitForDiagnostics(uri, withCode('schema'), 'schema error from the file on disk');
    } finally {
      await fs.writeFile(uri.fsPath, original);
    }
    await waitForDiagnostics(uri, none, 'no diagnostics after the file is restored');
  });
});
