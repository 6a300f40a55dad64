// The JSON Schemas in schemas/ as the editor applies them: through
// vscode-json-languageservice. Real radosgw output must validate clean; typos,
// wrong types and out-of-range values must be reported at the offending key.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getLanguageService, type JSONSchema } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLocation } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';

const root = join(__dirname, '..', '..');
const schemaDir = join(root, 'schemas');
const fixtures = join(root, 'test', 'fixtures');

type SchemaName = 'region' | 'regionmap' | 'zonegroup' | 'zone' | 'realm' | 'period' | 'radosgw-agent';
const schemaNames: SchemaName[] = ['region', 'regionmap', 'zonegroup', 'zone', 'realm', 'period', 'radosgw-agent'];

// Each test gets a fresh parse, since the language service resolves $refs in place.
function loadSchema(name: SchemaName): JSONSchema {
  return JSON.parse(readFileSync(join(schemaDir, `${name}.schema.json`), 'utf8')) as JSONSchema;
}

interface Finding { path: string; message: string }

async function validate(name: SchemaName, text: string): Promise<Finding[]> {
  const ls = getLanguageService({});
  const doc = TextDocument.create(`file:///${name}-input.json`, 'json', 1, text);
  const diags = await ls.doValidation(doc, ls.parseJSONDocument(doc), { schemaValidation: 'error' }, loadSchema(name));
  return diags.map((d) => {
    // The language service's own messages ("Incorrect type", "Value is below the
    // minimum") do not name the field: locate it the way the editor does, by the
    // diagnostic's position, and report it as a JSON path.
    const path = getLocation(text, doc.offsetAt(d.range.start)).path.join('.');
    return { path, message: d.message };
  });
}

const readFixture = (...parts: string[]) => readFileSync(join(fixtures, ...parts), 'utf8');
const yamlAsJson = (...parts: string[]) => JSON.stringify(parseYaml(readFixture(...parts)), null, 2);

const mustPass: Array<[SchemaName, string, () => string]> = [
  // the seed: the federated-gateway guide's own infiles
  ['region', 'seed region infile us.json', () => readFixture('schemas', 'seed', 'region-us.json')],
  ['zone', 'seed zone infile, empty system key', () => readFixture('schemas', 'seed', 'zone-us-east.json')],
  ['zone', 'seed zone infile, system key filled in', () => readFixture('schemas', 'seed', 'zone-us-east-with-keys.json')],
  // radosgw-admin 16.2.15, unmodified except for the system key values
  ['zone', '16.2.15 zone get us-east', () => readFixture('radosgw-16.2', 'zone-get-us-east.json')],
  ['zone', '16.2.15 zone get us-west', () => readFixture('radosgw-16.2', 'zone-get-us-west.json')],
  ['zonegroup', '16.2.15 zonegroup get', () => readFixture('radosgw-16.2', 'zonegroup-get.json')],
  ['realm', '16.2.15 realm get', () => readFixture('radosgw-16.2', 'realm-get.json')],
  ['period', '16.2.15 period get', () => readFixture('radosgw-16.2', 'period-get.json')],
  // later releases
  ['zonegroup', 'Reef zonegroup create', () => readFixture('schemas', 'newer', 'zonegroup-create-reef.json')],
  ['zone', 'Reef zone create', () => readFixture('schemas', 'newer', 'zone-create-reef.json')],
  ['realm', 'Reef realm create', () => readFixture('schemas', 'newer', 'realm-create-reef.json')],
  ['period', 'Reef period update --commit', () => readFixture('schemas', 'newer', 'period-commit-reef.json')],
  ['period', 'Squid period from a QA run', () => readFixture('schemas', 'newer', 'period-squid-teuthology.json')],
  // radosgw-agent: the guide's example, and every option at once
  ['radosgw-agent', 'guide example agent config', () => yamlAsJson('schemas', 'radosgw-agent', 'region-data-sync.yaml')],
  ['radosgw-agent', 'agent config with every option', () => yamlAsJson('schemas', 'radosgw-agent', 'full-options.yaml')],
];

