// Synthetic legacy federations for the benchmarks and the tests that need a large one: regions of 10 zones, one zone
// infile per zone, one ceph.conf per region with a gateway section per zone, radosgw-agent configs per secondary zone
// (data sync) and per non-master region (metadata sync). Valid, apart from one seeded fault per region (rotating
// through rule families) unless asked for a clean one.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const ZONES_PER_REGION = 10;

export interface Generated {
  /** Relative path -> text. */
  files: Map<string, string>;
  regions: number;
  zones: number;
  /** Relative paths of the zone infiles, for edit benchmarks. */
  zoneFiles: string[];
}

const pad = (n: number, w = 3) => String(n).padStart(w, '0');
export const regionName = (r: number) => `r${pad(r)}`;
export const zoneName = (r: number, z: number) => `r${pad(r)}-z${pad(z, 2)}`;
const endpoint = (zone: string) => `http://rgw-${zone}.example.com:80/`;

/** A deterministic pseudo-random key of the shape radosgw generates. */
function key(seed: string, length: number, alphabet: string): string {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  let out = '';
  for (let i = 0; i < length; i++) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) ^ i;
    out += alphabet[(h >>> 0) % alphabet.length];
  }
  return out;
}
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const accessKey = (zone: string) => key(`a:${zone}`, 20, UPPER);
export const secretKey = (zone: string) => key(`s:${zone}`, 40, MIXED);

export function zoneInfile(zone: string): Record<string, unknown> {
  return {
    domain_root: `.${zone}.domain.rgw`,
    control_pool: `.${zone}.rgw.control`,
    gc_pool: `.${zone}.rgw.gc`,
    log_pool: `.${zone}.log`,
    intent_log_pool: `.${zone}.intent-log`,
    usage_log_pool: `.${zone}.usage`,
    user_keys_pool: `.${zone}.users`,
    user_email_pool: `.${zone}.users.email`,
    user_swift_pool: `.${zone}.users.swift`,
    user_uid_pool: `.${zone}.users.uid`,
    system_key: { access_key: accessKey(zone), secret_key: secretKey(zone) },
    placement_pools: [{ key: 'default-placement', val: { index_pool: `.${zone}.rgw.buckets.index`, data_pool: `.${zone}.rgw.buckets` } }],
  };
}

function regionInfile(r: number): Record<string, unknown> {
  const name = regionName(r);
  const zones = Array.from({ length: ZONES_PER_REGION }, (_, z) => zoneName(r, z));
  return {
    name,
    api_name: name,
    is_master: r === 0 ? 'true' : 'false',
    endpoints: [endpoint(zones[0])],
    master_zone: zones[0],
    zones: zones.map((z) => ({ name: z, endpoints: [endpoint(z)], log_meta: 'true', log_data: 'true' })),
    placement_targets: [{ name: 'default-placement', tags: [] }],
    default_placement: 'default-placement',
  };
}

function cephConf(r: number): string {
  const region = regionName(r);
  const lines = [
    `; Ceph configuration of cluster ${region}: one gateway instance per zone`,
    '[global]',
    `fsid = ${key(`fsid:${r}`, 8, 'abcdef0123456789')}-a651-4445-b9f3-635cf88c422b`,
    `mon host = mon1-${region}.example.com, mon2-${region}.example.com, mon3-${region}.example.com`,
    `rgw region root pool = .${region}.rgw.root`,
    '',
  ];
  for (let z = 0; z < ZONES_PER_REGION; z++) {
    const zone = zoneName(r, z);
    lines.push(
      `[client.radosgw.${zone}-1]`,
      `rgw region = ${region}`,
      `rgw zone = ${zone}`,
      `rgw zone root pool = .${zone}.rgw.root`,
      'keyring = /etc/ceph/ceph.client.radosgw.keyring',
      `rgw dns name = rgw-${zone}.example.com`,
      'rgw frontends = civetweb port=80',
      `host = gw-${zone}-1`,
      '',
    );
  }
  return lines.join('\n');
}

