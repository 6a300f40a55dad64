// Opening the example federation activates the extension by itself and starts the language server.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { extension, ours } from '../host/helpers';

suite('activation', () => {
  test('the example federation activates the extension from this checkout', () => {
    const ext = extension();
    // VS Code finishes activating workspaceContains extensions before it starts extension tests, so nothing here
    // (no command, no opened file) can have been the trigger.
    assert.equal(ext.isActive, true, 'not activated by opening a folder with ceph.conf and infiles');
    if (process.env.CF_REPO) assert.equal(path.resolve(ext.extensionPath), path.resolve(process.env.CF_REPO));
    // code-server 4.100 is VS Code 1.100: an engine range above it would not install there.
    const minor = Number(/^\^1\.(\d+)\./.exec(String(ext.packageJSON.engines.vscode))?.[1]);
    assert.ok(minor <= 100, `engines.vscode ${ext.packageJSON.engines.vscode} excludes VS Code 1.100`);
  });

  test('the unmodified example federation has no problems', () => {
    const problems = vscode.languages.getDiagnostics().flatMap(([uri]) => ours(uri).map((d) => `${uri.path}: ${d.message}`));
    assert.deepEqual(problems, []);
  });
});
