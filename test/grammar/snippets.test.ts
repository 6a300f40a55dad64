// The snippets, expanded as VS Code inserts them and run through the project's own checker: with their defaults they
// are the right kind of file with nothing wrong but the blanks the seed leaves to fill in; filled in with the values
// of the example federations they rebuild those federations, which then check clean.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { checkFiles } from '../../server/src/core/check';
import { parseFile } from '../../server/src/core/parse/parseFile';
import { parseCephConf, type ConfSection } from '../../server/src/core/parse/cephConf';
import { parseAgentConf } from '../../server/src/core/parse/agentConf';
import { findPlaceholders } from '../../server/src/core/rules/placeholder';
import { expand, loadSnippets, type Snippet } from './snippet';
import { ROOT, manifest } from './tokenize';

const json = loadSnippets('snippets/json.json');
const conf = loadSnippets('snippets/ceph-conf.json');
const agent = loadSnippets('snippets/radosgw-agent-conf.json');

const REGION = json['Ceph region infile (legacy)'];
const ZONE = json['Ceph zone infile (legacy)'];
const ZONE_MODERN = json['Ceph zone (modern)'];
const GATEWAY = conf['Gateway instance (legacy region/zone)'];
const GATEWAY_MODERN = conf['Gateway instance (realm/zonegroup/zone)'];
const DATA_SYNC = agent['radosgw-agent data sync'];
const METADATA_SYNC = agent['radosgw-agent metadata sync'];

type Files = Record<string, string>;

