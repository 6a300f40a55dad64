// radosgw-agent configs from the federation, as the seed procedure writes them by hand: data sync inside each
// region from its master zone to every other zone, metadata sync from the master region's master zone to the
// master zone of every other region (--metadata-only).
import type { Federation } from '../../../server/src/core/model/federation';
import { buildTopology, type TopologyRegion, type TopologyZone } from '../../../server/src/core/topology';

export interface AgentConfig {
  /** A file name (no directory). */
  file: string;
  kind: 'data' | 'metadata';
  source: string;
  destination: string;
  /** The config text; it contains the zones' keys. */
  text: string;
  /** Why the config is incomplete (a missing key or endpoint), if it is. */
  problems: string[];
}

function keysOf(fed: Federation, zone: string): { access?: string; secret?: string } {
  const def = fed.zonesByName.get(zone)?.[0];
  return { access: def?.systemKey?.accessKey?.value || undefined, secret: def?.systemKey?.secretKey?.value || undefined };
}

function config(fed: Federation, kind: 'data' | 'metadata', file: string, src: TopologyZone, dest: TopologyZone, logName: string): AgentConfig {
  const problems: string[] = [];
  const s = keysOf(fed, src.name);
  const d = keysOf(fed, dest.name);
  // Placeholders the checker reports, rather than a config that looks complete and fails to authenticate.
  const need = (v: string | undefined, zone: string, what: string) => {
    if (v) return v;
    problems.push(`zone ${zone} has no ${what} in its infile's system_key`);
    return `{paste-${what}-here}`;
  };
  const endpoint = dest.endpoints[0];
  if (!endpoint) problems.push(`zone ${dest.name} lists no endpoint in its region`);
  const lines = [
    `# radosgw-agent: ${kind === 'data' ? 'data' : 'metadata'} sync from ${src.name} to ${dest.name}`,
    `src_access_key: ${need(s.access, src.name, 'access_key')}`,
    `src_secret_key: ${need(s.secret, src.name, 'secret_key')}`,
    `destination: ${endpoint ?? '{fqdn}'}`,
    `dest_access_key: ${need(d.access, dest.name, 'access_key')}`,
    `dest_secret_key: ${need(d.secret, dest.name, 'secret_key')}`,
    `log_file: /var/log/radosgw/radosgw-sync-${logName}.log`,
    ...(kind === 'metadata' ? ['metadata_only: true'] : []),
  ];
  return { file, kind, source: src.name, destination: dest.name, text: lines.join('\n') + '\n', problems };
}

export function generateAgentConfigs(fed: Federation): AgentConfig[] {
  const topo = buildTopology(fed);
  const out: AgentConfig[] = [];
  const masterOf = (r: TopologyRegion) => r.zones.find((z) => z.master);
  const masterRegion = topo.regions.filter((r) => r.master).length === 1 ? topo.regions.find((r) => r.master) : undefined;
  for (const r of topo.regions) {
    const master = masterOf(r);
    if (!master) continue;
    for (const z of r.zones) {
      if (z.name === master.name) continue;
      out.push(config(fed, 'data', `${r.name}-${z.name}-data-sync.conf`, master, z, `${master.name}-${z.name}`));
    }
  }
  const globalMaster = masterRegion && masterOf(masterRegion);
  if (globalMaster) {
    for (const r of topo.regions) {
      if (r === masterRegion) continue;
      const m = masterOf(r);
      if (m) out.push(config(fed, 'metadata', `${masterRegion!.name}-${r.name}-metadata-sync.conf`, globalMaster, m, `${masterRegion!.name}-${r.name}-metadata`));
    }
  }
  return out;
}
