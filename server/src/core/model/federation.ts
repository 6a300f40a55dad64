import type { Dialect } from '../ceph/pools';
import { ZONE_POOL_FIELDS, PLACEMENT_POOL_FIELDS } from '../ceph/pools';
import { child, elements, keyNode, stringValue, cephBool, type JsonNode } from '../parse/json';
import { uriBasename, type ParsedFile, type JsonFile, type ConfFile, type AgentFile } from '../parse/parseFile';
import type { ConfEntry } from '../parse/cephConf';
import type { AgentEntry } from '../parse/agentConf';
import { hasPlaceholder } from '../rules/placeholder';
import type { Located, Range } from '../types';
import { TrackedMap } from './tracked';
import { normalizeEndpoint } from '../rules/endpoints';

/** A zone as a region/zonegroup lists it. */
export interface ZoneEntry {
  name?: Located<string>;
  id?: Located<string>;
  endpoints: Located<string>[];
  logMeta?: Located<boolean | undefined>;
  logData?: Located<boolean | undefined>;
  /** Modern: `sync_from_all`; when false, the zone pulls data only from the zones in `sync_from`. */
  syncFromAll?: Located<boolean | undefined>;
  /** Modern: `sync_from`, zone names (Ceph matches names; an id is accepted too). */
  syncFrom: Located<string>[];
  range: Range;
}

export interface RegionDef {
  kind: 'region' | 'zonegroup';
  dialect: Dialect;
  uri: string;
  /** Defined by its own infile, or embedded in a region map / period. */
  embedded: boolean;
  /** Its file has JSON syntax errors: what was read may be partial, so rules that conclude from absence skip it. */
  broken: boolean;
  name?: Located<string>;
  id?: Located<string>;
  realmId?: Located<string>;
  apiName?: Located<string>;
  isMaster?: Located<boolean | undefined>;
  endpoints: Located<string>[];
  masterZone?: Located<string>;
  zones: ZoneEntry[];
  placementTargets: Located<string>[];
  defaultPlacement?: Located<string>;
  range: Range;
}

export interface PoolRef {
  /** The infile path of the field, e.g. `gc_pool` or `placement_pools[0].val.index_pool`. */
  field: string;
  /** The pool-field fact it instantiates (for conventions). */
  fieldName: string;
  placement: boolean;
  value: Located<string>;
}

export interface ZoneDef {
  uri: string;
  dialect: Dialect;
  broken: boolean;
  /** The zone's name: its `name` field, else the file name when a region lists it, else the pools' common prefix. */
  name: string;
  nameSource: 'field' | 'file' | 'pools';
  nameLoc?: Located<string>;
  id?: Located<string>;
  realmId?: Located<string>;
  pools: PoolRef[];
  systemKey?: { accessKey?: Located<string>; secretKey?: Located<string>; range: Range };
  placementKeys: Located<string>[];
  /** Where to point diagnostics about the zone as a whole. */
  anchor: Range;
}

export interface RealmDef {
  uri: string;
  id?: Located<string>;
  name?: Located<string>;
  currentPeriod?: Located<string>;
}

export interface PeriodDef {
  uri: string;
  id?: Located<string>;
  realmId?: Located<string>;
  masterZonegroup?: Located<string>;
  masterZone?: Located<string>;
}

export interface ConfValue {
  entry: ConfEntry;
  value: Located<string>;
  section: string;
}

/** A `[client.radosgw.<id>]` / `[client.rgw.<id>]` section: one gateway instance. */
export interface GatewayInstance {
  uri: string;
  section: Located<string>;
  /** The part after `client.radosgw.` / `client.rgw.`. */
  id: string;
  /** Effective values, the section's own first, then `[client]`, then `[global]`. */
  region?: ConfValue;
  zone?: ConfValue;
  zoneRootPool?: ConfValue;
  regionRootPool?: ConfValue;
  host?: ConfValue;
  dnsName?: ConfValue;
}

export interface AgentDef {
  uri: string;
  entries: Map<string, { entry: AgentEntry; keyRange: Range; valueRange: Range }>;
  file: AgentFile;
}

