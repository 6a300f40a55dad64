// The language server's cephFederation/topology and cephFederation/zonePools requests, which the federation tree reads.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ServerUnderTest } from './harness';
import { TopologyRequest, ZonePoolsRequest } from '../../server/src/protocol';

let s: ServerUnderTest;

before(async () => {
  s = await ServerUnderTest.start();
  await s.until(() => s.codes('us.json') !== undefined, 'the initial publication');
});

after(() => s?.stop());

test('the topology counts each zone\'s pools; zonePools lists them, each at its line in the zone infile', async () => {
  const t = await s.conn.sendRequest(TopologyRequest.type);
  const east = t.regions.find((r) => r.name === 'us')?.zones.find((z) => z.name === 'us-east');
  assert.equal(east?.poolCount, 12);
  const pools = await s.conn.sendRequest(ZonePoolsRequest.type, { zone: 'us-east' });
  assert.equal(pools.length, 12);
  const lines = readFileSync(path.join(s.dir, 'us-east.json'), 'utf8').split('\n');
  for (const p of pools) {
    assert.equal(p.place.uri, s.uri('us-east.json'));
    const { start, end } = p.place.range;
    assert.equal(lines[start.line].slice(start.character, end.character), JSON.stringify(p.name), p.field);
  }
  assert.deepEqual(await s.conn.sendRequest(ZonePoolsRequest.type, { zone: 'no-such-zone' }), []);
});
