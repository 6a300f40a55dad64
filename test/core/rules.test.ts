// Every rule, data-driven: each case breaks the seed (or modern) example federation in one way and lists exactly the
// diagnostics that must appear (file:line code). The untouched examples are the passing case of every rule.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import otherOptions from '../../server/src/core/ceph/other-options.json';
import { allRules } from '../../server/src/core/rules';
import { ROOT, brief, check, loadDir, editJson, editText, lastLineOf, lineOf, modernExample, multiFile, seedExample, type Files } from './fixtures';

const keys = (files: Files, zone: string) => JSON.parse(files[`${zone}.json`]).system_key as { access_key: string; secret_key: string };

interface Case {
  name: string;
  files: () => Files;
  expect: (files: Files) => string[];
  /** What the (only) diagnostic says, where the message is part of the rule. */
  message?: RegExp;
}

/** Options Ceph knows (outside the gateway table, so their values go unchecked), enough for a long section. */
const manyOptions = otherOptions.names.filter((n) => n.startsWith('ms_')).slice(0, 34);

const seed = seedExample;
const modern = modernExample;

const cases: Case[] = [
  {
    name: 'json-syntax: a truncated zone infile',
    files: () => ({ ...seed(), 'us-east.json': seed()['us-east.json'].slice(0, 200) }),
    expect: () => ['us-east.json:7 json-syntax'],
  },
  {
    name: 'json-syntax: a byte order mark, on which radosgw-admin fails ("failed to parse JSON", 16.2.15)',
    files: () => ({ ...seed(), 'us-east.json': '\uFEFF' + seed()['us-east.json'] }),
    expect: () => ['us-east.json:1 json-syntax'],
  },
  {
    name: 'json-syntax: comments are not JSON to radosgw-admin',
    files: () => editText(seed(), 'us.json', '"api_name"', '// the API name\n    "api_name"'),
    expect: (f) => [`us.json:${lineOf(f, 'us.json', '// the')} json-syntax`],
  },
  {
    name: 'schema: a typo in a pool key falls back to the default silently',
    files: () => editText(seed(), 'us-east.json', '"control_pool"', '"contol_pool"'),
    // The typo is an unknown key, and the real key is then missing.
    expect: (f) => ['us-east.json:1 schema', `us-east.json:${lineOf(f, 'us-east.json', 'contol_pool')} schema`],
  },
  {
    name: 'schema: placement_pools must be an array',
    files: () => editJson(seed(), 'us-east.json', (z) => (z.placement_pools = { key: 'default-placement' })),
    expect: (f) => [`us-east.json:${lineOf(f, 'us-east.json', '"placement_pools"')} schema`],
  },
  {
    name: 'master-zone-missing',
    files: () => editJson(seed(), 'us.json', (r) => delete r.master_zone),
    expect: () => ['us.json:2 master-zone-missing'],
  },
  {
    name: 'master-zone-unknown: legacy, by name',
    files: () => editJson(seed(), 'us.json', (r) => (r.master_zone = 'us-esat')),
    expect: (f) => [`us.json:${lineOf(f, 'us.json', 'us-esat')} master-zone-unknown`],
  },
  {
    name: 'master-zone-unknown: modern, a name where an id belongs',
    files: () => editJson(modern(), 'ap.json', (r) => (r.master_zone = 'ap-north')),
    expect: (f) => [`ap.json:${lineOf(f, 'ap.json', '"master_zone"')} master-zone-unknown`],
  },
  {
    name: 'master-region-count: two masters',
    files: () => editJson(seed(), 'eu.json', (r) => (r.is_master = 'true')),
    expect: () => ['eu.json:4 master-region-count', 'us.json:4 master-region-count'],
  },
  {
    name: 'master-region-count: no master',
    files: () => editJson(seed(), 'us.json', (r) => (r.is_master = false)),
    expect: () => ['eu.json:4 master-region-count', 'us.json:4 master-region-count'],
  },
  {
    name: 'region-name-duplicate',
    files: () => {
      const f = seed();
      return { ...f, 'us-copy.json': f['us.json'] };
    },
    expect: (f) => {
      const east = lineOf(f, 'us.json', '"name": "us-east"');
      const west = lineOf(f, 'us.json', '"name": "us-west"');
      // The copy lists the same zones again, and is a second master.
      return ['us-copy.json', 'us.json'].flatMap((n) => [`${n}:2 region-name-duplicate`, `${n}:${east} zone-name-duplicate`, `${n}:${west} zone-name-duplicate`, `${n}:4 master-region-count`]);
    },
  },
  {
    name: 'zone-name-duplicate: twice in one region',
    files: () => editJson(seed(), 'us.json', (r) => r.zones.push({ ...r.zones[1] })),
    expect: (f) => [`us.json:${lastLineOf(f, 'us.json', '"name": "us-west"')} zone-name-duplicate`],
  },
  {
    name: 'zone-name-duplicate: one zone in two regions',
    files: () => editJson(seed(), 'eu.json', (r) => r.zones.push({ name: 'us-west', endpoints: ['http://rgw-us-west.example.com:80/'], log_meta: 'true', log_data: 'true' })),
    expect: (f) => [`eu.json:${lineOf(f, 'eu.json', '"us-west"')} zone-name-duplicate`, `us.json:${lineOf(f, 'us.json', '"name": "us-west"')} zone-name-duplicate`],
  },
  {
    name: 'zone-name-duplicate: two infiles for one zone',
    files: () => ({ ...seed(), 'us-east-copy.json': editJson(seed(), 'us-east.json', (z) => (z.name = 'us-east'))['us-east.json'] }),
    expect: (f) => [`us-east-copy.json:${lineOf(f, 'us-east-copy.json', '"name"')} zone-name-duplicate`, 'us-east.json:2 zone-name-duplicate'],
  },
  {
    name: 'default-placement-unknown',
    files: () => editJson(seed(), 'us.json', (r) => (r.default_placement = 'fast-placement')),
    expect: (f) => [`us.json:${lineOf(f, 'us.json', 'fast-placement')} default-placement-unknown`],
  },
  {
    name: 'endpoint-invalid: ftp is committed silently but never served',
    files: () => editJson(seed(), 'us.json', (r) => (r.zones[0].endpoints = ['ftp://rgw-us-east.example.com/'])),
    expect: (f) => [`us.json:${lineOf(f, 'us.json', 'ftp://')} endpoint-invalid`],
  },
  {
    name: 'endpoints-missing: a zone of a legacy multi-zone region (the agent syncing into it has no destination either)',
    files: () => editJson(seed(), 'us.json', (r) => (r.zones[1].endpoints = [])),
    expect: (f) => [`us.json:${lineOf(f, 'us.json', '"name": "us-west"')} endpoints-missing`, `us-data-sync.conf:${lineOf(f, 'us-data-sync.conf', 'destination:')} agent-destination-unknown`],
  },
  {
    name: 'endpoints-missing: a zone of a zonegroup',
    files: () => editJson(modern(), 'ap.json', (r) => delete r.zones[1].endpoints),
    expect: (f) => [`ap.json:${lineOf(f, 'ap.json', '"name": "ap-south"')} endpoints-missing`],
    message: /^zone ap-south lists no endpoints in zonegroup ap: the other zones cannot sync from it; radosgw logs "ERROR: endpoints not configured for upstream zone"$/,
  },
  {
    name: 'endpoints-missing: the master region of two',
    files: () => editJson(seed(), 'us.json', (r) => delete r.endpoints),
    expect: (f) => [`us.json:${lineOf(f, 'us.json', '"is_master"')} endpoints-missing`],
    message: /^region us is the master of 2 regions but lists no endpoints: the other regions forward users and buckets to it and fail/,
  },
  {
    // A single zonegroup forwards to no other: its own endpoints are not needed.
    name: 'endpoints-missing: not for the master zonegroup of a realm with one',
    files: () => editJson(modern(), 'ap.json', (r) => delete r.endpoints),
    expect: () => [],
  },
  {
    // A zone block copied to add a zone, its endpoint left as it was.
    name: 'endpoint-shared: two zones of a zonegroup at one address',
    files: () => editJson(modern(), 'ap.json', (r) => (r.zones[1].endpoints = [...r.zones[0].endpoints])),
    expect: (f) => [`ap.json:${lineOf(f, 'ap.json', '"name": "ap-north"') + 2} endpoint-shared`, `ap.json:${lastLineOf(f, 'ap.json', 'rgw-ap-north')} endpoint-shared`],
  },
  {
    // Written differently (case, default port, no slash), the same address; the agent's destination is then gone too.
    name: 'endpoint-shared: across regions, as Ceph compares URLs',
    files: () => editJson(seed(), 'eu.json', (r) => (r.zones[1].endpoints = ['http://RGW-US-WEST.example.com'])),
    expect: (f) => [
      `eu.json:${lineOf(f, 'eu.json', 'RGW-US-WEST')} endpoint-shared`,
      `us.json:${lineOf(f, 'us.json', 'rgw-us-west')} endpoint-shared`,
      `eu-data-sync.conf:${lineOf(f, 'eu-data-sync.conf', 'destination:')} agent-destination-unknown`,
    ],
  },
  {
    name: 'placeholder: the seed template left as is',
    files: () => editJson(seed(), 'us.json', (r) => (r.endpoints = ['http://{fqdn}:80/'])),
    expect: (f) => [`us.json:${lineOf(f, 'us.json', '{fqdn}')} placeholder`],
  },
  {
    name: 'placeholder: in ceph.conf and in an agent config',
    files: () => editText(editText(seed(), 'us-cluster/ceph.conf', 'host = gw-us-east-1', 'host = {host-name}'), 'us-data-sync.conf', 'log_file: /var/log/radosgw/radosgw-sync-us-east-west.log', 'log_file: {log.filename}'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', '{host-name}')} placeholder`, `us-data-sync.conf:${lineOf(f, 'us-data-sync.conf', '{log.filename}')} placeholder`],
  },
  {
    name: 'zone-infile-missing',
    files: () => {
      const f = seed();
      delete f['us-west.json'];
      return f;
    },
    expect: (f) => [`us.json:${lineOf(f, 'us.json', '"name": "us-west"')} zone-infile-missing`],
  },
  {
    name: 'zone-unlisted',
    files: () => ({ ...seed(), 'us-south.json': seed()['us-east.json'].replace(/us-east/g, 'us-south') }),
    expect: () => ['us-south.json:2 zone-unlisted'],
  },
  {
    name: 'zone-logging-off: legacy multi-zone region',
    files: () => editJson(seed(), 'us.json', (r) => (r.zones[1].log_data = 'false')),
    expect: (f) => [`us.json:${lineOf(f, 'us.json', '"false"')} zone-logging-off`],
  },
  {
    name: 'pool-prefix',
    files: () => editJson(seed(), 'us-west.json', (z) => (z.gc_pool = '.us-wst.rgw.gc')),
    expect: (f) => [`us-west.json:${lineOf(f, 'us-west.json', '.us-wst')} pool-prefix`],
  },
  {
    name: 'pool-shared (and its prefix)',
    files: () => editJson(seed(), 'us-west.json', (z) => (z.user_uid_pool = '.us-east.users.uid')),
    expect: (f) => [
      `us-west.json:${lineOf(f, 'us-west.json', '.us-east.users.uid')} pool-prefix`,
      `us-west.json:${lineOf(f, 'us-west.json', '.us-east.users.uid')} pool-shared`,
      `us-east.json:${lineOf(f, 'us-east.json', '.us-east.users.uid')} pool-shared`,
    ],
  },
  {
    name: 'system-key-empty',
    files: () => editJson(seed(), 'us-west.json', (z) => (z.system_key.secret_key = '')),
    expect: (f) => [`us-west.json:${lineOf(f, 'us-west.json', '"secret_key"')} system-key-empty`],
  },
  {
    // A placement block copied to add one, its key left as it was: the first is dropped.
    name: 'placement-duplicate: in a zone\'s placement_pools',
    files: () => editJson(seed(), 'us-east.json', (z) => z.placement_pools.push({ ...z.placement_pools[0], val: { ...z.placement_pools[0].val, data_pool: '.us-east.rgw.buckets.fast' } })),
    expect: (f) => [`us-east.json:${lineOf(f, 'us-east.json', '"key": "default-placement"')} placement-duplicate`],
    message: /^placement default-placement is listed again in placement_pools on line \d+: radosgw-admin keeps only the last one/,
  },
  {
    name: 'placement-duplicate: in a region\'s placement_targets',
    files: () => editJson(seed(), 'us.json', (r) => r.placement_targets.push({ ...r.placement_targets[0] })),
    expect: (f) => [`us.json:${lineOf(f, 'us.json', '"name": "default-placement"')} placement-duplicate`],
  },
  {
    // The zone re-created (a new id), the zonegroup infile still listing the old one.
    name: 'zone-id-mismatch',
    files: () => editJson(modernExample(), 'ap-south.json', (z) => (z.id = '0b6e8a52-1f7c-4d8e-9a3b-5c2d7e9f1a40')),
    expect: (f) => [`ap.json:${lineOf(f, 'ap.json', '"id": "d58dcdb4')} zone-id-mismatch`],
    message: /^zonegroup ap lists zone ap-south with id d58dcdb4-6b44-4806-8b5a-b3ee4265bb31, but its zone infile \(ap-south\.json\) has id 0b6e8a52-1f7c-4d8e-9a3b-5c2d7e9f1a40: .*"Cannot find zone id=0b6e8a52-1f7c-4d8e-9a3b-5c2d7e9f1a40 \(name=ap-south\)"/,
  },
  {
    name: 'placement-unknown',
    files: () => editJson(seed(), 'us-east.json', (z) => (z.placement_pools[0].key = 'fast-placement')),
    // The renamed key is unknown to the region, and the region's own placement is then missing from the zone.
    expect: (f) => [`us-east.json:${lineOf(f, 'us-east.json', 'fast-placement')} placement-missing`, `us-east.json:${lineOf(f, 'us-east.json', 'fast-placement')} placement-unknown`],
  },
  {
    // A second placement target added to the zonegroup; one zone updated, the other forgotten.
    name: 'placement-missing: a zonegroup placement target one zone lacks',
    files: () => {
      const f = editJson(modern(), 'ap.json', (r) => r.placement_targets.push({ name: 'cold-placement', tags: [], storage_classes: ['STANDARD'] }));
      return editJson(f, 'ap-north.json', (z) => z.placement_pools.push({ key: 'cold-placement', val: { ...z.placement_pools[0].val, data_extra_pool: 'ap-north.rgw.cold.non-ec' } }));
    },
    expect: (f) => [`ap-south.json:${lineOf(f, 'ap-south.json', '"key"')} placement-missing`],
    message: /^zone ap-south has no placement cold-placement, a placement target of zonegroup ap: buckets placed on it cannot be created in this zone, nor synced into it \("ERROR: This zone does not contain placement rule cold-placement present in the zonegroup!"\)$/,
  },
  {
    // Without placement_pools Ceph places buckets in its legacy default pools.
    name: 'placement-missing: not for a zone without placement_pools',
    files: () => editJson(seed(), 'us-east.json', (z) => (z.placement_pools = [])),
    expect: () => [],
  },
  {
    name: 'pool-no-dot',
    files: () => editJson(seed(), 'us-east.json', (z) => (z.control_pool = 'us-east.rgw.control')),
    expect: (f) => [`us-east.json:${lineOf(f, 'us-east.json', '"us-east.rgw.control"')} pool-no-dot`],
  },
  {
    name: "conf-syntax: a byte order mark and a character past ASCII in a value, on which Ceph's config parser aborts",
    files: () => ({ ...seed(), 'us-cluster/ceph.conf': '\uFEFF' + seed()['us-cluster/ceph.conf'].replace('rgw dns name = rgw-us-west', 'rgw dns name = rgw-us-wést') }),
    expect: (f) => ['us-cluster/ceph.conf:1 conf-syntax', `us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'rgw-us-wést')} conf-syntax`],
  },
  {
    name: 'conf-syntax: an unescaped "#" inside a quoted value starts a comment for Ceph, which then rejects the file',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'rgw dns name = rgw-us-west.example.com', 'rgw dns name = "rgw-us-west.example.com#1"'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'example.com#1')} conf-syntax`],
  },
  {
    name: 'conf-syntax: no line break after the last option, which makes Ceph reject the file',
    files: () => ({ ...seed(), 'us-cluster/ceph.conf': seed()['us-cluster/ceph.conf'].replace(/\n+$/, '') }),
    expect: (f) => [`us-cluster/ceph.conf:${f['us-cluster/ceph.conf'].split('\n').length} conf-syntax`],
  },
  {
    name: 'conf-section-blanks: a gateway section Ceph never reads, so its instance has no zone and no host',
    // A section of blanks only is one too (Ceph names it " "); `[]` is a syntax error.
    files: () => editText(editText(seed(), 'us-cluster/ceph.conf', '[client.radosgw.us-west-1]', '[ client.radosgw.us-west-1 ]'), 'us-cluster/ceph.conf', '[global]', '[ ]\nlog file = x\n[global]'),
    expect: (f) => [
      `us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', '[ client.radosgw')} conf-section-blanks`,
      `us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', '[ ]')} conf-section-blanks`,
    ],
  },
  {
    name: 'conf-duplicate-option: a section name written with escapes is read as Ceph reads it ([client.radosgw.us\\-west-1] is the us-west gateway\'s section)',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'host = gw-us-west-1', 'host = gw-us-west-1\n\n[client.radosgw.us\\-west-1]\nrgw dns name = other.example.com'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'rgw dns name = rgw-us-west')} conf-duplicate-option`],
  },
  {
    name: 'conf-syntax: an unescaped "#" inside a section name starts a comment for Ceph, which then rejects the file; its options are still checked as that section\'s',
    files: () => editText(seed(), 'us-cluster/ceph.conf', '[client.radosgw.us-west-1]', '[client.radosgw.us-west-1#2]'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', '#2]')} conf-syntax`],
  },
  {
    name: 'conf-syntax: a garbage line and an unclosed section',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'host = gw-us-east-1', 'host = gw-us-east-1\nthis line is no option\n[client.radosgw.us'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'this line')} conf-syntax`, `us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', '[client.radosgw.us\n')} conf-syntax`],
  },
  {
    name: 'conf-unknown-option',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'host = gw-us-east-1', 'host = gw-us-east-1\nrgw dns nmae = rgw.example.com'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'rgw dns nmae')} conf-unknown-option`],
  },
  {
    name: 'conf-dash-key',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'rgw zone = us-east', 'rgw-zone = us-east'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'rgw-zone')} conf-dash-key`],
  },
  {
    name: 'conf-bad-value',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'host = gw-us-east-1', 'host = gw-us-east-1\nrgw print continue = maybe'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'rgw print continue')} conf-bad-value`],
  },
  {
    name: 'conf-obsolete-option: rgw region in a realm federation',
    files: () => editText(modern(), 'ceph.conf', 'rgw zonegroup = ap\nrgw zone = ap-north', 'rgw zonegroup = ap\nrgw region = ap\nrgw zone = ap-north'),
    expect: (f) => [`ceph.conf:${lineOf(f, 'ceph.conf', 'rgw region')} conf-obsolete-option`],
  },
  {
    name: 'conf-duplicate-option',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'rgw zone = us-east', 'rgw zone = us-east\nrgw_zone = us-east'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'rgw zone = us-east')} conf-duplicate-option`],
  },
  {
    name: 'conf-duplicate-option: a section written twice (Ceph merges them)',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'host = gw-us-east-1\n', 'host = gw-us-east-1\n\n[client.radosgw.us-east-1]\nrgw dns name = other.example.com\n'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'rgw dns name = rgw-us-east')} conf-duplicate-option`],
  },
  {
    name: 'conf-duplicate-option: in a long section',
    files: () =>
      editText(
        seed(),
        'us-cluster/ceph.conf',
        'host = gw-us-east-1\n',
        `host = gw-us-east-1\n${manyOptions.map((o) => `${o} = 1`).join('\n')}\nrgw dns name = other.example.com\n`,
      ),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'rgw dns name = rgw-us-east')} conf-duplicate-option`],
  },
  {
    name: 'conf-region-unknown',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'rgw region = us\nrgw zone = us-east', 'rgw region = usa\nrgw zone = us-east'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'usa')} conf-region-unknown`],
  },
  {
    // A zonegroup infile copied from another realm's cluster: zonegroup set keeps its realm_id, period update skips it.
    name: 'realm-id-unknown',
    files: () => editJson(modern(), 'ap.json', (r) => (r.realm_id = '9f1c0a44-5b7e-4d2a-8c3f-6e0b1d2a3c4f')),
    expect: (f) => [`ap.json:${lineOf(f, 'ap.json', '9f1c0a44')} realm-id-unknown`],
    message: /^zonegroup ap has realm_id 9f1c0a44-5b7e-4d2a-8c3f-6e0b1d2a3c4f, the id of no realm of the federation \(gold has id 31dec4f4-df2a-4b79-bc8e-80b36f0e2289\): period update --commit skips it without an error/,
  },
  {
    name: 'realm-id-unknown: not judged without a realm infile',
    files: () => {
      const f = editJson(modern(), 'ap.json', (r) => (r.realm_id = '9f1c0a44-5b7e-4d2a-8c3f-6e0b1d2a3c4f'));
      delete f['realm.json'];
      return f;
    },
    expect: () => [],
  },
  {
    name: 'sync-from-unknown: a typo in sync_from, with the zone it meant',
    files: () => editJson(modern(), 'ap.json', (r) => Object.assign(r.zones[1], { sync_from_all: 'false', sync_from: ['ap-nroth'] })),
    // The zone then syncs from nothing, which is said too.
    expect: (f) => [`ap.json:${lineOf(f, 'ap.json', '"sync_from_all": "false"')} sync-from-none`, `ap.json:${lineOf(f, 'ap.json', 'ap-nroth')} sync-from-unknown`],
  },
  {
    name: 'sync-from-unknown: the message',
    files: () => editJson(modern(), 'ap.json', (r) => Object.assign(r.zones[1], { sync_from_all: 'false', sync_from: ['ap-north', 'ap-nroth'] })),
    expect: (f) => [`ap.json:${lineOf(f, 'ap.json', 'ap-nroth')} sync-from-unknown`],
    message: /^sync_from of zone ap-south names ap-nroth, no zone of zonegroup ap \(zones: ap-north, ap-south\): sync_from_all is false, so zone ap-south never syncs from the zone meant; did you mean ap-north\?$/,
  },
  {
    name: 'sync-from-none: sync_from_all false and nothing to sync from',
    files: () => editJson(modern(), 'ap.json', (r) => (r.zones[1].sync_from_all = 'false')),
    expect: (f) => [`ap.json:${lineOf(f, 'ap.json', '"sync_from_all": "false"')} sync-from-none`],
  },
  {
    // One zone listed twice is one zone: nothing else to sync from, so sync_from_all false asks for nothing.
    name: 'sync-from-none: not in a zonegroup whose two listings name one zone (that is reported as such)',
    files: () => editJson(modern(), 'ap.json', (r) => (r.zones[1] = { ...r.zones[0], sync_from_all: 'false' })),
    expect: (f) => [
      `ap.json:${lastLineOf(f, 'ap.json', '"name": "ap-north"')} zone-name-duplicate`,
      'ap-south.json:3 zone-unlisted',
      `ceph.conf:${lineOf(f, 'ceph.conf', 'rgw zone = ap-south')} conf-zone-not-in-region`,
    ],
  },
  {
    name: 'sync-from: a zone syncing from a named zone only is fine',
    files: () => editJson(modern(), 'ap.json', (r) => Object.assign(r.zones[1], { sync_from_all: 'false', sync_from: ['ap-north'] })),
    expect: () => [],
  },
  {
    name: 'conf-realm-unknown: a typo, with the realm it meant',
    files: () => editText(modern(), 'ceph.conf', 'rgw realm = gold\nrgw zonegroup = ap\nrgw zone = ap-south', 'rgw realm = glod\nrgw zonegroup = ap\nrgw zone = ap-south'),
    expect: (f) => [`ceph.conf:${lineOf(f, 'ceph.conf', 'glod')} conf-realm-unknown`],
    message: /^rgw realm glod names no realm of the federation \(known: gold\): radosgw starts anyway, outside the realm's period, and this gateway does not sync; did you mean gold\?$/,
  },
  {
    // Without a realm infile the realms are not known here: nothing to judge by.
    name: 'conf-realm-unknown: not judged without a realm infile',
    files: () => {
      const f = editText(modern(), 'ceph.conf', 'rgw realm = gold\nrgw zonegroup = ap\nrgw zone = ap-south', 'rgw realm = glod\nrgw zonegroup = ap\nrgw zone = ap-south');
      delete f['realm.json'];
      return f;
    },
    expect: () => [],
  },
  {
    name: 'conf-zone-unknown',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'rgw zone = us-east', 'rgw zone = us-esat'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'us-esat')} conf-zone-unknown`],
  },
  {
    name: 'conf-zone-unknown: the message suggests the closest zone of the section\'s region',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'rgw zone = us-west', 'rgw zone = us-wset'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'us-wset')} conf-zone-unknown`],
    message: /\("Cannot find zone id= \(name=us-wset\)"\); did you mean us-west\?$/,
  },
  {
    name: 'conf-zone-not-in-region',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'rgw zone = us-west', 'rgw zone = eu-west'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'eu-west')} conf-zone-not-in-region`],
  },
  {
    name: 'conf-root-pool-prefix',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'rgw zone root pool = .us-east.rgw.root', 'rgw zone root pool = .us-west.rgw.root'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'rgw zone root pool = .us-west')} conf-root-pool-prefix`],
  },
  {
    name: 'conf-port-conflict: two gateways moved onto one host, both on beast port=8080',
    files: () => editText(modern(), 'ceph.conf', 'host = gw-ap-south-1', 'host = GW-AP-NORTH-1'),
    expect: (f) => [`ceph.conf:${lineOf(f, 'ceph.conf', 'rgw frontends')} conf-port-conflict`, `ceph.conf:${lastLineOf(f, 'ceph.conf', 'rgw frontends')} conf-port-conflict`],
    message: /^gateway instance client\.rgw\.ap-north-1 listens on port 8080 of host gw-ap-north-1 \(port=8080\), as client\.rgw\.ap-south-1 \(ceph\.conf\) does: the radosgw that starts second cannot bind the port and exits$/,
  },
  {
    name: 'conf-port-conflict: a port inherited from [client], the clash on civetweb\'s second port, across two files',
    files: () => {
      let f = editText(seed(), 'us-cluster/ceph.conf', 'rgw socket path = /var/run/ceph/$name.sock\nhost = gw-us-east-1', 'rgw frontends = civetweb port=80+443s\nhost = gw-shared');
      f = editText(f, 'eu-cluster/ceph.conf', '[client.radosgw.eu-east-1]', '[client]\nrgw frontends = beast port=443\n\n[client.radosgw.eu-east-1]');
      return editText(f, 'eu-cluster/ceph.conf', 'host = gw-eu-east-1', 'host = gw-shared');
    },
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'rgw frontends')} conf-port-conflict`, `eu-cluster/ceph.conf:${lineOf(f, 'eu-cluster/ceph.conf', '[client.radosgw.eu-east-1]')} conf-port-conflict`],
  },
  {
    name: 'conf-port-conflict: none for other ports, other addresses, one daemon in two files, or no rgw frontends',
    files: () => {
      let f = editText(modern(), 'ceph.conf', 'host = gw-ap-south-1', 'host = gw-ap-north-1');
      f = editText(f, 'ceph.conf', /beast port=8080\n(rgw dns name = rgw-ap-south)/, 'beast endpoint=10.0.0.2:8080 ssl_endpoint=10.0.0.2\n$1');
      f = editText(f, 'ceph.conf', 'beast port=8080', 'beast endpoint=10.0.0.1:8080 port=8443');
      // The same section for the same host in a second cluster's file: the same daemon, described twice.
      f = { ...f, 'copy/ceph.conf': f['ceph.conf'].replace(/\[client\.rgw\.ap-south-1\][^]*/, '') };
      return editText(f, 'copy/ceph.conf', /rgw frontends = .*\n/, '');
    },
    expect: () => [],
  },
  {
    name: 'conf-host-missing',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'host = gw-us-east-1\n', ''),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', '[client.radosgw.us-east-1]')} conf-host-missing`],
  },
  {
    name: 'conf-zone-missing',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'rgw zone = us-west\n', ''),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', '[client.radosgw.us-west-1]')} conf-zone-missing`],
  },
  {
    name: 'conf-zone-missing: an empty value',
    files: () => editText(seed(), 'us-cluster/ceph.conf', 'rgw zone = us-west\n', 'rgw zone =\n'),
    expect: (f) => [`us-cluster/ceph.conf:${lineOf(f, 'us-cluster/ceph.conf', 'rgw zone =\n')} conf-zone-missing`],
  },
  {
    name: 'agent-unknown-key',
    files: () => editText(seed(), 'us-data-sync.conf', 'log_file:', 'num_worker: 4\nlog_file:'),
    expect: (f) => [`us-data-sync.conf:${lineOf(f, 'us-data-sync.conf', 'num_worker')} agent-unknown-key`],
  },
  {
    name: 'agent-missing-key',
    files: () => editText(seed(), 'us-data-sync.conf', /dest_secret_key: .*\n/, ''),
    expect: () => ['us-data-sync.conf:2 agent-missing-key'],
  },
  {
    name: 'agent-bad-value',
    files: () => editText(seed(), 'us-data-sync.conf', 'log_file:', 'num_workers: 0\nsync_scope: partial\nlog_file:'),
    expect: (f) => [`us-data-sync.conf:${lineOf(f, 'us-data-sync.conf', 'num_workers')} agent-bad-value`, `us-data-sync.conf:${lineOf(f, 'us-data-sync.conf', 'sync_scope')} agent-bad-value`],
  },
  {
    name: 'agent-destination-unknown',
    files: () => editText(seed(), 'us-data-sync.conf', 'rgw-us-west.example.com', 'rgw-us-north.example.com'),
    expect: (f) => [`us-data-sync.conf:${lineOf(f, 'us-data-sync.conf', 'destination')} agent-destination-unknown`],
  },
  {
    name: 'agent-key-mismatch',
    files: () => {
      const f = seed();
      return editText(f, 'us-data-sync.conf', keys(f, 'us-east').secret_key, 'x' + keys(f, 'us-east').secret_key.slice(1));
    },
    expect: (f) => [`us-data-sync.conf:${lineOf(f, 'us-data-sync.conf', 'src_secret_key')} agent-key-mismatch`],
  },
  {
    name: 'agent-destination-master',
    files: () => {
      const f = seed();
      const k = keys(f, 'us-east');
      const text = `src_access_key: ${k.access_key}\nsrc_secret_key: ${k.secret_key}\ndestination: http://rgw-us-east.example.com:80\ndest_access_key: ${k.access_key}\ndest_secret_key: ${k.secret_key}\n`;
      return { ...f, 'wrong-way-sync.conf': text };
    },
    expect: () => ['wrong-way-sync.conf:3 agent-destination-master'],
  },
  {
    // eu-east is the master of eu, a region that is not the master: a data config into it has no valid source.
    name: 'agent-destination-master: data sync into the master zone of a secondary region',
    files: () => {
      const f = seed();
      const k = keys(f, 'eu-east');
      const text = `src_access_key: ${k.access_key}\nsrc_secret_key: ${k.secret_key}\ndestination: http://rgw-eu-east.example.com:80\ndest_access_key: ${k.access_key}\ndest_secret_key: ${k.secret_key}\n`;
      return { ...f, 'into-eu-master.conf': text };
    },
    expect: () => ['into-eu-master.conf:3 agent-destination-master'],
    message: /^destination is zone eu-east, the master zone of region eu: data syncs from a region's master zone into its other zones, never into the master/,
  },
  {
    name: 'agent-source-unknown: a src_zone of no zone',
    files: () => editText(seed(), 'us-data-sync.conf', 'log_file:', 'src_zone: us-eats\nlog_file:'),
    expect: (f) => [`us-data-sync.conf:${lineOf(f, 'us-data-sync.conf', 'src_zone')} agent-source-unknown`],
    message: /^src_zone us-eats is no zone of the federation: radosgw-agent stops at start \("not found in region map"\); did you mean us-east\?$/,
  },
  {
    name: 'agent-source-unknown: a source URL of no zone',
    files: () => editText(seed(), 'us-data-sync.conf', 'log_file:', 'source: http://rgw-us-nowhere.example.com:80\nlog_file:'),
    expect: (f) => [`us-data-sync.conf:${lineOf(f, 'us-data-sync.conf', 'source:')} agent-source-unknown`],
  },
  {
    // The URL is us-east's gateway, the name us-west: the name also makes us-west the source the other rules judge.
    name: 'agent-source-mismatch: src_zone and the source URL name two zones',
    files: () => editText(seed(), 'us-data-sync.conf', 'log_file:', 'src_zone: us-west\nsource: http://rgw-us-east.example.com:80\nlog_file:'),
    expect: (f) => [
      `us-data-sync.conf:${lineOf(f, 'us-data-sync.conf', 'src_zone')} agent-source-mismatch`,
      `us-data-sync.conf:${lineOf(f, 'us-data-sync.conf', 'src_zone')} agent-source-not-master`,
      `us-data-sync.conf:${lineOf(f, 'us-data-sync.conf', 'src_access_key')} agent-key-mismatch`,
      `us-data-sync.conf:${lineOf(f, 'us-data-sync.conf', 'src_secret_key')} agent-key-mismatch`,
    ],
  },
  {
    name: 'agent-source-mismatch: none when they agree (a URL of another form of the same endpoint)',
    files: () => editText(seed(), 'us-data-sync.conf', 'log_file:', 'src_zone: us-east\nsource: http://RGW-US-EAST.example.com/\nlog_file:'),
    expect: () => [],
  },
  {
    // radosgw-agent finds the source by either: the name may be wrong when the URL is right.
    name: 'agent-source-unknown: none when the source URL names the zone',
    files: () => editText(seed(), 'us-data-sync.conf', 'log_file:', 'src_zone: us-eats\nsource: http://rgw-us-east.example.com:80\nlog_file:'),
    expect: () => [],
  },
  {
    // As radosgw-agent does, the URL finds the source the misspelt name does not: its keys are judged against it.
    name: 'agent-key-mismatch: with a misspelt src_zone, the source URL\'s zone',
    files: () => {
      const f = editText(seed(), 'us-data-sync.conf', 'log_file:', 'src_zone: us-eats\nsource: http://rgw-us-east.example.com:80\nlog_file:');
      return editText(f, 'us-data-sync.conf', /src_access_key: (\S)/, 'src_access_key: Q');
    },
    expect: (f) => [`us-data-sync.conf:${lineOf(f, 'us-data-sync.conf', 'src_access_key')} agent-key-mismatch`],
  },
  {
    // Without endpoints in the region infiles a URL cannot be placed: neither destination nor source is judged.
    name: 'agent-source-unknown: none when no region lists endpoints',
    files: () => {
      const noEndpoints = (r: { endpoints: string[]; zones: { endpoints: string[] }[] }) => {
        r.endpoints = [];
        for (const z of r.zones) z.endpoints = [];
      };
      return editText(editJson(editJson(seed(), 'us.json', noEndpoints), 'eu.json', noEndpoints), 'us-data-sync.conf', 'log_file:', 'source: http://rgw-us-nowhere.example.com:80\nlog_file:');
    },
    // The regions are told, each zone and the master region; the agent's URLs are judged by none.
    expect: (f) => [
      `eu.json:${lineOf(f, 'eu.json', '"name": "eu-east"')} endpoints-missing`,
      `eu.json:${lineOf(f, 'eu.json', '"name": "eu-west"')} endpoints-missing`,
      `us.json:${lineOf(f, 'us.json', '"name": "us-east"')} endpoints-missing`,
      `us.json:${lineOf(f, 'us.json', '"is_master"')} endpoints-missing`,
      `us.json:${lineOf(f, 'us.json', '"name": "us-west"')} endpoints-missing`,
    ],
  },
  {
    name: 'agent-source-not-master',
    files: () => {
      const f = seed();
      const w = keys(f, 'us-west');
      const e = keys(f, 'eu-west');
      const text = `src_zone: us-west\nsrc_access_key: ${w.access_key}\nsrc_secret_key: ${w.secret_key}\ndestination: http://rgw-eu-west.example.com:80\ndest_access_key: ${e.access_key}\ndest_secret_key: ${e.secret_key}\nmetadata_only: true\n`;
      return { ...f, 'meta-from-secondary.conf': text };
    },
    expect: () => ['meta-from-secondary.conf:1 agent-source-not-master'],
  },
  {
    name: 'agent-cross-region-data',
    files: () => editText(seed(), 'inter-region-metadata-sync.conf', 'metadata_only: true', 'src_zone: us-east'),
    expect: (f) => [`inter-region-metadata-sync.conf:${lineOf(f, 'inter-region-metadata-sync.conf', 'destination')} agent-cross-region-data`],
  },
  {
    name: 'unrecognized-file: only when named explicitly',
    files: () => ({ ...seed(), 'notes.conf': '<VirtualHost *:80>\n  ServerName {fqdn}\n</VirtualHost>\n' }),
    expect: () => [],
  },
];

