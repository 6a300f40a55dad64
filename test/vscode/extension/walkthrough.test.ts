// The Getting Started walkthrough: its media ship with the extension, its buttons run commands that exist, it opens.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAll, extension } from '../host/helpers';

interface Step { id: string; description: string; media: { markdown?: string; image?: string } }
interface Walkthrough { id: string; steps: Step[] }

const walkthroughs = (): Walkthrough[] => (extension().packageJSON.contributes?.walkthroughs ?? []) as Walkthrough[];

suite('walkthrough', () => {
  teardown(closeAll);

  test('every step has its media', () => {
    const ext = extension();
    const steps = walkthroughs().flatMap((w) => w.steps);
    assert.ok(steps.length > 0, 'no walkthrough steps');
    const missing = steps.map((s) => s.media.markdown ?? s.media.image ?? '').filter((m) => !m || !fs.existsSync(path.join(ext.extensionPath, m)));
    assert.deepEqual(missing, []);
  });

  test('every command link of the walkthrough runs a registered command', async () => {
    const ext = extension();
    const registered = new Set(await vscode.commands.getCommands(true));
    const texts = walkthroughs().flatMap((w) => w.steps).flatMap((s) => [s.description,
      ...(s.media.markdown ? [fs.readFileSync(path.join(ext.extensionPath, s.media.markdown), 'utf8')] : [])]);
    const commands = texts.flatMap((t) => [...t.matchAll(/\(command:([\w.-]+)/g)].map((m) => m[1]!));
    assert.ok(commands.length > 0);
    assert.deepEqual(commands.filter((c) => !registered.has(c)), []);
  });

  test('the walkthrough opens', async () => {
    for (const w of walkthroughs()) {
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${w.id}`, false);
    }
  });
});
