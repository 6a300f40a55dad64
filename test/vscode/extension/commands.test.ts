// Every command and view the manifest contributes is registered once the extension is active.
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { extension } from '../host/helpers';

interface Contributes {
  commands?: { command: string }[];
  views?: Record<string, { id: string }[]>;
}

suite('commands', () => {
  test('every contributed command is registered', async () => {
    const contributes = (extension().packageJSON.contributes ?? {}) as Contributes;
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = (contributes.commands ?? []).map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
  });

  test('every contributed view can be focused', async () => {
    const contributes = (extension().packageJSON.contributes ?? {}) as Contributes;
    const registered = new Set(await vscode.commands.getCommands(true));
    const views = Object.values(contributes.views ?? {}).flat().map((v) => v.id);
    assert.deepEqual(views.filter((id) => !registered.has(`${id}.focus`)), []);
  });

});