describe('schemas accept real files', () => {
  for (const [schema, label, load] of mustPass) {
    test(`${schema}: ${label}`, async () => {
      assert.deepEqual(await validate(schema, load()), []);
    });
  }

  test('every 16.2 fixture is covered above', () => {
    const covered = new Set(['zone-get-us-east.json', 'zone-get-us-west.json', 'zonegroup-get.json', 'realm-get.json', 'period-get.json']);
    assert.deepEqual(readdirSync(join(fixtures, 'radosgw-16.2')).filter((f) => f.endsWith('.json')).sort(), [...covered].sort());
  });

  test('the 16.2 fixtures carry no lab keys: fake keys of the real shape', () => {
    for (const f of ['zone-get-us-east.json', 'zone-get-us-west.json']) {
      const key = JSON.parse(readFixture('radosgw-16.2', f)).system_key;
      assert.match(key.access_key, /^[A-Z0-9]{20}$/);
      assert.match(key.secret_key, /^[A-Za-z0-9]{40}$/);
    }
  });
});

// A legacy region/zone and modern documents built from the fixtures, then broken.
const seedZone = () => JSON.parse(readFixture('schemas', 'seed', 'zone-us-east.json'));
const seedRegion = () => JSON.parse(readFixture('schemas', 'seed', 'region-us.json'));
const zone162 = () => JSON.parse(readFixture('radosgw-16.2', 'zone-get-us-east.json'));
const zonegroup162 = () => JSON.parse(readFixture('radosgw-16.2', 'zonegroup-get.json'));
const realm162 = () => JSON.parse(readFixture('radosgw-16.2', 'realm-get.json'));
const period162 = () => JSON.parse(readFixture('radosgw-16.2', 'period-get.json'));
const agentConf = () => parseYaml(readFixture('schemas', 'radosgw-agent', 'region-data-sync.yaml'));
const regionmap = () => ({ regions: [{ key: 'us', val: seedRegion() }], master_region: 'us' });

function rename(obj: Record<string, unknown>, from: string, to: string) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k === from ? to : k] = v;
  return out;
}

