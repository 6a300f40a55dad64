import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildTopology, zonePools } from '../../server/src/core/topology';
import { contextOf, editText, modernExample, seedExample } from './fixtures';

test('the seed federation as a topology: regions, zones, instances, pools, sync pairs', async () => {
  const { federation, diagnostics } = await contextOf(seedExample());
  const t = buildTopology(federation, diagnostics);
  assert.deepEqual(t.regions.map((r) => [r.name, r.master, r.zones.map((z) => [z.name, z.master, z.instances.map((i) => `${i.section}@${i.host}`)])]), [
    ['us', true, [['us-east', true, ['client.radosgw.us-east-1@gw-us-east-1']], ['us-west', false, ['client.radosgw.us-west-1@gw-us-west-1']]]],
    ['eu', false, [['eu-east', true, ['client.radosgw.eu-east-1@gw-eu-east-1']], ['eu-west', false, ['client.radosgw.eu-west-1@gw-eu-west-1']]]],
  ]);
  assert.equal(t.regions[0].zones[0].poolCount, 12);
  // The pools themselves are asked for apart, with the place of each.
  const pools = zonePools(federation, 'us-east');
  assert.equal(pools.length, 12);
  assert.deepEqual(pools[0], { field: 'domain_root', name: '.us-east.domain.rgw', place: pools[0].place });
  assert.ok(pools.every((p) => p.place.uri.endsWith('/us-east.json') && p.place.range.start.line > 0));
  assert.deepEqual(zonePools(federation, 'no-such-zone'), []);
  assert.deepEqual(t.syncPairs.map((p) => `${p.source}->${p.destination}:${p.kind}`).sort(), ['eu-east->eu-west:data', 'us-east->eu-east:metadata', 'us-east->us-west:data']);
  assert.deepEqual(t.unlistedZones, []);
  assert.deepEqual(t.orphanInstances, []);
});

test('problems are counted on the nodes they belong to', async () => {
  const f = editText(seedExample(), 'us-cluster/ceph.conf', 'rgw zone = us-west', 'rgw-zone = us-west');
  const { federation, diagnostics } = await contextOf(f);
  const t = buildTopology(federation, diagnostics);
  const west = t.regions[0].zones[1];
  assert.deepEqual(west.problems, { errors: 0, warnings: 0 }, 'the instance lost its zone, so it is no longer under us-west');
  assert.deepEqual(t.orphanInstances.map((i) => [i.section, i.problems.errors]), [['client.radosgw.us-west-1', 1]]);
});

test('an agent config\'s source is found as radosgw-agent finds it: a known src_zone, else the source URL\'s zone', async () => {
  const pairs = async (lines: string) => {
    const { federation } = await contextOf(lines ? editText(seedExample(), 'us-data-sync.conf', 'log_file:', `${lines}log_file:`) : seedExample());
    return buildTopology(federation).syncPairs.filter((p) => p.destination === 'us-west').map((p) => `${p.source}->${p.destination}`);
  };
  assert.deepEqual(await pairs(''), ['us-east->us-west']);
  assert.deepEqual(await pairs('src_zone: us-eats\nsource: http://rgw-us-east.example.com:80\n'), ['us-east->us-west']);
  assert.deepEqual(await pairs('source: http://rgw-eu-east.example.com:80\n'), ['eu-east->us-west']);
  assert.deepEqual(await pairs('src_zone: eu-west\nsource: http://rgw-us-east.example.com:80\n'), ['eu-west->us-west']);
});

test('a modern zonegroup implies data sync from its master zone', async () => {
  const { federation } = await contextOf(modernExample());
  const t = buildTopology(federation);
  assert.deepEqual(t.syncPairs.map((p) => `${p.source}->${p.destination}:${p.kind}`), ['ap-north->ap-south:data']);
  assert.equal(t.regions[0].kind, 'zonegroup');
  assert.deepEqual(t.regions[0].zones.map((z) => z.instances.map((i) => i.frontends)), [['beast port=8080'], ['beast port=8080']]);
});
