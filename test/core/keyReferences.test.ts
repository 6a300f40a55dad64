import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseKeyReference, resolveSourceKeys, resolveZoneKeys } from '../../server/src/core/ceph/keyReferences';
import { seedExample } from './fixtures';

test('key references: ${env:NAME} and ${secret:NAME}, nothing else', () => {
  assert.deepEqual(parseKeyReference('${env:US_EAST_KEY}'), { source: 'env', name: 'US_EAST_KEY' });
  assert.deepEqual(parseKeyReference('${secret:us-east/secret_key}'), { source: 'secret', name: 'us-east/secret_key' });
  for (const v of ['DG8RE354EFPZBICHIAF0', '${env:}', '${file:/etc/x}', '$(env:X)', '${env:a b}', '']) assert.equal(parseKeyReference(v), undefined, v);
});

test('resolving a zone infile fills only the referenced keys and reports the missing ones', async () => {
  const zone = JSON.parse(seedExample()['us-east.json']);
  zone.system_key = { access_key: '${env:AK}', secret_key: '${secret:us-east/sk}' };
  const text = JSON.stringify(zone, null, 4);
  const full = await resolveZoneKeys(text, (r) => (r.source === 'env' ? 'AKVALUE' : 'SKVALUE'));
  assert.deepEqual(JSON.parse(full.text).system_key, { access_key: 'AKVALUE', secret_key: 'SKVALUE' });
  assert.deepEqual({ ...JSON.parse(full.text), system_key: undefined }, { ...zone, system_key: undefined });
  const partial = await resolveZoneKeys(text, (r) => (r.source === 'env' ? 'AKVALUE' : undefined));
  assert.deepEqual(partial.missing, ['secret:us-east/sk']);
});

test('resolving a federation touches only the zone infiles that hold references', async () => {
  const f = seedExample();
  const zone = JSON.parse(f['us-east.json']);
  zone.system_key.secret_key = '${env:US_EAST_SK}';
  const sources = [
    { uri: 'file:///fed/us-east.json', text: JSON.stringify(zone, null, 4) },
    { uri: 'file:///fed/us.json', text: f['us.json'] },
    { uri: 'file:///fed/sync.conf', text: 'dest_secret_key: ${env:US_EAST_SK}\n' },
  ];
  const r = await resolveSourceKeys(sources, (ref) => (ref.name === 'US_EAST_SK' ? 'resolved-secret' : undefined));
  assert.equal(JSON.parse(r.sources[0].text).system_key.secret_key, 'resolved-secret');
  assert.equal(r.sources[1], sources[1]);
  assert.equal(r.sources[2], sources[2], 'agent configs are never uploaded: left as written');
  assert.deepEqual(r.missing, []);
});
