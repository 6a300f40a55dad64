// Quick fixes through vscode.executeCodeActionProvider: applying one makes its diagnostic go away.
import * as assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { closeAll, codeOf, none, open, replace, waitForDiagnostics, withCode, workspaceFile } from '../host/helpers';

suite('quick fixes', () => {
  teardown(closeAll);

  test('a pool without the zone prefix is renamed by its quick fix', async () => {
    const uri = workspaceFile('us-east.json');
    const { document } = await open(uri);
    await replace(document, '".us-east.rgw.gc"', '".useast.rgw.gc"');
    const [d] = (await waitForDiagnostics(uri, withCode('pool-prefix'), 'pool-prefix')).filter((d) => codeOf(d) === 'pool-prefix');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d!.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Rename pool to .us-east.rgw.gc');
    assert.ok(fix?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitForDiagnostics(uri, none, 'no diagnostics after the quick fix');
    assert.match(document.getText(), /"gc_pool": "\.us-east\.rgw\.gc"/);
  });
});
