// The language server's layout thread (server/src/node/elkThread.ts), on the built dist/elk-thread.js.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { elkInThread } from '../../server/src/node/elkThread';

const DIST = path.join(__dirname, '..', '..', 'dist', 'elk-thread.js');
const graph = () => ({ id: 'root', layoutOptions: { 'elk.algorithm': 'layered' }, children: [{ id: 'a', width: 30, height: 20 }, { id: 'b', width: 30, height: 20 }], edges: [{ id: 'e', sources: ['a'], targets: ['b'] }] });

test('lays a graph out in its thread, several layouts at once, each answered with its own graph', async () => {
  const engine = elkInThread(DIST);
  after(() => engine.close());
  const [one, two] = await Promise.all([engine.layout(graph()), engine.layout({ ...graph(), id: 'other' })]);
  assert.equal(one.id, 'root');
  assert.equal(two.id, 'other');
  const a = one.children!.find((c) => c.id === 'a')!;
  const b = one.children!.find((c) => c.id === 'b')!;
  assert.ok(typeof a.x === 'number' && typeof b.x === 'number' && a.x !== b.x, JSON.stringify(one.children));
});

test('a layout ELK rejects, and a thread that dies, fail their layouts with a message; the next layout starts a new thread', async () => {
  const engine = elkInThread(DIST);
  after(() => engine.close());
  await assert.rejects(engine.layout({ id: 'root', children: [], edges: [{ id: 'e', sources: ['nowhere'], targets: ['none'] }] }), /layout failed: /);
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-elk-'));
  try {
    // Dies on its first message, then works: the first layout fails, the second gets a fresh thread that answers.
    const flaky = path.join(dir, 'flaky.js');
    const marker = path.join(dir, 'died');
    writeFileSync(flaky, `const fs = require('fs');\nif (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ''); require('worker_threads').parentPort.on('message', () => process.exit(3)); }\nelse require(${JSON.stringify(DIST)});\n`);
    const engine2 = elkInThread(flaky);
    after(() => engine2.close());
    await assert.rejects(engine2.layout(graph()), /the layout thread exited \(3\)/);
    assert.equal((await engine2.layout(graph())).id, 'root');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a thread that fails with an error, then exits, fails only its own layouts: one asked for meanwhile gets a new thread and its answer', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-elk-'));
  try {
    // The first thread throws on its first message: 'error', then 'exit'. The second works.
    const flaky = path.join(dir, 'throws.js');
    const marker = path.join(dir, 'threw');
    writeFileSync(flaky, `const fs = require('fs');\nif (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ''); require('worker_threads').parentPort.on('message', () => { throw new Error('broken'); }); }\nelse require(${JSON.stringify(DIST)});\n`);
    const engine = elkInThread(flaky);
    after(() => engine.close());
    // Asked for from the first layout's failure, between the first thread's 'error' and its 'exit'.
    const laid = await engine.layout(graph()).then(
      () => assert.fail('the first layout should fail'),
      (e: Error) => {
        assert.match(e.message, /broken/);
        return engine.layout(graph());
      },
    );
    assert.equal(laid.id, 'root');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