interface BadCase { schema: SchemaName; label: string; doc: () => unknown; mentions: string }
const mustFail: BadCase[] = [
  // typo'd keys: radosgw ignores them and falls back to a default
  { schema: 'zone', label: 'typo contol_pool in a legacy zone', doc: () => rename(seedZone(), 'control_pool', 'contol_pool'), mentions: 'contol_pool' },
  { schema: 'zone', label: 'typo in a placement entry', doc: () => { const z = zone162(); z.placement_pools[0].val.index_pol = z.placement_pools[0].val.index_pool; delete z.placement_pools[0].val.index_pool; return z; }, mentions: 'index_pol' },
  { schema: 'zone', label: 'oidc_pool, which the JSON decoder never reads', doc: () => ({ ...zone162(), oidc_pool: 'us-east.rgw.meta:oidc' }), mentions: 'oidc_pool' },
  { schema: 'region', label: 'typo mater_zone', doc: () => rename(seedRegion(), 'master_zone', 'mater_zone'), mentions: 'mater_zone' },
  { schema: 'regionmap', label: 'typo in a region of the map', doc: () => { const m = regionmap(); (m.regions[0].val as Record<string, unknown>).api_nmae = 'us'; return m; }, mentions: 'api_nmae' },
  { schema: 'zonegroup', label: 'typo hostnames_s3webzone (as once printed in the docs)', doc: () => rename(zonegroup162(), 'hostnames_s3website', 'hostnames_s3webzone'), mentions: 'hostnames_s3webzone' },
  { schema: 'period', label: 'typo inside a zone of the period map', doc: () => { const p = period162(); p.period_map.zonegroups[0].zones[0].log_dta = 'true'; return p; }, mentions: 'log_dta' },
  { schema: 'realm', label: 'typo current_perod', doc: () => rename(realm162(), 'current_period', 'current_perod'), mentions: 'current_perod' },
  { schema: 'radosgw-agent', label: 'typo num_worker', doc: () => ({ ...agentConf(), num_worker: 4 }), mentions: 'num_worker' },
  { schema: 'radosgw-agent', label: 'dest_zone, dropped before agent 1.1', doc: () => ({ ...agentConf(), dest_zone: 'us-west' }), mentions: 'dest_zone' },
  // wrong types and values
  { schema: 'region', label: 'is_master "yes"', doc: () => ({ ...seedRegion(), is_master: 'yes' }), mentions: 'is_master' },
  { schema: 'zonegroup', label: 'log_data "True " in a zone', doc: () => { const g = zonegroup162(); g.zones[1].log_data = 'True '; return g; }, mentions: 'zones.1.log_data' },
  { schema: 'zone', label: 'a pool given as a number', doc: () => ({ ...seedZone(), gc_pool: 7 }), mentions: 'gc_pool' },
  { schema: 'zone', label: 'an empty pool name', doc: () => ({ ...seedZone(), log_pool: '' }), mentions: 'log_pool' },
  { schema: 'zone', label: 'a pool name with a trailing blank', doc: () => ({ ...seedZone(), usage_log_pool: '.us-east.usage ' }), mentions: 'usage_log_pool' },
  { schema: 'zone', label: 'index_type 2', doc: () => { const z = zone162(); z.placement_pools[0].val.index_type = 2; return z; }, mentions: 'placement_pools.0.val.index_type' },
  { schema: 'zonegroup', label: 'bucket_index_max_shards as a string', doc: () => { const g = zonegroup162(); g.zones[0].bucket_index_max_shards = 'eleven'; return g; }, mentions: 'bucket_index_max_shards' },
  { schema: 'realm', label: 'epoch as a string', doc: () => ({ ...realm162(), epoch: 'two' }), mentions: 'epoch' },
  { schema: 'period', label: 'negative realm_epoch', doc: () => ({ ...period162(), realm_epoch: -1 }), mentions: 'realm_epoch' },
  { schema: 'radosgw-agent', label: 'bad sync_scope', doc: () => ({ ...agentConf(), sync_scope: 'partial' }), mentions: 'sync_scope' },
  { schema: 'radosgw-agent', label: 'num_workers 0', doc: () => ({ ...agentConf(), num_workers: 0 }), mentions: 'num_workers' },
  { schema: 'radosgw-agent', label: 'destination without a scheme', doc: () => ({ ...agentConf(), destination: 'us-west.storage.net:80' }), mentions: 'destination' },
  { schema: 'radosgw-agent', label: 'metadata_only as a string', doc: () => ({ ...agentConf(), metadata_only: 'yes' }), mentions: 'metadata_only' },
  // arrays where objects are expected, and the reverse
  { schema: 'zone', label: 'system_key as an array', doc: () => ({ ...seedZone(), system_key: ['', ''] }), mentions: 'system_key' },
  { schema: 'zone', label: 'placement_pools as an object', doc: () => ({ ...seedZone(), placement_pools: { 'default-placement': { index_pool: '.us-east.rgw.buckets.index' } } }), mentions: 'placement_pools' },
  { schema: 'region', label: 'zones as an object', doc: () => ({ ...seedRegion(), zones: { 'us-east': {} } }), mentions: 'zones' },
  { schema: 'regionmap', label: 'regions as an object keyed by name', doc: () => ({ regions: { us: seedRegion() } }), mentions: 'regions' },
  { schema: 'period', label: 'period_config as an array', doc: () => ({ ...period162(), period_config: [] }), mentions: 'period_config' },
  { schema: 'zonegroup', label: 'endpoints as one string', doc: () => ({ ...zonegroup162(), endpoints: 'http://127.0.0.1:8001' }), mentions: 'endpoints' },
  // what must be there
  { schema: 'zone', label: 'a legacy zone without its log pool', doc: () => { const z = seedZone(); delete z.log_pool; return z; }, mentions: 'log_pool' },
  { schema: 'radosgw-agent', label: 'an agent config without dest_secret_key', doc: () => { const c = agentConf(); delete c.dest_secret_key; return c; }, mentions: 'dest_secret_key' },
  { schema: 'region', label: 'a zone entry without a name', doc: () => { const r = seedRegion(); delete r.zones[1].name; return r; }, mentions: 'name' },
];