export interface Federation {
  files: ParsedFile[];
  regions: RegionDef[];
  zones: ZoneDef[];
  realms: RealmDef[];
  periods: PeriodDef[];
  confs: ConfFile[];
  instances: GatewayInstance[];
  agents: AgentDef[];
  /** Primary region definitions (own infile) by name; embedded ones only where no infile defines the name. */
  regionsByName: Map<string, RegionDef[]>;
  zonesByName: Map<string, ZoneDef[]>;
  /** Which regions list a zone (by name), with the listing entry. */
  membership: Map<string, { region: RegionDef; entry: ZoneEntry }[]>;
  /** Zone name by zone id, from every zonegroup that lists the zone. */
  zoneNameById: Map<string, string>;
  dialect: Dialect | 'mixed' | 'unknown';
  /** Lookups the cross-file rules need, so a rule for one file never walks the whole federation. */
  index: RuleIndex;
}

/** Keyed views of the federation for the per-file rules; every lookup through them is a recorded dependency. */
export interface RuleIndex {
  /** Non-embedded regions by master-count group: `legacy`, or `realm:<id>` for zonegroups. */
  masterGroups: TrackedMap<string, RegionDef[]>;
  /** Every zone's pools by effective name (legacy names get their implied leading dot). */
  poolUsers: TrackedMap<string, { zone: ZoneDef; pool: PoolRef }[]>;
  /** Normalized zone endpoint -> zone name, as agents resolve a URL (the last declaration wins). */
  endpoints: TrackedMap<string, string>;
  /** Scalars over the whole federation: `anyRegionBroken`, `masterRegion`, `dialect`. */
  globals: TrackedMap<string, unknown>;
}

const GATEWAY_SECTION = /^client\.(radosgw|rgw)\.(.+)$/;

function loc<T>(file: { uri: string; lines: { range(s: number, e: number): Range } }, node: JsonNode, value: T): Located<T> {
  return { value, uri: file.uri, range: file.lines.range(node.offset, node.offset + node.length) };
}

function locString(file: JsonFile, node: JsonNode | undefined): Located<string> | undefined {
  const v = stringValue(node);
  return v === undefined || !node ? undefined : loc(file, node, v);
}

function locBool(file: JsonFile, node: JsonNode | undefined): Located<boolean | undefined> | undefined {
  return node ? loc(file, node, cephBool(node)) : undefined;
}

function nodeRange(file: JsonFile, node: JsonNode): Range {
  return file.lines.range(node.offset, node.offset + node.length);
}

function endpointsOf(file: JsonFile, node: JsonNode | undefined): Located<string>[] {
  return elements(node).flatMap((e) => {
    const l = locString(file, e);
    return l ? [l] : [];
  });
}

function readRegion(file: JsonFile, node: JsonNode, kind: 'region' | 'zonegroup', embedded: boolean): RegionDef {
  const dialect: Dialect = kind === 'zonegroup' ? 'modern' : 'legacy';
  return {
    kind,
    dialect,
    uri: file.uri,
    embedded,
    broken: file.json.errors.length > 0,
    name: locString(file, child(node, 'name')),
    id: locString(file, child(node, 'id')),
    realmId: locString(file, child(node, 'realm_id')),
    apiName: locString(file, child(node, 'api_name')),
    isMaster: locBool(file, child(node, 'is_master')),
    endpoints: endpointsOf(file, child(node, 'endpoints')),
    masterZone: locString(file, child(node, 'master_zone')),
    zones: elements(child(node, 'zones')).map((z) => ({
      name: locString(file, child(z, 'name')),
      id: locString(file, child(z, 'id')),
      endpoints: endpointsOf(file, child(z, 'endpoints')),
      logMeta: locBool(file, child(z, 'log_meta')),
      logData: locBool(file, child(z, 'log_data')),
      syncFromAll: locBool(file, child(z, 'sync_from_all')),
      syncFrom: endpointsOf(file, child(z, 'sync_from')),
      range: nodeRange(file, z),
    })),
    placementTargets: elements(child(node, 'placement_targets')).flatMap((t) => {
      const l = locString(file, child(t, 'name'));
      return l ? [l] : [];
    }),
    defaultPlacement: locString(file, child(node, 'default_placement')),
    range: nodeRange(file, node),
  };
}

