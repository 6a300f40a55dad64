// Smoke check of the packaged extension: the .vsix installed into this VS Code (no development copy loaded)
// activates, starts its bundled language server and reports a fault.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, extension, open, waitForDiagnostics, withCode, workspaceFile } from '../host/helpers';

suite('packaged .vsix', () => {
  test('is the installed copy, not a development one', () => {
    const ext = extension();
    const dir = process.env.CF_EXTENSIONS_DIR;
    if (dir) assert.equal(path.dirname(path.resolve(ext.extensionPath)), path.resolve(dir));
  });

  test('holds every file its manifest points at', () => {
    const ext = extension();
    const c = (ext.packageJSON.contributes ?? {}) as Record<string, unknown>;
    const paths: string[] = [ext.packageJSON.main as string];
    const each = (key: string): Record<string, unknown>[] => (Array.isArray(c[key]) ? c[key] as Record<string, unknown>[] : []);
    for (const g of each('grammars')) paths.push(g.path as string);
    for (const s of each('snippets')) paths.push(s.path as string);
    for (const l of each('languages')) if (l.configuration) paths.push(l.configuration as string);
    for (const j of each('jsonValidation')) if (!/^https?:/.test(j.url as string)) paths.push(j.url as string);
    const containers = (c.viewsContainers ?? {}) as Record<string, { icon?: string }[]>;
    const views = (c.views ?? {}) as Record<string, { icon?: string }[]>;
    // Icons given as a path, not as a `$(codicon)`.
    for (const v of [...Object.values(containers), ...Object.values(views)].flat()) if (v.icon && !v.icon.startsWith('$(')) paths.push(v.icon);
    if (typeof ext.packageJSON.icon === 'string') paths.push(ext.packageJSON.icon);
    for (const w of each('walkthroughs')) {
      for (const step of (w.steps ?? []) as { media?: Record<string, unknown> }[]) {
        for (const m of [step.media?.markdown, step.media?.svg, step.media?.image]) if (typeof m === 'string') paths.push(m);
      }
    }
    const missing = [...new Set(paths)].filter((p) => !existsSync(path.join(ext.extensionPath, p)));
    assert.deepEqual(missing, [], 'listed in package.json but left out of the .vsix (see .vscodeignore)');
  });

  test('activates, and reports how long that took', async () => {
    const ext = extension();
    // The launcher opened a folder without federation files, so no activation event has fired yet.
    assert.equal(ext.isActive, false, 'activated before anything asked for it');
    const t0 = performance.now();
    await ext.activate();
    // activate() resolves once the language client has started, i.e. after the server's initialize reply.
    console.log(`    activation (load dist/client.js, start the language server): ${(performance.now() - t0).toFixed(0)} ms`);
    assert.equal(ext.isActive, true);
  });

  test('the bundled language server reports a misspelled key in a zone infile', async () => {
    const uri = workspaceFile('us-east.json');
    await fs.writeFile(uri.fsPath, JSON.stringify({
      domain_root: '.us-east.domain.rgw', contol_pool: '.us-east.rgw.control', gc_pool: '.us-east.rgw.gc',
    }, null, 4));
    await open(uri);
    const list = await waitForDiagnostics(uri, withCode('schema'), 'a schema error');
    assert.ok(list.some((d) => codeOf(d) === 'schema' && /did you mean "control_pool"/.test(d.message)), JSON.stringify(list.map((d) => d.message)));
  });
});
