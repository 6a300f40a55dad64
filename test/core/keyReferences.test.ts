import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseKeyReference, resolveZoneKeys } from '../../server/src/core/ceph/keyReferences';
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
