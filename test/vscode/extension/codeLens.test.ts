// Code lenses in the real extension host: a zone infile shows its remote commands, a lens runs its command on that
// zone without asking, and the setting cephFederation.codeLens.enabled takes them away and brings them back.
import * as assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { closeAll, openFile } from '../host/helpers';

const ours = async (doc: vscode.TextDocument) =>
  ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? []).filter((l) => l.command?.command.startsWith('cephFederation.'));

suite('code lenses', () => {
  teardown(async () => {
    await vscode.workspace.getConfiguration('cephFederation').update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAll();
  });

  test('a zone infile shows Show apply plan, Apply zone and Compare with live for its zone', async () => {
    const doc = await openFile('us-east.json');
    const lenses = await ours(doc);
    assert.deepEqual(lenses.map((l) => [l.command!.title, l.command!.command, l.command!.arguments]), [
      ['Show apply plan', 'cephFederation.planZone', ['us-east']],
      ['Apply zone us-east', 'cephFederation.applyZone', ['us-east']],
      ['Compare with live', 'cephFederation.compareZoneWithLive', ['us-east']],
    ]);
    // The seed's zone infile names no zone inside: the lenses stand on its first key.
    assert.equal(lenses[0].range.start.line, 1);
    const region = await openFile('us.json');
    assert.deepEqual((await ours(region)).map((l) => l.command!.title), ['Apply region us']);
  });

  test('a lens runs its command on its zone: the plan of us-east, which stops at the example host that resolves nowhere', async function () {
    this.timeout(60_000);
    const doc = await openFile('us-east.json');
    const plan = (await ours(doc))[0].command!;
    const r = await vscode.commands.executeCommand<{ error?: string }>(plan.command, ...(plan.arguments ?? []));
    assert.match(r?.error ?? '', /gw-us-east-1/, JSON.stringify(r));
  });

  test('cephFederation.codeLens.enabled false takes them away; true brings them back', async () => {
    const doc = await openFile('us-east.json');
    const config = () => vscode.workspace.getConfiguration('cephFederation');
    await config().update('codeLens.enabled', false, vscode.ConfigurationTarget.Workspace);
    assert.deepEqual(await ours(doc), []);
    await config().update('codeLens.enabled', true, vscode.ConfigurationTarget.Workspace);
    assert.equal((await ours(doc)).length, 3);
  });
});