for (const c of cases) {
  test(c.name, async () => {
    const files = c.files();
    const diagnostics = await check(files);
    assert.deepEqual(diagnostics.map(brief).sort(), [...c.expect(files)].sort());
    if (c.message) assert.match(diagnostics[0].message, c.message);
  });
}

test('every rule has a failing case in this file', () => {
  const named = cases.flatMap((c) => c.name.split(/[:(]/)[0].split(' ')).join(' ');
  const untested = allRules.map((r) => r.code).filter((code) => code !== 'unrecognized-file' && !named.includes(code));
  assert.deepEqual(untested, []);
});

test('passing: the seed and the modern example check clean, apart and together', async () => {
  assert.deepEqual((await check(seed())).map(brief), []);
  assert.deepEqual((await check(modern())).map(brief), []);
  const both: Files = {};
  for (const [k, v] of Object.entries(seed())) both[`seed/${k}`] = v;
  for (const [k, v] of Object.entries(modern())) both[`modern/${k}`] = v;
  assert.deepEqual((await check(both)).map(brief), []);
});

test('passing: what Ceph accepts is accepted', async () => {
  // Whitespace runs in keys, real booleans, YAML 1.1 booleans in the agent config, inherited zone from [client].
  let f = editText(seed(), 'us-cluster/ceph.conf', 'rgw zone = us-east', 'rgw   zone = us-east');
  f = editJson(f, 'us.json', (r) => (r.zones[0].log_meta = true));
  f = editText(f, 'us-data-sync.conf', 'log_file:', 'versioned: no\nlog_file:');
  // Past ASCII in a comment or a quoted value (ceph-conf 16.2.15 reads both), a byte order mark in an agent config.
  f = editText(f, 'us-cluster/ceph.conf', 'rgw zone = us-west', 'rgw zone = "us-west" # zone à l\'ouest');
  // Single quotes and backslash escapes, as ceph-conf reads them (test/integration/cephReaders.test.ts).
  f = editText(f, 'eu-cluster/ceph.conf', 'rgw zone = eu-east', "rgw zone = 'eu-east'");
  f = editText(f, 'us-cluster/ceph.conf', 'host = gw-us-east-1', 'host = gw-us\\-east-1');
  f = { ...f, 'us-data-sync.conf': '\uFEFF' + f['us-data-sync.conf'] };
  assert.deepEqual((await check(f)).map(brief), []);
});

test('unrecognized-file: an explicitly named file that is no federation file', async () => {
  const files = multiFile('//- notes.txt\nhello\n');
  assert.deepEqual((await check(files, ['notes.txt'])).map(brief), ['notes.txt:1 unrecognized-file']);
  assert.deepEqual((await check(files)).map(brief), []);
});

test('messages never contain a key', async () => {
  const f = seed();
  const k = keys(f, 'us-east');
  const broken = editText(f, 'us-data-sync.conf', k.secret_key, 'x' + k.secret_key.slice(1));
  for (const d of await check(broken)) {
    for (const secret of [k.access_key, k.secret_key, 'x' + k.secret_key.slice(1)]) assert.ok(!d.message.includes(secret), d.message);
  }
});

test('messages name the other line and the other files exactly', async () => {
  const dup = editText(seed(), 'us-cluster/ceph.conf', 'rgw zone = us-east', 'rgw zone = us-east\nrgw_zone = us-west');
  const d = (await check(dup)).find((x) => x.code === 'conf-duplicate-option');
  const again = lineOf(dup, 'us-cluster/ceph.conf', 'rgw_zone = us-west');
  assert.match(d?.message ?? '', new RegExp(`set again in \\[client\\.radosgw\\.us-east-1\\] on line ${again} \\("us-west"\\)`));
  const twice = { ...seed(), 'sub/us-east-copy.json': seed()['us-east.json'] };
  const named = (await check(twice)).find((x) => x.code === 'zone-name-duplicate');
  assert.match(named?.message ?? '', /\(us-east\.json, us-east-copy\.json\)|\(us-east-copy\.json, us-east\.json\)/);
});

test('schema problems sit exactly on the key (unknown, missing) or the value (wrong type), by either JSON reader', async () => {
  const broken = editText(editText(seed(), 'us-east.json', '"control_pool"', '"contol_pool"'), 'us-east.json', /"log_pool": "[^"]*"/, '"log_pool": 5');
  // A \u escape (the same pool name) sends the file to the tolerant parser instead of JSON.parse.
  const tolerant = editText(broken, 'us-east.json', 'rgw.gc"', 'rgw.\\u0067c"');
  for (const files of [broken, tolerant]) {
    const lines = files['us-east.json'].split('\n');
    const spans = (await check(files))
      .filter((d) => d.code === 'schema' && d.uri.endsWith('us-east.json'))
      .map((d) => {
        assert.equal(d.range.start.line, d.range.end.line);
        return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
      });
    // Missing control_pool: the root object's opening brace; the unknown key; the number where a pool name goes.
    assert.deepEqual(spans.sort(), ['"contol_pool"', '5', '{'].sort());
  }
});

test('system-key-empty counts a region\'s zones, not its listings, and says when the key is missing altogether', async () => {
  const f = editJson(editJson(seed(), 'us-west.json', (z) => delete z.system_key), 'us.json', (r) => r.zones.push({ ...r.zones[1] }));
  const message = (await check(f)).find((d) => d.code === 'system-key-empty')?.message ?? '';
  assert.match(message, /^zone us-west has no system_key, yet region us has 2 zones: sync cannot authenticate/);
});

test('json-syntax says what radosgw-admin 16.2 does: refuses, reads past a trailing comma, ignores what follows the document', async () => {
  const zone = seed()['us-east.json'];
  const message = async (text: string) => (await check({ ...seed(), 'us-east.json': text })).find((d) => d.code === 'json-syntax')?.message;
  assert.match((await message(zone.replace('{', '{ // the zone\n'))) ?? '', /^comments are not JSON: radosgw-admin rejects the file$/);
  assert.match((await message(zone.replace(/\n}\s*$/, ',\n}\n'))) ?? '', /^a trailing comma is not JSON: radosgw-admin reads past it/);
  assert.match((await message(zone.replace(/("placement_pools": \[[^\]]*\})/, '$1,'))) ?? '', /^a trailing comma is not JSON/);
  assert.match((await message(zone.trimEnd() + '\n' + zone)) ?? '', /^text after the JSON document: radosgw-admin reads the first document and silently ignores the rest$/);
  // A file cut short, or half-typed: the object is still open where the text ends.
  const cut = zone.slice(0, zone.indexOf('"user_keys_pool"'));
  assert.match(cut.trimEnd(), /,$/);
  assert.match((await message(cut)) ?? '', /^the file ends inside the JSON document \(a closing \} or \] is missing\): radosgw-admin rejects the file$/);
  assert.match((await message(zone.replace(/\}\s*$/, ''))) ?? '', /^the file ends inside the JSON document/);
  assert.match((await message(zone.replace(/\}\s*$/, '').replace(/\]\s*$/, ''))) ?? '', /^the file ends inside the JSON document/);
});

