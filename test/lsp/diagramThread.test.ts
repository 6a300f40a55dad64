// The diagram of a large federation is laid out off the server's thread: a hover asked while 1,000 zones are being
// laid out is answered first, not after the layout (which takes about a second).
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ServerUnderTest } from './harness';
import { DiagramRequest } from '../../server/src/protocol';
import { generate, regionName, writeFederation } from '../../bench/generate';

let s: ServerUnderTest;
const gen = generate(1000, { faults: false });
const last = regionName(gen.regions - 1);
const region = `${last}/${last}.json`;

before(async () => {
  s = await ServerUnderTest.start((dir) => writeFederation(dir, gen));
  await s.until(() => s.codes(region) !== undefined, 'the diagnostics of the last region', 60_000);
});

after(() => s?.stop());

test('a hover asked during the layout of 1,000 zones is answered before the diagram', async () => {
  // A first diagram loads ELK; the second, in the other theme, is laid out anew (the server caches one per theme).
  await s.conn.sendRequest(DiagramRequest.type, { theme: 'vscode' });
  const order: string[] = [];
  const diagram = s.conn.sendRequest(DiagramRequest.type, {}).then((svg) => {
    order.push('diagram');
    return svg;
  });
  // Past the topology, inside the layout.
  await new Promise((r) => setTimeout(r, 200));
  const text = readFileSync(path.join(s.dir, region), 'utf8');
  const at = text.split('\n').findIndex((l) => l.includes('"master_zone"'));
  const hover = await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: s.uri(region) }, position: { line: at, character: 8 } });
  order.push('hover');
  assert.ok(hover, 'no hover at master_zone');
  const svg = await diagram;
  assert.deepEqual(order, ['hover', 'diagram']);
  assert.equal(svg.match(/data-id="zone:/g)?.length, 1000);
});
