// Which gateway instances a change runs on, from the federation's ceph.conf files: one ceph.conf is one cluster,
// and an instance's `host` (else `rgw dns name`) is the ssh destination that runs its radosgw-admin.
import { validateName } from '../../../server/src/core/ceph/names';
import { masterZoneName, type Federation, type GatewayInstance, type RegionDef } from '../../../server/src/core/model/federation';

export interface Gateway {
  /** The ceph.conf section, `client.radosgw.us-east-1`: radosgw-admin's --name. */
  instance: string;
  zone?: string;
  region?: string;
  /** The ssh destination as ceph.conf writes it. */
  host: string;
  /** The ceph.conf file that defines the instance: the cluster. */
  cluster: string;
  /** Legacy gateways may keep zone info in their own root pool, so each such instance is a place to write. */
  zoneRootPool?: string;
}

export class ValidationError extends Error {}

// Host names: DNS labels (and IPv4 literals); ssh aliases with '_' too. Never anything a shell or ssh would parse.
const HOST = /^[A-Za-z0-9_]([A-Za-z0-9_.-]{0,251}[A-Za-z0-9_])?$/;

export function validateHost(host: string): string | undefined {
  return HOST.test(host) && !host.includes('..') ? undefined : `"${host}" is not a usable host name (letters, digits, '.', '-', '_')`;
}

/** Throws ValidationError naming every unusable name, before anything connects or runs. */
export function assertNames(names: { kind: 'zone' | 'region' | 'instance' | 'host'; name: string; where?: string }[]): void {
  const problems: string[] = [];
  for (const n of names) {
    const why = n.kind === 'host' ? validateHost(n.name) : validateName(n.kind, n.name);
    if (why) problems.push(n.where ? `${why} (${n.where})` : why);
  }
  if (problems.length) throw new ValidationError(problems.join('\n'));
}

function gatewayOf(i: GatewayInstance): Gateway | { error: string } {
  const host = i.host?.value.value ?? i.dnsName?.value.value;
  if (!host) return { error: `[${i.section.value}] has neither "host" nor "rgw dns name": no ssh destination for it` };
  return {
    instance: i.section.value,
    zone: i.zone?.value.value,
    region: i.region?.value.value,
    host,
    cluster: i.uri,
    zoneRootPool: i.zoneRootPool?.value.value,
  };
}

/** Every gateway instance of the federation, validated. */
export function gateways(fed: Federation): Gateway[] {
  const out: Gateway[] = [];
  const errors: string[] = [];
  for (const i of fed.instances) {
    const g = gatewayOf(i);
    if ('error' in g) {
      errors.push(g.error);
      continue;
    }
    const idWhy = validateName('instance', i.id);
    if (idWhy) errors.push(`${idWhy} ([${i.section.value}])`);
    const hostWhy = validateHost(g.host);
    if (hostWhy) errors.push(`${hostWhy} ([${i.section.value}])`);
    if (g.zone && validateName('zone', g.zone)) errors.push(`${validateName('zone', g.zone)} ([${i.section.value}] rgw zone)`);
    out.push(g);
  }
  if (errors.length) throw new ValidationError(errors.join('\n'));
  return out;
}

/** One gateway per cluster among those given (the first of each), keeping order. */
export function onePerCluster(list: Gateway[]): Gateway[] {
  const seen = new Set<string>();
  return list.filter((g) => !seen.has(g.cluster) && seen.add(g.cluster));
}

/** The gateways of a zone. */
export function gatewaysOfZone(all: Gateway[], zone: string): Gateway[] {
  return all.filter((g) => g.zone === zone);
}

/** The region that is master of the federation (legacy) or of the realm (modern). */
export function masterRegion(fed: Federation): RegionDef | undefined {
  const masters = [...fed.regionsByName.values()].map((l) => l[0]).filter((r) => r.isMaster?.value === true);
  return masters.length === 1 ? masters[0] : undefined;
}

/** The metadata master: the master zone of the master region, where modern commits run. */
export function metadataMasterZone(fed: Federation): string | undefined {
  const r = masterRegion(fed);
  return r ? masterZoneName(fed, r) : undefined;
}