test('related information points at the other file', async () => {
  const f = editJson(seed(), 'us-west.json', (z) => (z.user_uid_pool = '.us-east.users.uid'));
  const shared = (await check(f)).find((d) => d.code === 'pool-shared' && d.uri.endsWith('us-west.json'));
  assert.ok(shared?.related?.length);
  assert.ok(shared!.related![0].uri.endsWith('us-east.json'));
});

test('the README documents exactly the rules of the catalog', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const documented = [...readme.matchAll(/^\| `([a-z-]+)` \| (error|warning) \|/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
  assert.deepEqual(documented, allRules.map((r) => `${r.code} ${r.severity}`).sort());
});

test('passing: Ceph options outside the gateway table are known', async () => {
  const f = editText(seed(), 'us-cluster/ceph.conf', '[global]\n', '[global]\nosd journal size = 1024\nmon osd full ratio = .95\n');
  assert.deepEqual((await check(f)).map(brief), []);
});

test('passing: zone keys kept out of the infiles as ${env:..} / ${secret:..} references', async () => {
  let f = editJson(seed(), 'us-west.json', (z) => (z.system_key = { access_key: '${env:US_WEST_ACCESS_KEY}', secret_key: '${secret:us-west/secret_key}' }));
  assert.deepEqual((await check(f)).map(brief), [], 'a reference fills system_key; the agent key cannot be compared with it');
  f = editText(f, 'us-data-sync.conf', /dest_secret_key: .*/, 'dest_secret_key: ${secret:us-west/secret_key}');
  assert.deepEqual((await check(f)).map(brief), []);
  f = editText(f, 'us-data-sync.conf', /dest_secret_key: .*/, 'dest_secret_key: ${secret:us-east/secret_key}');
  assert.deepEqual((await check(f)).map(brief), [`us-data-sync.conf:${lineOf(f, 'us-data-sync.conf', 'dest_secret_key')} agent-key-mismatch`]);
});

test('passing: what a real radosgw 16.2 prints (zone, zonegroup, realm, period get) checks clean as a federation', async () => {
  const files = loadDir(path.join(ROOT, 'test', 'fixtures', 'radosgw-16.2'));
  assert.equal(Object.keys(files).length, 5);
  assert.deepEqual((await check(files)).map(brief), []);
});
