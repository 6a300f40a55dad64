// The federation as a picture: regions, zones, gateway instances and sync pairs, each with the place that defines it
// and its problem counts; a zone's pools are counted here and listed by zonePools. The tree view, the diagram and the
// CLI all draw from this one structure.
import { masterZoneName, regionOfZone, zoneAtEndpoint, type Federation, type RegionDef } from './model/federation';
import { namedSourceZone } from './rules/agent';
import type { Diagnostic, Range } from './types';

export interface Place {
  uri: string;
  range: Range;
}

export interface Problems {
  errors: number;
  warnings: number;
}

export interface TopologyInstance {
  /** `client.radosgw.us-east-1` */
  section: string;
  host?: string;
  dnsName?: string;
  /** `rgw frontends`, its own or inherited. */
  frontends?: string;
  place: Place;
  problems: Problems;
}

export interface TopologyPool {
  field: string;
  name: string;
  place: Place;
}

export interface TopologyZone {
  name: string;
  id?: string;
  master: boolean;
  endpoints: string[];
  /** The zone infile, or the region entry when there is none. */
  place: Place;
  infile?: string;
  instances: TopologyInstance[];
  /** How many pool fields its infile has; `zonePools` lists them, when a view shows them. */
  poolCount: number;
  problems: Problems;
}

export interface TopologyRegion {
  name: string;
  kind: 'region' | 'zonegroup';
  dialect: 'legacy' | 'modern';
  master: boolean;
  apiName?: string;
  endpoints: string[];
  place: Place;
  zones: TopologyZone[];
  problems: Problems;
}

export interface SyncPair {
  source: string;
  destination: string;
  kind: 'data' | 'metadata';
  /** An agent config defines it; otherwise it is implied by a modern zonegroup (sync from the master zone). */
  place?: Place;
  problems: Problems;
}

export interface Topology {
  regions: TopologyRegion[];
  /** Zones with an infile that no region lists. */
  unlistedZones: TopologyZone[];
  /** Gateway instances whose zone is unknown to the federation. */
  orphanInstances: TopologyInstance[];
  syncPairs: SyncPair[];
}

function problemsIn(diagnostics: Diagnostic[], uri: string, range?: Range): Problems {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.uri !== uri) continue;
    if (range && (d.range.start.line < range.start.line || d.range.start.line > range.end.line)) continue;
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}

function add(a: Problems, b: Problems): Problems {
  return { errors: a.errors + b.errors, warnings: a.warnings + b.warnings };
}