function readZonePools(file: JsonFile, root: JsonNode): { pools: PoolRef[]; placementKeys: Located<string>[] } {
  const pools: PoolRef[] = [];
  for (const f of ZONE_POOL_FIELDS) {
    const l = locString(file, child(root, f.field));
    if (l) pools.push({ field: f.field, fieldName: f.field, placement: false, value: l });
  }
  const placementKeys: Located<string>[] = [];
  elements(child(root, 'placement_pools')).forEach((p, i) => {
    const key = locString(file, child(p, 'key'));
    if (key) placementKeys.push(key);
    const val = child(p, 'val');
    for (const f of PLACEMENT_POOL_FIELDS) {
      const l = locString(file, child(val, f.field));
      if (l) pools.push({ field: `placement_pools[${i}].val.${f.field}`, fieldName: f.field, placement: true, value: l });
    }
    // Modern zones keep the data pool per storage class.
    const classes = child(val, 'storage_classes');
    for (const prop of classes?.type === 'object' ? classes.children ?? [] : []) {
      const cls = prop.children?.[0]?.value;
      const l = locString(file, child(prop.children?.[1], 'data_pool'));
      if (l) pools.push({ field: `placement_pools[${i}].val.storage_classes.${cls}.data_pool`, fieldName: 'data_pool', placement: true, value: l });
    }
  });
  return { pools, placementKeys };
}