function loadDir(dir: string): Files {
  const files: Files = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(dir, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}
const seedExample = () => loadDir(path.join(ROOT, 'examples', 'seed'));
const modernExample = () => loadDir(path.join(ROOT, 'examples', 'modern'));

/** The whole federation through the checker, each diagnostic as `file:line code`. */
async function check(files: Files): Promise<string[]> {
  const result = await checkFiles(Object.entries(files).map(([name, text]) => ({ uri: `file:///fed/${name}`, text })));
  return [...result.diagnostics.values()].flat().map((d) => `${d.uri.replace('file:///fed/', '')}:${d.range.start.line + 1} ${d.code}`);
}

const text = (s: Snippet, values: Record<number, string> = {}) => expand(s.body, values).text;

test('every snippet file is contributed for its language and every snippet is well formed', () => {
  const contributed: { language: string; path: string }[] = manifest.contributes.snippets;
  assert.deepEqual(
    contributed.map((c) => `${c.language} ${c.path}`).sort(),
    ['ceph-conf ./snippets/ceph-conf.json', 'json ./snippets/json.json', 'radosgw-agent-conf ./snippets/radosgw-agent-conf.json'],
  );
  for (const c of contributed) {
    assert.ok(existsSync(path.join(ROOT, c.path)), c.path);
    for (const [name, s] of Object.entries(loadSnippets(c.path))) {
      const prefixes = Array.isArray(s.prefix) ? s.prefix : [s.prefix];
      assert.ok(prefixes.length > 0 && prefixes.every((p) => /^[a-z][a-z-]*$/.test(p)), `${name}: prefix`);
      assert.ok(s.description.length > 20, `${name}: description`);
      assert.ok(Array.isArray(s.body) && s.body.length > 1, `${name}: body`);
      // Tab order follows the numbers, so a gap would be a stop lost in editing.
      const stops = [...expand(s.body).tabStops].sort((a, b) => a - b);
      assert.deepEqual(stops, stops.map((_, i) => i + 1), `${name}: tab stops ${stops.join(',')}`);
    }
  }
});

test('each snippet, with its defaults, is the kind of file it is meant for', () => {
  const cases: [Snippet, string, string | undefined][] = [
    [REGION, 'region', 'legacy'],
    [ZONE, 'zone', 'legacy'],
    [ZONE_MODERN, 'zone', 'modern'],
    [GATEWAY, 'ceph-conf', undefined],
    [GATEWAY_MODERN, 'ceph-conf', undefined],
    [DATA_SYNC, 'agent-conf', undefined],
    [METADATA_SYNC, 'agent-conf', undefined],
  ];
  for (const [s, kind, dialect] of cases) {
    // A free name: the checker must recognise the content, not the file name.
    const file = parseFile({ uri: 'file:///fed/snippet.txt', text: text(s) });
    assert.equal(file.kind, kind, s.description);
    if (dialect) assert.equal('dialect' in file ? file.dialect : undefined, dialect, s.description);
    if (file.kind === 'ceph-conf') assert.deepEqual(file.conf.errors, []);
    if (file.kind === 'agent-conf') assert.deepEqual(file.agent.errors, []);
  }
});

/** `file:line placeholder` for every line of a file that still holds a {placeholder}. */
function placeholderLines(files: Files): string[] {
  const out: string[] = [];
  for (const [name, t] of Object.entries(files)) {
    t.split('\n').forEach((line, i) => {
      if (findPlaceholders(line).length) out.push(`${name}:${i + 1} placeholder`);
    });
  }
  return out;
}

const lineOfText = (t: string, needle: string) => t.slice(0, t.indexOf(needle)).split('\n').length;

test('legacy snippets with their defaults: only the blanks the seed leaves to fill in are reported', async () => {
  const files: Files = {
    'us.json': text(REGION),
    'us-east.json': text(ZONE),
    'us-west.json': text(ZONE, { 1: 'us-west' }),
    'ceph.conf': text(GATEWAY),
    'us-data-sync.conf': text(DATA_SYNC),
    'metadata-sync.conf': text(METADATA_SYNC),
  };
  const got = (await check(files)).sort();
  const expected = [
    ...placeholderLines(files),
    // The seed's zone infile leaves the system user's keys empty until the user exists.
    `us-east.json:${lineOfText(files['us-east.json'], '"access_key"')} system-key-empty`,
    `us-west.json:${lineOfText(files['us-west.json'], '"access_key"')} system-key-empty`,
  ].sort();
  assert.deepEqual(got, expected);
  // {fqdn} in all three endpoints, {hostname} and {host-name} in ceph.conf, and every key of both agent configs.
  assert.equal(placeholderLines(files).length, 3 + 2 + 5 + 5);
});

test('modern snippets with their defaults: only the blanks to fill in are reported', async () => {
  const files: Files = { 'us-east.json': text(ZONE_MODERN), 'ceph.conf': text(GATEWAY_MODERN) };
  assert.deepEqual((await check(files)).sort(), placeholderLines(files).sort());
  assert.deepEqual(placeholderLines(files), ['us-east.json:2 placeholder', 'us-east.json:37 placeholder', 'ceph.conf:2 placeholder', 'ceph.conf:8 placeholder']);
});

const hostPort = (url: string) => {
  const m = /^(https?):\/\/([^:/]+):(\d+)\/?$/.exec(url);
  if (!m) throw new Error(`unexpected endpoint ${url}`);
  return { scheme: m[1], host: m[2], port: m[3] };
};

const gatewaySections = (t: string, prefix: string) => parseCephConf(t).sections.filter((s) => s.name.startsWith(prefix));
const entriesOf = (s: ConfSection) => Object.fromEntries(s.entries.map((e) => [e.key, e.value]));

test('legacy snippets filled in with the seed values rebuild the seed federation, which checks clean', async () => {
  const seed = seedExample();
  const files: Files = { ...seed };
  for (const name of ['us.json', 'eu.json']) {
    const r = JSON.parse(seed[name]);
    const master = hostPort(r.endpoints[0]);
    const second = hostPort(r.zones[1].endpoints[0]);
    files[name] = text(REGION, {
      1: r.name, 2: r.is_master, 3: master.host, 4: master.port, 5: r.master_zone,
      6: r.zones[1].name, 7: second.host, 8: second.port, 9: r.default_placement,
    });
    assert.deepEqual(JSON.parse(files[name]), r, name);
  }
  for (const zone of ['us-east', 'us-west', 'eu-east', 'eu-west']) {
    const name = `${zone}.json`;
    const z = JSON.parse(seed[name]);
    files[name] = text(ZONE, { 1: zone, 2: z.system_key.access_key, 3: z.system_key.secret_key, 4: z.placement_pools[0].key });
    assert.deepEqual(JSON.parse(files[name]), z, name);
  }
  for (const name of ['us-cluster/ceph.conf', 'eu-cluster/ceph.conf']) {
    const sections = gatewaySections(seed[name], 'client.radosgw.');
    assert.equal(sections.length, 2);
    files[name] = sections
      .map((s) => {
        const e = entriesOf(s);
        const t = text(GATEWAY, { 1: s.name.slice('client.radosgw.'.length), 2: e.rgw_region, 3: e.rgw_zone, 4: e.rgw_dns_name, 5: e.host });
        // Every setting of the seed's section, and the region root pool the seed sets in [global].
        const [mine] = gatewaySections(t, 'client.radosgw.');
        assert.equal(mine.name, s.name);
        assert.deepEqual(entriesOf(mine), { ...e, rgw_region_root_pool: `.${e.rgw_region}.rgw.root` });
        return t;
      })
      .join('\n');
  }
  for (const [name, snippet] of [
    ['us-data-sync.conf', DATA_SYNC],
    ['eu-data-sync.conf', DATA_SYNC],
    ['inter-region-metadata-sync.conf', METADATA_SYNC],
  ] as const) {
    const [comment] = seed[name].split('\n');
    const zones = /^# radosgw-agent: (?:data|metadata) sync from (\S+) to (\S+)$/.exec(comment);
    assert.ok(zones, `${name}: ${comment}`);
    const e = Object.fromEntries(parseAgentConf(seed[name]).entries.map((x) => [x.key, x.value])) as Record<string, string>;
    const dest = hostPort(e.destination);
    files[name] = text(snippet, {
      1: zones[1], 2: zones[2], 3: e.src_access_key, 4: e.src_secret_key,
      5: dest.scheme, 6: dest.host, 7: dest.port, 8: e.dest_access_key, 9: e.dest_secret_key,
    });
    assert.equal(files[name].split('\n')[0], comment);
    const mine = Object.fromEntries(parseAgentConf(files[name]).entries.map((x) => [x.key, x.value]));
    // The seed's log file names abbreviate the zone pair; the snippet spells both zones out.
    assert.deepEqual({ ...mine, log_file: undefined }, { ...e, log_file: undefined }, name);
  }
  assert.deepEqual((await check(files)), []);
});

test('modern snippets filled in with the example values rebuild the modern federation, which checks clean', async () => {
  const modern = modernExample();
  const files: Files = { ...modern };
  for (const name of ['ap-north.json', 'ap-south.json']) {
    const z = JSON.parse(modern[name]);
    files[name] = text(ZONE_MODERN, {
      1: z.name, 2: z.id, 3: z.system_key.access_key, 4: z.system_key.secret_key, 5: z.placement_pools[0].key, 6: z.realm_id,
    });
    // Key for key what radosgw-admin zone get prints.
    assert.deepEqual(Object.keys(JSON.parse(files[name])), Object.keys(z), name);
    assert.deepEqual(JSON.parse(files[name]), z, name);
  }
  const sections = gatewaySections(modern['ceph.conf'], 'client.rgw.');
  assert.equal(sections.length, 2);
  files['ceph.conf'] = sections
    .map((s) => {
      const e = entriesOf(s);
      const port = /^beast port=(\d+)$/.exec(e.rgw_frontends)?.[1];
      assert.ok(port, e.rgw_frontends);
      const t = text(GATEWAY_MODERN, {
        1: s.name.slice('client.rgw.'.length), 2: e.host, 3: e.rgw_realm, 4: e.rgw_zonegroup, 5: e.rgw_zone, 6: port, 7: e.rgw_dns_name,
      });
      const [mine] = gatewaySections(t, 'client.rgw.');
      assert.equal(mine.name, s.name);
      assert.deepEqual(entriesOf(mine), e);
      return t;
    })
    .join('\n');
  assert.deepEqual((await check(files)), []);
});

test('the ceph.conf snippets keep $name a metavariable, not a snippet variable', () => {
  // expand() rejects a snippet variable, so reaching this line already says the body escapes it.
  assert.match(text(GATEWAY), /^rgw socket path = \/var\/run\/ceph\/\$name\.sock$/m);
  assert.throws(() => expand('socket = /var/run/ceph/$name.sock'), /snippet variable/);
});

test('the legacy zone snippet names every pool after the zone through one tab stop', () => {
  const t = text(ZONE, { 1: 'eu-west' });
  const pools = [...t.matchAll(/"(\.[^"]+)"/g)].map((m) => m[1]);
  assert.equal(pools.length, 12);
  assert.ok(pools.every((p) => p.startsWith('.eu-west.')), pools.join(' '));
  assert.equal(expand(ZONE.body).tabStops[0], 1);
});