function agentConf(src: string, dest: string, metadataOnly: boolean): string {
  return [
    `# radosgw-agent: ${metadataOnly ? 'metadata' : 'data'} sync from ${src} to ${dest}`,
    `src_access_key: ${accessKey(src)}`,
    `src_secret_key: ${secretKey(src)}`,
    `destination: ${endpoint(dest).replace(/\/$/, '')}`,
    `dest_access_key: ${accessKey(dest)}`,
    `dest_secret_key: ${secretKey(dest)}`,
    `log_file: /var/log/radosgw/radosgw-sync-${src}-${dest}.log`,
    ...(metadataOnly ? ['metadata_only: true'] : []),
    '',
  ].join('\n');
}

const json = (v: unknown) => JSON.stringify(v, null, 4) + '\n';

/** One fault per region, rotating through schema, zone, region, ceph.conf and agent rules. */
function seedFault(r: number, files: Map<string, string>): void {
  const region = regionName(r);
  const zone = zoneName(r, 1 + (r % (ZONES_PER_REGION - 1)));
  const zonePath = `${region}/${zone}.json`;
  switch (r % 6) {
    case 0: // schema: a typo'd pool key
      files.set(zonePath, files.get(zonePath)!.replace('"gc_pool"', '"gc_pol"'));
      break;
    case 1: // pool-prefix
      files.set(zonePath, files.get(zonePath)!.replace(`".${zone}.usage"`, `".${zone}x.usage"`));
      break;
    case 2: // conf-zone-unknown
      files.set(`${region}/ceph.conf`, files.get(`${region}/ceph.conf`)!.replace(`rgw zone = ${zone}\n`, `rgw zone = ${zone}-typo\n`));
      break;
    case 3: // agent-key-mismatch
      files.set(`${region}/sync/${zone}-data-sync.conf`, files.get(`${region}/sync/${zone}-data-sync.conf`)!.replace(`dest_secret_key: ${secretKey(zone)}`, `dest_secret_key: x${secretKey(zone).slice(1)}`));
      break;
    case 4: // system-key-empty
      files.set(zonePath, files.get(zonePath)!.replace(`"secret_key": "${secretKey(zone)}"`, '"secret_key": ""'));
      break;
    case 5: // zone-logging-off
      files.set(`${region}/${region}.json`, files.get(`${region}/${region}.json`)!.replace('"log_data": "true"', '"log_data": "false"'));
      break;
  }
}

/**
 * A generated zone infile given a problem of its own (a misspelled key: schema) and one only the federation shows (a
 * pool with another zone's prefix: pool-prefix), for what is published before and after the cross-file check.
 */
export function withOwnAndCrossProblems(zoneText: string): string {
  return zoneText.replace('"control_pool"', '"contol_pool"').replace(/("gc_pool": ")\.[^.]+\./, '$1.elsewhere.');
}

export function generate(zones: number, { faults = true }: { faults?: boolean } = {}): Generated {
  const regions = Math.max(1, Math.ceil(zones / ZONES_PER_REGION));
  const files = new Map<string, string>();
  const zoneFiles: string[] = [];
  for (let r = 0; r < regions; r++) {
    const region = regionName(r);
    files.set(`${region}/${region}.json`, json(regionInfile(r)));
    files.set(`${region}/ceph.conf`, cephConf(r));
    for (let z = 0; z < ZONES_PER_REGION; z++) {
      const zone = zoneName(r, z);
      files.set(`${region}/${zone}.json`, json(zoneInfile(zone)));
      zoneFiles.push(`${region}/${zone}.json`);
      if (z > 0) files.set(`${region}/sync/${zone}-data-sync.conf`, agentConf(zoneName(r, 0), zone, false));
    }
    if (r > 0) files.set(`${region}/sync/${region}-metadata-sync.conf`, agentConf(zoneName(0, 0), zoneName(r, 0), true));
    if (faults) seedFault(r, files);
  }
  return { files, regions, zones: regions * ZONES_PER_REGION, zoneFiles };
}

export function writeFederation(dir: string, gen: Generated): void {
  for (const [rel, text] of gen.files) {
    const full = path.join(dir, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

/** A deterministic generator (mulberry32), so every benchmark run and every test makes the same edits. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