/** The longest prefix most pools share (`.us-east.` -> `us-east`), for legacy infiles that carry no name. */
function nameFromPools(pools: PoolRef[], dialect: Dialect): string | undefined {
  const counts = new Map<string, number>();
  for (const p of pools) {
    const m = dialect === 'legacy' ? /^\.([^.]+)\./.exec(p.value.value) : /^([^.:]+)\./.exec(p.value.value);
    if (m) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
  let best: string | undefined;
  let n = 0;
  for (const [k, c] of counts) if (c > n) [best, n] = [k, c];
  return best;
}

function readZone(file: JsonFile, listed: Set<string>): ZoneDef | undefined {
  const root = file.json.root;
  if (!root || root.type !== 'object') return undefined;
  const { pools, placementKeys } = readZonePools(file, root);
  const nameLoc = locString(file, child(root, 'name'));
  const stem = uriBasename(file.uri).replace(/\.json$/i, '');
  let name: string;
  let nameSource: ZoneDef['nameSource'];
  if (nameLoc && nameLoc.value) [name, nameSource] = [nameLoc.value, 'field'];
  else if (listed.has(stem)) [name, nameSource] = [stem, 'file'];
  else {
    const fromPools = nameFromPools(pools, file.dialect);
    [name, nameSource] = fromPools ? [fromPools, 'pools'] : [stem, 'file'];
  }
  const sk = child(root, 'system_key');
  const anchorNode = keyNode(root, 'name') ?? root.children?.[0]?.children?.[0] ?? root;
  return {
    uri: file.uri,
    dialect: file.dialect,
    broken: file.json.errors.length > 0,
    name,
    nameSource,
    nameLoc,
    id: locString(file, child(root, 'id')),
    realmId: locString(file, child(root, 'realm_id')),
    pools,
    placementKeys,
    systemKey: sk
      ? { accessKey: locString(file, child(sk, 'access_key')), secretKey: locString(file, child(sk, 'secret_key')), range: nodeRange(file, sk) }
      : undefined,
    anchor: file.lines.range(anchorNode.offset, anchorNode.offset + anchorNode.length),
  };
}

function readInstances(file: ConfFile): GatewayInstance[] {
  const bySection = new Map<string, ConfEntry[]>();
  for (const s of file.conf.sections) {
    const list = bySection.get(s.name) ?? [];
    list.push(...s.entries);
    bySection.set(s.name, list);
  }
  // Last value wins in Ceph, and a daemon's own section beats [client], which beats [global].
  const lookup = (section: string, ...keys: string[]): ConfValue | undefined => {
    for (const s of [section, 'client', 'global']) {
      const entries = bySection.get(s) ?? [];
      for (let i = entries.length - 1; i >= 0; i--) {
        const e = entries[i];
        if (keys.includes(e.key)) {
          return { entry: e, section: s, value: { value: e.value, uri: file.uri, range: file.lines.range(e.valueStart, e.valueEnd) } };
        }
      }
    }
    return undefined;
  };
  const out: GatewayInstance[] = [];
  const seen = new Set<string>();
  for (const s of file.conf.sections) {
    const m = GATEWAY_SECTION.exec(s.name);
    if (!m || seen.has(s.name)) continue;
    seen.add(s.name);
    out.push({
      uri: file.uri,
      section: { value: s.name, uri: file.uri, range: file.lines.range(s.nameStart, s.nameEnd) },
      id: m[2],
      region: lookup(s.name, 'rgw_zonegroup', 'rgw_region'),
      zone: lookup(s.name, 'rgw_zone'),
      zoneRootPool: lookup(s.name, 'rgw_zone_root_pool'),
      regionRootPool: lookup(s.name, 'rgw_zonegroup_root_pool', 'rgw_region_root_pool'),
      host: lookup(s.name, 'host'),
      dnsName: lookup(s.name, 'rgw_dns_name'),
    });
  }
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** What one file contributes to the federation, read once per parsed file. */
interface FileSlice {
  regions: RegionDef[];
  realm?: RealmDef;
  period?: PeriodDef;
  agent?: AgentDef;
  instances?: GatewayInstance[];
}

// Keyed by the parsed file object: a workspace that re-parses one file re-reads only that file.
const slices = new WeakMap<ParsedFile, FileSlice>();
/** A legacy zone's name can come from a region listing its file name, so its reading depends on that bit. */
const zoneReads = new WeakMap<ParsedFile, { listed: boolean; def: ZoneDef | undefined }>();

function readSlice(f: ParsedFile): FileSlice {
  let slice = slices.get(f);
  if (slice) return slice;
  slice = { regions: [] };
  switch (f.kind) {
    case 'region':
    case 'zonegroup':
      if (f.json.root) slice.regions.push(readRegion(f, f.json.root, f.kind, false));
      break;
    case 'regionmap':
      for (const r of elements(child(f.json.root, 'regions'))) {
        const val = child(r, 'val');
        if (val) slice.regions.push(readRegion(f, val, 'region', true));
      }
      break;
    case 'period': {
      const root = f.json.root;
      slice.period = {
        uri: f.uri,
        id: locString(f, child(root, 'id')),
        realmId: locString(f, child(root, 'realm_id')),
        masterZonegroup: locString(f, child(root, 'master_zonegroup')),
        masterZone: locString(f, child(root, 'master_zone')),
      };
      for (const zg of elements(child(child(root, 'period_map'), 'zonegroups'))) slice.regions.push(readRegion(f, zg, 'zonegroup', true));
      break;
    }
    case 'realm': {
      const root = f.json.root;
      slice.realm = {
        uri: f.uri,
        id: locString(f, child(root, 'id')),
        name: locString(f, child(root, 'name')),
        currentPeriod: locString(f, child(root, 'current_period')),
      };
      break;
    }
    case 'ceph-conf':
      slice.instances = readInstances(f);
      break;
    case 'agent-conf': {
      const entries = new Map<string, { entry: AgentEntry; keyRange: Range; valueRange: Range }>();
      for (const e of f.agent.entries) {
        entries.set(e.key, { entry: e, keyRange: f.lines.range(e.keyStart, e.keyEnd), valueRange: f.lines.range(e.valueStart, e.valueEnd) });
      }
      slice.agent = { uri: f.uri, entries, file: f };
      break;
    }
  }
  slices.set(f, slice);
  return slice;
}

function zoneOf(f: JsonFile, listed: Set<string>): ZoneDef | undefined {
  // Only a nameless zone infile depends on the listing (by its file name).
  const isListed = listed.has(uriBasename(f.uri).replace(/\.json$/i, ''));
  const cached = zoneReads.get(f);
  if (cached && (cached.listed === isListed || cached.def?.nameSource === 'field')) return cached.def;
  const def = readZone(f, listed);
  zoneReads.set(f, { listed: isListed, def });
  return def;
}

/** What one file defines, as the latest buildFederation over it read it. */
export function definedBy(f: ParsedFile): { regions: RegionDef[]; zone?: ZoneDef; instances?: GatewayInstance[]; agent?: AgentDef } {
  if (f.kind === 'zone') return { regions: [], zone: zoneReads.get(f)?.def };
  if (f.kind === 'unknown') return { regions: [] };
  const slice = readSlice(f);
  return { regions: slice.regions, instances: slice.instances, agent: slice.agent };
}

/** Legacy Ceph prepends a dot to pool names that lack one, so pools are compared the way Ceph will use them. */
export function effectivePool(zone: ZoneDef, pool: PoolRef): string {
  const v = pool.value.value;
  return zone.dialect === 'legacy' && !v.startsWith('.') ? `.${v}` : v;
}

/**
 * Builds the cross-file index of a federation from its parsed files. No parsing happens here, and what each file
 * contributes is read once per parsed file: rebuilding after an edit costs pointer work over the federation.
 */
export function buildFederation(files: ParsedFile[]): Federation {
  const regions: RegionDef[] = [];
  const realms: RealmDef[] = [];
  const periods: PeriodDef[] = [];
  const confs: ConfFile[] = [];
  const agents: AgentDef[] = [];
  const instances: GatewayInstance[] = [];
  const zoneFiles: JsonFile[] = [];

  for (const f of files) {
    if (f.kind === 'unknown') continue;
    if (f.kind === 'zone') {
      zoneFiles.push(f);
      continue;
    }
    const slice = readSlice(f);
    for (const r of slice.regions) regions.push(r);
    if (slice.realm) realms.push(slice.realm);
    if (slice.period) periods.push(slice.period);
    if (f.kind === 'ceph-conf') {
      confs.push(f);
      for (const i of slice.instances!) instances.push(i);
    }
    if (slice.agent) agents.push(slice.agent);
  }

  const regionsByName = new TrackedMap<string, RegionDef[]>('regionsByName');
  for (const r of regions) if (r.name && !r.embedded) push(regionsByName, r.name.value, r);
  for (const r of regions) if (r.name && r.embedded && !regionsByName.has(r.name.value)) push(regionsByName, r.name.value, r);
  const membership = new TrackedMap<string, { region: RegionDef; entry: ZoneEntry }[]>('membership');
  const zoneNameById = new TrackedMap<string, string>('zoneNameById');
  const endpoints = new TrackedMap<string, string>('endpoints');
  for (const list of regionsByName.values()) {
    for (const region of list) {
      for (const entry of region.zones) {
        if (entry.name) push(membership, entry.name.value, { region, entry });
        if (entry.id && entry.name) zoneNameById.set(entry.id.value, entry.name.value);
        if (!entry.name) continue;
        for (const e of entry.endpoints) {
          const n = normalizeEndpoint(e.value);
          if (n) endpoints.set(n, entry.name.value);
        }
      }
    }
  }

  const zones: ZoneDef[] = [];
  const listed = new Set(membership.keys());
  for (const f of zoneFiles) {
    const z = zoneOf(f, listed);
    if (z) zones.push(z);
  }
  const zonesByName = new TrackedMap<string, ZoneDef[]>('zonesByName');
  for (const z of zones) push(zonesByName, z.name, z);

  const dialects = new Set<Dialect>();
  for (const r of regions) dialects.add(r.dialect);
  for (const z of zones) dialects.add(z.dialect);
  if (realms.length || periods.length) dialects.add('modern');
  const dialect = dialects.size === 0 ? 'unknown' : dialects.size > 1 ? 'mixed' : [...dialects][0];

  const masterGroups = new TrackedMap<string, RegionDef[]>('masterGroups');
  for (const r of regions) if (!r.embedded) push(masterGroups, r.dialect === 'legacy' ? 'legacy' : `realm:${r.realmId?.value ?? ''}`, r);
  const poolUsers = new TrackedMap<string, { zone: ZoneDef; pool: PoolRef }[]>('poolUsers');
  for (const z of zones) {
    const seen = new Set<string>();
    for (const p of z.pools) {
      if (!p.value.value || hasPlaceholder(p.value.value)) continue;
      const key = effectivePool(z, p);
      if (seen.has(key)) continue;
      seen.add(key);
      push(poolUsers, key, { zone: z, pool: p });
    }
  }
  const masters: RegionDef[] = [];
  for (const list of regionsByName.values()) for (const r of list) if (r.isMaster?.value === true) masters.push(r);
  const globals = new TrackedMap<string, unknown>('globals');
  globals.set('anyRegionBroken', regions.some((r) => r.broken));
  globals.set('masterRegion', masters.length === 1 ? masters[0] : undefined);
  globals.set('dialect', dialect);

  const fed = {
    files,
    regions,
    zones,
    realms,
    periods,
    confs,
    instances,
    agents,
    regionsByName,
    zonesByName,
    membership,
    zoneNameById,
    index: { masterGroups, poolUsers, endpoints, globals },
  } as Omit<Federation, 'dialect'> as Federation;
  // A getter, so that a rule reading the dialect records that it depends on it.
  Object.defineProperty(fed, 'dialect', { enumerable: true, get: () => globals.get('dialect') as Federation['dialect'] });
  return fed;
}

/** The name a region lists as master, resolving a modern zone id to its name. */
export function masterZoneName(fed: Federation, region: RegionDef): string | undefined {
  const m = region.masterZone?.value;
  if (!m) return undefined;
  if (region.dialect === 'legacy') return m;
  return region.zones.find((z) => z.id?.value === m)?.name?.value ?? fed.zoneNameById.get(m);
}

/** The one region that lists a zone; undefined when none or several do (that is reported on its own). */
export function regionOfZone(fed: Federation, zone: string): RegionDef | undefined {
  const regions = new Set((fed.membership.get(zone) ?? []).map((m) => m.region));
  return regions.size === 1 ? [...regions][0] : undefined;
}
