// The fuzzer's short budget for every test run; `npm run fuzz` runs long ones.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/core/text';
import { ServerUnderTest } from '../lsp/harness';
import { fuzzCore } from './fuzz';
import { mutations } from './mutate';

test('core: 2,000 mutated files of every kind, seed 20261127', async () => {
  const r = await fuzzCore(2000, 20261127);
  assert.equal(r.failures, 0);
});

test('language server over stdio: 150 mutated edits and requests, the server stays up and consistent', async () => {
  const s = await ServerUnderTest.start();
  try {
    await s.until(() => s.codes('us.json') !== undefined, 'indexing');
    const names = ['us.json', 'us-east.json', 'us-cluster/ceph.conf', 'us-data-sync.conf'];
    const texts = new Map(names.map((n) => [n, readFileSync(path.join(s.dir, n), 'utf8')]));
    const versions = new Map<string, number>();
    const samples = fc.sample(fc.tuple(fc.constantFrom(...names), mutations, fc.nat(60), fc.nat(80)), { numRuns: 150, seed: 7 });
    let publications = 0;
    s.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
      publications++;
      s.latest.set(p.uri, p as never);
    });
    for (const [name, muts, line, character] of samples) {
      const text = muts.reduce((t, m) => m(t), readFileSync(path.join(s.dir, name), 'utf8'));
      texts.set(name, text);
      const uri = s.uri(name);
      const v = (versions.get(name) ?? 0) + 1;
      versions.set(name, v);
      if (v === 1) s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: name.endsWith('.json') ? 'json' : 'plaintext', version: v, text } });
      else s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
      await s.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } });
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    }
    // Quiescence: the debounced validation has run once no publication arrives for a while.
    let seen = -1;
    for (let i = 0; i < 40 && seen !== publications; i++) {
      seen = publications;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(s.process.exitCode, null, 'the server is still running');
    for (const [name, text] of texts) {
      const lines = new LineIndex(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      for (const d of s.latest.get(s.uri(name))?.diagnostics ?? []) {
        assert.ok(d.range.end.line <= lines.lineCount - 1, `${name}: ${JSON.stringify(d.range)} beyond ${lines.lineCount} lines`);
      }
    }
  } finally {
    await s.stop();
  }
});