describe('schemas reject broken files at the offending key', () => {
  for (const c of mustFail) {
    test(`${c.schema}: ${c.label}`, async () => {
      const findings = await validate(c.schema, JSON.stringify(c.doc(), null, 2));
      assert.ok(findings.length > 0, 'expected at least one problem');
      const shown = findings.map((f) => `${f.path}: ${f.message}`);
      assert.ok(shown.some((s) => s.includes(c.mentions)), `no problem mentions ${c.mentions}:\n${shown.join('\n')}`);
    });
  }
});

// Hover and completion go through the schema service, which merges a $ref'd
// definition into the use site: the site's own description must survive that.
function configured(name: SchemaName, text: string) {
  const ls = getLanguageService({});
  ls.configure({ validate: true, schemas: [{ uri: `https://ceph-federation.dev/schemas/${name}.schema.json`, fileMatch: ['*.json'], schema: loadSchema(name) }] });
  const doc = TextDocument.create(`file:///work/${name}.json`, 'json', 1, text);
  return { ls, doc, json: ls.parseJSONDocument(doc) };
}

describe('editor help from the schemas', () => {
  test('hover on a cephBool shows the description of that field', async () => {
    const text = readFixture('radosgw-16.2', 'zonegroup-get.json');
    const { ls, doc, json } = configured('zonegroup', text);
    const hover = await ls.doHover(doc, doc.positionAt(text.indexOf('"log_data"') + 2), json);
    const shown = JSON.stringify(hover?.contents ?? '');
    assert.match(shown, /data changes log/);
  });

  test('hover on a pool shows what the pool is for', async () => {
    const text = readFixture('schemas', 'seed', 'zone-us-east.json');
    const { ls, doc, json } = configured('zone', text);
    const hover = await ls.doHover(doc, doc.positionAt(text.indexOf('"gc_pool"') + 2), json);
    assert.match(JSON.stringify(hover?.contents ?? ''), /garbage collector/);
  });

  test('completion in a region\'s zones array offers a zone entry', async () => {
    const text = '{ "name": "us", "zones": [  ] }';
    const { ls, doc, json } = configured('region', text);
    const list = await ls.doComplete(doc, doc.positionAt(text.indexOf('[') + 2), json);
    const zone = list?.items.find((i) => i.label === 'zone');
    assert.ok(zone, `labels: ${list?.items.map((i) => i.label).join(', ')}`);
    assert.match(String(zone.insertText), /log_data/);
  });

  test('completion in a zone infile offers the legacy pool keys', async () => {
    const text = '{ "domain_root": ".us-east.domain.rgw",  }';
    const { ls, doc, json } = configured('zone', text);
    const list = await ls.doComplete(doc, doc.positionAt(text.indexOf(',') + 2), json);
    const labels = list?.items.map((i) => i.label) ?? [];
    for (const k of ['control_pool', 'user_uid_pool', 'system_key', 'placement_pools']) assert.ok(labels.includes(k), k);
  });
});