export function buildTopology(fed: Federation, diagnostics: Diagnostic[] = []): Topology {
  const byUri = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byUri.get(d.uri);
    if (list) list.push(d);
    else byUri.set(d.uri, [d]);
  }
  const diagsOf = (uri: string) => byUri.get(uri) ?? [];

  // Grouped once: a zone's instances are looked up per zone, which over every instance would grow with zones x instances.
  const confs = new Map(fed.confs.map((c) => [c.uri, c]));
  const byZone = new Map<string | undefined, TopologyInstance[]>();
  for (const i of fed.instances) {
    const zone = i.zone && (fed.zonesByName.has(i.zone.value.value) || fed.membership.has(i.zone.value.value)) ? i.zone.value.value : undefined;
    const conf = confs.get(i.uri);
    const section = conf?.conf.sections.find((s) => s.name === i.section.value);
    const last = section?.entries[section.entries.length - 1];
    const range = conf && section ? conf.lines.range(section.headerStart, last ? last.lineEnd : section.headerEnd) : i.section.range;
    const node: TopologyInstance = {
      section: i.section.value,
      host: i.host?.value.value,
      dnsName: i.dnsName?.value.value,
      frontends: i.frontends?.value.value,
      place: { uri: i.uri, range: i.section.range },
      problems: problemsIn(diagsOf(i.uri), i.uri, range),
    };
    const list = byZone.get(zone);
    if (list) list.push(node);
    else byZone.set(zone, [node]);
  }
  /** A known zone's gateway instances; for undefined, those whose zone is unknown to the federation. */
  const instancesOf = (zone: string | undefined): TopologyInstance[] => byZone.get(zone) ?? [];

  const zoneNode = (name: string, region?: RegionDef): TopologyZone => {
    const def = fed.zonesByName.get(name)?.[0];
    const entry = region?.zones.find((z) => z.name?.value === name);
    const instances = instancesOf(name);
    const own = def ? problemsIn(diagsOf(def.uri), def.uri) : { errors: 0, warnings: 0 };
    return {
      name,
      id: def?.id?.value ?? entry?.id?.value,
      master: !!region && masterZoneName(fed, region) === name,
      endpoints: entry?.endpoints.map((e) => e.value) ?? [],
      place: def ? { uri: def.uri, range: def.nameLoc?.range ?? def.anchor } : { uri: region!.uri, range: entry?.name?.range ?? region!.range },
      infile: def?.uri,
      instances,
      poolCount: def?.pools.length ?? 0,
      problems: instances.reduce((acc, i) => add(acc, i.problems), own),
    };
  };

  const regions: TopologyRegion[] = [];
  for (const [name, defs] of fed.regionsByName) {
    const r = defs[0];
    const zones = r.zones.flatMap((z) => (z.name ? [zoneNode(z.name.value, r)] : []));
    regions.push({
      name,
      kind: r.kind,
      dialect: r.dialect,
      master: r.isMaster?.value === true,
      apiName: r.apiName?.value,
      endpoints: r.endpoints.map((e) => e.value),
      place: { uri: r.uri, range: r.name?.range ?? r.range },
      zones,
      problems: zones.reduce((acc, z) => add(acc, z.problems), r.embedded ? problemsIn(diagsOf(r.uri), r.uri, r.range) : problemsIn(diagsOf(r.uri), r.uri)),
    });
  }
  regions.sort((a, b) => Number(b.master) - Number(a.master) || a.name.localeCompare(b.name));

  const unlistedZones = fed.zones.filter((z) => !fed.membership.has(z.name)).map((z) => zoneNode(z.name));

  const masterRegion = regions.filter((r) => r.master).length === 1 ? regions.find((r) => r.master) : undefined;
  const masterOfMaster = masterRegion?.zones.find((z) => z.master)?.name;

  const syncPairs: SyncPair[] = [];
  for (const a of fed.agents) {
    const value = (k: string) => a.entries.get(k)?.entry.value;
    const url = value('destination');
    const destination = typeof url === 'string' ? zoneAtEndpoint(fed, url) : undefined;
    if (!destination) continue;
    const metadata = value('metadata_only') === true;
    const explicit = namedSourceZone(fed, a);
    const destRegion = regionOfZone(fed, destination);
    const source = explicit ?? (metadata ? masterOfMaster : destRegion ? masterZoneName(fed, destRegion) : undefined);
    if (!source) continue;
    const first = a.file.agent.entries[0];
    syncPairs.push({
      source,
      destination,
      kind: metadata ? 'metadata' : 'data',
      place: { uri: a.uri, range: first ? a.file.lines.range(first.keyStart, first.keyEnd) : a.file.lines.range(0, 0) },
      problems: problemsIn(diagsOf(a.uri), a.uri),
    });
  }
  // Modern zonegroups sync data from their master zone and metadata from the realm's master zone, with no agent; a
  // zone with `sync_from_all` false pulls data from its `sync_from` zones instead (none when the list is empty).
  for (const r of regions.filter((x) => x.dialect === 'modern')) {
    const master = r.zones.find((z) => z.master)?.name;
    if (!master) continue;
    const entries = fed.regionsByName.get(r.name)?.[0]?.zones ?? [];
    const nameOf = (ref: string) => entries.find((e) => e.name?.value === ref || e.id?.value === ref)?.name?.value;
    for (const z of r.zones) {
      const entry = entries.find((e) => e.name?.value === z.name);
      const sources = entry?.syncFromAll?.value === false ? entry.syncFrom.flatMap((f) => nameOf(f.value) ?? []) : z.name === master ? [] : [master];
      for (const source of new Set(sources)) {
        if (source !== z.name) syncPairs.push({ source, destination: z.name, kind: 'data', problems: { errors: 0, warnings: 0 } });
      }
    }
    if (masterOfMaster && r !== masterRegion && masterRegion?.dialect === 'modern') {
      syncPairs.push({ source: masterOfMaster, destination: master, kind: 'metadata', problems: { errors: 0, warnings: 0 } });
    }
  }

  return { regions, unlistedZones, orphanInstances: instancesOf(undefined), syncPairs };
}

/**
 * The pool fields of a zone's infile, each with its place. Apart from the topology, which a view re-reads after every
 * check: at 1,000 zones the pools are three quarters of it, and each place needs its file's line table.
 */
export function zonePools(fed: Federation, zone: string): TopologyPool[] {
  const def = fed.zonesByName.get(zone)?.[0];
  return def?.pools.map((p) => ({ field: p.field, name: p.value.value, place: { uri: p.value.uri, range: p.value.range } })) ?? [];
}