describe('schema hygiene', () => {
  const schemas = Object.fromEntries(schemaNames.map((n) => [n, loadSchema(n)])) as Record<SchemaName, JSONSchema>;

  test('each schema is draft-07 with an $id naming its file and a title', () => {
    for (const n of schemaNames) {
      assert.equal(schemas[n].$schema, 'http://json-schema.org/draft-07/schema#', n);
      assert.equal(schemas[n].$id, `https://ceph-federation.dev/schemas/${n}.schema.json`, n);
      assert.ok(schemas[n].title, n);
      assert.ok(schemas[n].description, n);
    }
  });

  // Every property is hover text in the editor. A $ref'd definition that
  // carries its own description would overwrite the one at the use site, so
  // leaf definitions must not have one.
  test('every property has a description', () => {
    const missing: string[] = [];
    const defs = (s: JSONSchema) => (s.definitions ?? {}) as Record<string, JSONSchema>;
    const describes = (s: JSONSchema, rootSchema: JSONSchema): boolean => {
      if (s.description) return true;
      if (s.$ref) return Boolean(defs(rootSchema)[s.$ref.replace('#/definitions/', '')]?.description);
      return false;
    };
    const walk = (s: JSONSchema, at: string, rootSchema: JSONSchema) => {
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        const p = v as JSONSchema;
        if (!describes(p, rootSchema)) missing.push(`${at}.${k}`);
        walk(p, `${at}.${k}`, rootSchema);
      }
      for (const key of ['items', 'additionalProperties'] as const) {
        const sub = s[key];
        if (sub && typeof sub === 'object' && !Array.isArray(sub)) walk(sub as JSONSchema, `${at}[]`, rootSchema);
      }
      for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) walk(alt as JSONSchema, at, rootSchema);
      for (const [k, v] of Object.entries(s.definitions ?? {})) walk(v as JSONSchema, `${at}#${k}`, rootSchema);
    };
    for (const n of schemaNames) walk(schemas[n], n, schemas[n]);
    assert.deepEqual(missing, []);
  });

  test('definitions that are repeated across schemas are identical copies', () => {
    const zg = schemas.zonegroup;
    const { $schema: _s, $id: _i, title: _t, definitions: zgDefs, ...zgBody } = zg;
    const period = schemas.period.definitions as Record<string, JSONSchema>;
    assert.deepEqual(period.zonegroup, zgBody, 'period.definitions.zonegroup = zonegroup.schema.json');
    for (const [k, v] of Object.entries(zgDefs ?? {})) assert.deepEqual(period[k], v, `period.definitions.${k}`);

    const { $schema: _s2, $id: _i2, title: _t2, definitions: regionDefs, ...regionBody } = schemas.region;
    const rmap = schemas.regionmap.definitions as Record<string, JSONSchema>;
    assert.deepEqual(rmap.region, regionBody, 'regionmap.definitions.region = region.schema.json');
    for (const [k, v] of Object.entries(regionDefs ?? {})) assert.deepEqual(rmap[k], v, `regionmap.definitions.${k}`);

    assert.deepEqual(rmap.quota, period.quota, 'quota');
    const cephBool = (schemas.zone.definitions as Record<string, JSONSchema>).cephBool;
    for (const n of ['region', 'regionmap', 'zonegroup', 'period'] as const) {
      assert.deepEqual((schemas[n].definitions as Record<string, JSONSchema>).cephBool, cephBool, `${n} cephBool`);
    }
  });

  test('every $ref points at a local definition', () => {
    for (const n of schemaNames) {
      const text = readFileSync(join(schemaDir, `${n}.schema.json`), 'utf8');
      const defs = Object.keys(schemas[n].definitions ?? {});
      for (const m of text.matchAll(/"\$ref":\s*"([^"]*)"/g)) {
        assert.ok(m[1].startsWith('#/definitions/') && defs.includes(m[1].slice('#/definitions/'.length)), `${n}: ${m[1]}`);
      }
    }
  });

  // radosgw-agent configs are YAML, checked by a small in-house checker that
  // understands only these keywords.
  test('the radosgw-agent schema uses only the keywords the YAML checker knows', () => {
    const agent = schemas['radosgw-agent'];
    const top = new Set(['$schema', '$id', 'title', 'description', 'type', 'additionalProperties', 'required', 'properties']);
    assert.deepEqual(Object.keys(agent).filter((k) => !top.has(k)), []);
    assert.equal(agent.additionalProperties, false);
    const leaf = new Set(['type', 'enum', 'minimum', 'pattern', 'description']);
    for (const [k, v] of Object.entries(agent.properties ?? {})) {
      const p = v as JSONSchema;
      assert.deepEqual(Object.keys(p).filter((x) => !leaf.has(x)), [], k);
      assert.ok(['string', 'integer', 'boolean', 'number'].includes(p.type as string), `${k}: ${String(p.type)}`);
      if (p.type === 'integer') assert.equal(p.minimum, 1, `${k} must be >= 1`);
    }
  });

  test('no schema accepts just anything at the top level', () => {
    for (const n of schemaNames) {
      assert.equal(schemas[n].type, 'object', n);
      assert.equal(schemas[n].additionalProperties, false, n);
    }
  });
});
