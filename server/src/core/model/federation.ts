import type { Dialect } from '../ceph/pools';
import { ZONE_POOL_FIELDS, PLACEMENT_POOL_FIELDS } from '../ceph/pools';
import { child, keyNode, locate, stringValue } from '../parse/json';
import { uriBasename, type ParsedFile, type JsonFile, type ConfFile, type AgentFile } from '../parse/parseFile';
import type { ConfEntry } from '../parse/cephConf';
import type { AgentEntry } from '../parse/agentConf';
import { hasPlaceholder } from '../rules/placeholder';
import type { Located, Range } from '../types';
import { TrackedMap, entryKey } from './tracked';
import { JsonLocated, TextLocated, nodeAt, nodeRange, pathRange, type Segment } from './located';
import { normalizeEndpoint } from '../rules/endpoints';
import { frontendListeners, type Listener } from '../ceph/frontends';

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
  /** The names of the zones it lists, each once, in list order; a listing without a name is no zone of it. */
  readonly zoneNames: string[];
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
  /** The zone whose infile holds the field. */
  zone: ZoneDef;
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
  /**
   * The zone's pools by effective name, once per name: the first of its fields that uses it. Pools still empty or
   * holding a placeholder are left out.
   */
  distinctPools: { keys: string[]; uses: PoolRef[] };
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
  realm?: ConfValue;
  zoneRootPool?: ConfValue;
  regionRootPool?: ConfValue;
  host?: ConfValue;
  dnsName?: ConfValue;
  /** `rgw frontends`: what the instance listens on. */
  frontends?: ConfValue;
}

/** One `key: value` line of a radosgw-agent config, its ranges computed on first access. */
export interface AgentSetting {
  entry: AgentEntry;
  readonly keyRange: Range;
  readonly valueRange: Range;
}

export interface AgentDef {
  uri: string;
  entries: Map<string, AgentSetting>;
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
  /** What one file of the federation defines, as the index read it. */
  definedBy(file: ParsedFile): Defined;
}

export interface Defined {
  regions: RegionDef[];
  zone?: ZoneDef;
  instances?: GatewayInstance[];
  agent?: AgentDef;
}

/** Keyed views of the federation for the per-file rules; every lookup through them is a recorded dependency. */
export interface RuleIndex {
  /** Non-embedded regions by master-count group (see masterGroupKey), with the group's masters counted once. */
  masterGroups: TrackedMap<string, MasterGroup>;
  /** Every zone's pools by effective name (legacy names get their implied leading dot). */
  poolUsers: TrackedMap<string, PoolRef[]>;
  /** Normalized zone endpoint -> zone name, as agents resolve a URL (the last declaration wins). */
  endpoints: TrackedMap<string, string>;
  /** Normalized zone endpoint -> every listing of it as a zone's endpoint, in the order of membership. */
  endpointListings: TrackedMap<string, EndpointListing[]>;
  /** Realm infiles by realm name. */
  realmsByName: TrackedMap<string, RealmDef[]>;
  /** Scalars over the whole federation: `anyRegionBroken`, `masterRegion`, `dialect`. */
  globals: TrackedMap<string, unknown>;
  /** `host port` (host in lower case) -> every gateway socket on it, from sections with host and rgw frontends. */
  listeners: TrackedMap<string, Listening[]>;
}

/** One socket a gateway instance listens on. */
export interface Listening {
  instance: GatewayInstance;
  listener: Listener;
}

/** The index key of a socket: the host as ceph.conf names it, in lower case, and the port. */
export const listeningKey = (host: string, port: number): string => `${host.toLowerCase()} ${port}`;

/** One zone endpoint as a region lists it. */
export interface EndpointListing {
  zone: string;
  endpoint: Located<string>;
}

/** The regions that must have exactly one master among them: the legacy federation, or one realm's zonegroups. */
export interface MasterGroup {
  regions: RegionDef[];
  masters: RegionDef[];
  /** A member's file has JSON syntax errors: what was read may be partial, so the count is not concluded. */
  anyBroken: boolean;
}

/** Legacy regions form one federation; modern zonegroups are grouped by realm. */
export function masterGroupKey(r: RegionDef): string {
  return r.dialect === 'legacy' ? 'legacy' : `realm:${r.realmId?.value ?? ''}`;
}

const GATEWAY_SECTION = /^client\.(radosgw|rgw)\.(.+)$/;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The value of key `k`, as `child` reads the tree (plain data keeps the last of repeated keys). */
const field = (v: unknown, k: string): unknown => (isObject(v) && Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined);
const items = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const at = (path: readonly Segment[], ...more: Segment[]): Segment[] => [...path, ...more];

/** cephBool, on plain data. */
function boolOf(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v === 'true' ? true : v === 'false' ? false : undefined;
  if (typeof v === 'number') return v !== 0;
  return undefined;
}

function locString(file: JsonFile, v: unknown, path: readonly Segment[], last?: Segment): Located<string> | undefined {
  return typeof v === 'string' ? new JsonLocated(v, file, path, last) : undefined;
}

function locBool(file: JsonFile, v: unknown, path: readonly Segment[], last?: Segment): Located<boolean | undefined> | undefined {
  return v === undefined ? undefined : new JsonLocated(boolOf(v), file, path, last);
}

function endpointsOf(file: JsonFile, v: unknown, path: readonly Segment[]): Located<string>[] {
  const out: Located<string>[] = [];
  if (!Array.isArray(v)) return out;
  for (let i = 0; i < v.length; i++) if (typeof v[i] === 'string') out.push(new JsonLocated(v[i] as string, file, path, i));
  return out;
}

/** A value whose range is the whole node it was read from, computed on first access. */
abstract class NodeRanged {
  #file: JsonFile;
  #path: readonly Segment[];
  #range?: Range;

  constructor(file: JsonFile, path: readonly Segment[]) {
    this.#file = file;
    this.#path = path;
  }

  get range(): Range {
    return (this.#range ??= pathRange(this.#file, this.#path));
  }
}

class ListedZone extends NodeRanged implements ZoneEntry {
  readonly name?: Located<string>;
  readonly id?: Located<string>;
  readonly endpoints: Located<string>[];
  readonly logMeta?: Located<boolean | undefined>;
  readonly logData?: Located<boolean | undefined>;
  readonly syncFromAll?: Located<boolean | undefined>;
  readonly syncFrom: Located<string>[];

  constructor(file: JsonFile, z: unknown, path: Segment[]) {
    super(file, path);
    this.name = locString(file, field(z, 'name'), path, 'name');
    this.id = locString(file, field(z, 'id'), path, 'id');
    const endpoints = field(z, 'endpoints');
    this.endpoints = endpoints === undefined ? [] : endpointsOf(file, endpoints, at(path, 'endpoints'));
    this.logMeta = locBool(file, field(z, 'log_meta'), path, 'log_meta');
    this.logData = locBool(file, field(z, 'log_data'), path, 'log_data');
    this.syncFromAll = locBool(file, field(z, 'sync_from_all'), path, 'sync_from_all');
    const syncFrom = field(z, 'sync_from');
    this.syncFrom = syncFrom === undefined ? [] : endpointsOf(file, syncFrom, at(path, 'sync_from'));
  }
}

class RegionRead extends NodeRanged implements RegionDef {
  readonly dialect: Dialect;
  readonly uri: string;
  readonly broken: boolean;
  readonly name?: Located<string>;
  readonly id?: Located<string>;
  readonly realmId?: Located<string>;
  readonly apiName?: Located<string>;
  readonly isMaster?: Located<boolean | undefined>;
  readonly endpoints: Located<string>[];
  readonly masterZone?: Located<string>;
  readonly zones: ZoneEntry[];
  readonly placementTargets: Located<string>[];
  readonly defaultPlacement?: Located<string>;
  #zoneNames?: string[];

  constructor(
    file: JsonFile,
    v: unknown,
    path: Segment[],
    readonly kind: 'region' | 'zonegroup',
    readonly embedded: boolean,
  ) {
    super(file, path);
    this.dialect = kind === 'zonegroup' ? 'modern' : 'legacy';
    this.uri = file.uri;
    this.broken = file.json.errors.length > 0;
    this.name = locString(file, field(v, 'name'), path, 'name');
    this.id = locString(file, field(v, 'id'), path, 'id');
    this.realmId = locString(file, field(v, 'realm_id'), path, 'realm_id');
    this.apiName = locString(file, field(v, 'api_name'), path, 'api_name');
    this.isMaster = locBool(file, field(v, 'is_master'), path, 'is_master');
    this.endpoints = endpointsOf(file, field(v, 'endpoints'), at(path, 'endpoints'));
    this.masterZone = locString(file, field(v, 'master_zone'), path, 'master_zone');
    this.zones = items(field(v, 'zones')).map((z, i) => new ListedZone(file, z, at(path, 'zones', i)));
    this.placementTargets = [];
    items(field(v, 'placement_targets')).forEach((t, i) => {
      const l = locString(file, field(t, 'name'), at(path, 'placement_targets', i), 'name');
      if (l) this.placementTargets.push(l);
    });
    this.defaultPlacement = locString(file, field(v, 'default_placement'), path, 'default_placement');
  }

  // Computed once: rules ask it per zone, and counting a region's zones for each of them would grow with its square.
  get zoneNames(): string[] {
    return (this.#zoneNames ??= [...new Set(this.zones.flatMap((z) => (z.name?.value ? [z.name.value] : [])))]);
  }
}

const INDEX_LIKE = /^(?:0|[1-9][0-9]*)$/;

/** A placement's storage classes in text order: [property index, class name, data_pool value]. */
function storageClasses(file: JsonFile, val: unknown, classesPath: Segment[]): [number, unknown, unknown][] {
  const classes = field(val, 'storage_classes');
  if (!isObject(classes)) return [];
  const names = Object.keys(classes);
  // Plain objects list integer-like keys first and keep one of repeated keys: then the tree has the text order.
  if (file.json.fast && !names.some((k) => INDEX_LIKE.test(k))) return names.map((k, j) => [j, k, field(classes[k], 'data_pool')]);
  const node = nodeAt(file, classesPath);
  return (node?.children ?? []).map((prop, j) => [j, prop.children?.[0]?.value, stringValue(child(prop.children?.[1], 'data_pool'))]);
}

const ROOT: readonly Segment[] = [];
const SYSTEM_KEY: readonly Segment[] = ['system_key'];

/** A pool field; its zone is set by the zone read from the pools (a legacy zone's name can come from them). */
const poolRef = (field: string, fieldName: string, placement: boolean, value: Located<string>): PoolRef => ({ field, fieldName, placement, value, zone: undefined! });

function readZonePools(file: JsonFile, root: Obj): { pools: PoolRef[]; placementKeys: Located<string>[] } {
  const pools: PoolRef[] = [];
  for (const f of ZONE_POOL_FIELDS) {
    const l = locString(file, field(root, f.field), ROOT, f.field);
    if (l) pools.push(poolRef(f.field, f.field, false, l));
  }
  const placementKeys: Located<string>[] = [];
  items(field(root, 'placement_pools')).forEach((p, i) => {
    const key = locString(file, field(p, 'key'), ['placement_pools', i], 'key');
    if (key) placementKeys.push(key);
    const val = field(p, 'val');
    const valPath = ['placement_pools', i, 'val'];
    for (const f of PLACEMENT_POOL_FIELDS) {
      const l = locString(file, field(val, f.field), valPath, f.field);
      if (l) pools.push(poolRef(`placement_pools[${i}].val.${f.field}`, f.field, true, l));
    }
    // Modern zones keep the data pool per storage class.
    for (const [j, cls, dataPool] of storageClasses(file, val, at(valPath, 'storage_classes'))) {
      const l = locString(file, dataPool, ['placement_pools', i, 'val', 'storage_classes', { prop: j }], 'data_pool');
      if (l) pools.push(poolRef(`placement_pools[${i}].val.storage_classes.${cls}.data_pool`, 'data_pool', true, l));
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

class SystemKeyRead extends NodeRanged {
  readonly accessKey?: Located<string>;
  readonly secretKey?: Located<string>;

  constructor(file: JsonFile, sk: unknown) {
    super(file, SYSTEM_KEY);
    this.accessKey = locString(file, field(sk, 'access_key'), SYSTEM_KEY, 'access_key');
    this.secretKey = locString(file, field(sk, 'secret_key'), SYSTEM_KEY, 'secret_key');
  }
}

class ZoneRead implements ZoneDef {
  readonly uri: string;
  readonly dialect: Dialect;
  readonly broken: boolean;
  readonly nameLoc?: Located<string>;
  readonly id?: Located<string>;
  readonly realmId?: Located<string>;
  readonly pools: PoolRef[];
  readonly distinctPools: { keys: string[]; uses: PoolRef[] };
  readonly placementKeys: Located<string>[];
  readonly systemKey?: SystemKeyRead;
  #file: JsonFile;
  #anchor?: Range;

  constructor(
    file: JsonFile,
    root: Obj,
    readonly name: string,
    readonly nameSource: ZoneDef['nameSource'],
    nameLoc: Located<string> | undefined,
    pools: { pools: PoolRef[]; placementKeys: Located<string>[] },
  ) {
    this.#file = file;
    this.uri = file.uri;
    this.dialect = file.dialect;
    this.broken = file.json.errors.length > 0;
    this.nameLoc = nameLoc;
    this.id = locString(file, field(root, 'id'), ROOT, 'id');
    this.realmId = locString(file, field(root, 'realm_id'), ROOT, 'realm_id');
    this.pools = pools.pools;
    this.distinctPools = { keys: [], uses: [] };
    for (const p of this.pools) {
      p.zone = this;
      if (!p.value.value || hasPlaceholder(p.value.value)) continue;
      const key = effectivePool(this, p);
      if (this.distinctPools.keys.includes(key)) continue;
      this.distinctPools.keys.push(key);
      this.distinctPools.uses.push(p);
    }
    this.placementKeys = pools.placementKeys;
    const sk = field(root, 'system_key');
    this.systemKey = sk === undefined ? undefined : new SystemKeyRead(file, sk);
  }

  get anchor(): Range {
    const file = this.#file;
    if (!this.#anchor && file.json.fast) {
      // The `name` key, else the first key, else the whole object.
      const span = locate(file.text, ['name']) ?? locate(file.text, [{ prop: 0 }]);
      if (span) this.#anchor = file.lines.range(span.keyOffset!, span.keyOffset! + span.keyLength!);
      else {
        const root = locate(file.text, [])!;
        this.#anchor = file.lines.range(root.offset, root.offset + root.length);
      }
    }
    if (!this.#anchor) {
      const root = this.#file.json.root!;
      const anchorNode = keyNode(root, 'name') ?? root.children?.[0]?.children?.[0] ?? root;
      this.#anchor = nodeRange(this.#file, anchorNode);
    }
    return this.#anchor;
  }
}

/** A zone infile's name without `.json`, as a region may list it. */
function zoneStem(f: ParsedFile): string {
  return uriBasename(f.uri).replace(/\.json$/i, '');
}

/** `isListed`: whether a region lists the file's stem as a zone, asked only of a zone infile without a name. */
function readZone(file: JsonFile, isListed: () => boolean): ZoneDef | undefined {
  const root = file.json.value;
  if (!isObject(root)) return undefined;
  const pools = readZonePools(file, root);
  const nameLoc = locString(file, field(root, 'name'), ROOT, 'name');
  let name: string;
  let nameSource: ZoneDef['nameSource'];
  if (nameLoc && nameLoc.value) [name, nameSource] = [nameLoc.value, 'field'];
  else if (isListed()) [name, nameSource] = [zoneStem(file), 'file'];
  else {
    const fromPools = nameFromPools(pools.pools, file.dialect);
    [name, nameSource] = fromPools ? [fromPools, 'pools'] : [zoneStem(file), 'file'];
  }
  return new ZoneRead(file, root, name, nameSource, nameLoc, pools);
}

function readInstances(file: ConfFile): GatewayInstance[] {
  const bySection = new Map<string, ConfEntry[]>();
  for (const s of file.conf.sections) {
    const list = bySection.get(s.name);
    if (list) list.push(...s.entries);
    else bySection.set(s.name, [...s.entries]);
  }
  // Last value wins in Ceph, and a daemon's own section beats [client], which beats [global].
  const find = (s: string, key: string, other?: string): ConfValue | undefined => {
    const entries = bySection.get(s);
    if (!entries) return undefined;
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i];
      if (e.key === key || e.key === other) return { entry: e, section: s, value: new TextLocated(e.value, file, e.valueStart, e.valueEnd) };
    }
    return undefined;
  };
  const lookup = (section: string, key: string, other?: string): ConfValue | undefined =>
    find(section, key, other) ?? find('client', key, other) ?? find('global', key, other);
  const out: GatewayInstance[] = [];
  const seen = new Set<string>();
  for (const s of file.conf.sections) {
    const m = GATEWAY_SECTION.exec(s.name);
    if (!m || seen.has(s.name)) continue;
    seen.add(s.name);
    out.push({
      uri: file.uri,
      section: new TextLocated(s.name, file, s.nameStart, s.nameEnd),
      id: m[2],
      region: lookup(s.name, 'rgw_zonegroup', 'rgw_region'),
      zone: lookup(s.name, 'rgw_zone'),
      realm: lookup(s.name, 'rgw_realm'),
      zoneRootPool: lookup(s.name, 'rgw_zone_root_pool'),
      regionRootPool: lookup(s.name, 'rgw_zonegroup_root_pool', 'rgw_region_root_pool'),
      host: lookup(s.name, 'host'),
      dnsName: lookup(s.name, 'rgw_dns_name'),
      frontends: lookup(s.name, 'rgw_frontends'),
    });
  }
  return out;
}

class AgentEntryRead implements AgentSetting {
  #file: AgentFile;
  #keyRange?: Range;
  #valueRange?: Range;

  constructor(
    readonly entry: AgentEntry,
    file: AgentFile,
  ) {
    this.#file = file;
  }

  get keyRange(): Range {
    return (this.#keyRange ??= this.#file.lines.range(this.entry.keyStart, this.entry.keyEnd));
  }

  get valueRange(): Range {
    return (this.#valueRange ??= this.#file.lines.range(this.entry.valueStart, this.entry.valueEnd));
  }
}

/** What one file contributes to the federation, read once per parsed file. */
interface FileSlice {
  regions: RegionDef[];
  realm?: RealmDef;
  period?: PeriodDef;
  agent?: AgentDef;
  instances?: GatewayInstance[];
}

function readSlice(f: ParsedFile): FileSlice {
  const slice: FileSlice = { regions: [] };
  switch (f.kind) {
    case 'region':
    case 'zonegroup':
      if (f.json.value !== undefined) slice.regions.push(new RegionRead(f, f.json.value, [], f.kind, false));
      break;
    case 'regionmap':
      items(field(f.json.value, 'regions')).forEach((r, i) => {
        const val = field(r, 'val');
        if (val !== undefined) slice!.regions.push(new RegionRead(f, val, ['regions', i, 'val'], 'region', true));
      });
      break;
    case 'period': {
      const root = f.json.value;
      slice.period = {
        uri: f.uri,
        id: locString(f, field(root, 'id'), ['id']),
        realmId: locString(f, field(root, 'realm_id'), ['realm_id']),
        masterZonegroup: locString(f, field(root, 'master_zonegroup'), ['master_zonegroup']),
        masterZone: locString(f, field(root, 'master_zone'), ['master_zone']),
      };
      items(field(field(root, 'period_map'), 'zonegroups')).forEach((zg, i) => {
        slice!.regions.push(new RegionRead(f, zg, ['period_map', 'zonegroups', i], 'zonegroup', true));
      });
      break;
    }
    case 'realm': {
      const root = f.json.value;
      slice.realm = {
        uri: f.uri,
        id: locString(f, field(root, 'id'), ['id']),
        name: locString(f, field(root, 'name'), ['name']),
        currentPeriod: locString(f, field(root, 'current_period'), ['current_period']),
      };
      break;
    }
    case 'ceph-conf':
      slice.instances = readInstances(f);
      break;
    case 'agent-conf': {
      const entries = new Map<string, AgentSetting>();
      for (const e of f.agent.entries) entries.set(e.key, new AgentEntryRead(e, f));
      slice.agent = { uri: f.uri, entries, file: f };
      break;
    }
  }
  return slice;
}

/** Legacy Ceph prepends a dot to pool names that lack one, so pools are compared the way Ceph will use them. */
export function effectivePool(zone: ZoneDef, pool: PoolRef): string {
  const v = pool.value.value;
  return zone.dialect === 'legacy' && !v.startsWith('.') ? `.${v}` : v;
}

// ---------------------------------------------------------------------------------------------------------------
// The index. Each map's value for a key is computed from the contributions to that key, kept in the order a
// whole-federation pass meets them (files in order, then the order inside a file). An edit removes what the old
// file contributed and adds what the new one does; only the keys it touched are computed again and compared, so an
// edit costs what it changes, not the size of the federation.

type Tuple = readonly number[];

function compareTuples(a: Tuple, b: Tuple): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Two values of a federation map are the same when they hold the same definitions (parsed once per file text). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (!x || !y || typeof x !== 'object' || typeof y !== 'object') return false;
    const xr = x as Record<string, unknown>;
    const yr = y as Record<string, unknown>;
    const keys = Object.keys(xr);
    if (keys.length !== Object.keys(yr).length || keys.some((k) => xr[k] !== yr[k])) return false;
  }
  return true;
}

/** A map whose value is the contribution list itself shares it with the map until the next change (see Keyed.own). */
const shareList = <T>(list: T[]): T[] => list;

/** One map of the index: contributions by key, and the value computed from them. */
class Keyed<K, C, V> {
  readonly contribs = new Map<K, C[]>();
  private readonly touched = new Set<K>();

  constructor(
    readonly map: TrackedMap<K, V>,
    private readonly sortKey: (c: C) => Tuple,
    private readonly compute: (list: C[]) => V,
    /** Where a key first appears in a whole-federation pass, for the map's iteration order. */
    private readonly orderKey: (key: K, list: C[]) => Tuple = (_k, list) => sortKey(list[0]),
  ) {
    map.setOrder(() => {
      const keyed = [...this.contribs].map(([k, list]) => ({ k, at: this.orderKey(k, list) }));
      keyed.sort((a, b) => compareTuples(a.at, b.at));
      return keyed.map((x) => x.k);
    });
  }

  /** The key's contributions, safe to change: a list the map also holds as a value is copied first. */
  private own(key: K): C[] | undefined {
    const list = this.contribs.get(key);
    if (list && this.compute === shareList && list === Map.prototype.get.call(this.map, key)) {
      const copy = list.slice();
      this.contribs.set(key, copy);
      return copy;
    }
    return list;
  }

  /** Set while the index is built from nothing: every key is computed at the flush, none needs tracking. */
  batch = false;

  add(key: K, c: C): void {
    if (this.batch) {
      const list = this.contribs.get(key);
      if (list) list.push(c);
      else this.contribs.set(key, [c]);
      return;
    }
    const list = this.own(key);
    if (list) list.push(c);
    else this.contribs.set(key, [c]);
    this.touched.add(key);
  }

  remove(key: K, c: C): void {
    const list = this.own(key);
    if (!list) return;
    const i = list.indexOf(c);
    if (i >= 0) list.splice(i, 1);
    if (!list.length) this.contribs.delete(key);
    this.touched.add(key);
  }

  /** Computes the touched keys; reports changed read keys into `changes`, and each changed key to `onChange`. */
  flush(changes: Set<string> | undefined, onChange?: (key: K, before: V | undefined, after: V | undefined) => void): void {
    if (this.batch) {
      this.batch = false;
      // forEach rather than for-of with destructuring: V8's interpreter, which runs most of a cold check, steps it
      // faster (5% of the cold check at 1,000 zones).
      this.contribs.forEach((list, key) => {
        if (list.length > 1) list.sort((a, b) => compareTuples(this.sortKey(a), this.sortKey(b)));
        const after = this.compute(list);
        Map.prototype.set.call(this.map, key, after);
        onChange?.(key, undefined, after);
      });
      this.map.orderChanged();
      return;
    }
    if (!this.touched.size) return;
    const id = this.map.id;
    const get = Map.prototype.get;
    for (const key of this.touched) {
      const list = this.contribs.get(key);
      const had = Map.prototype.has.call(this.map, key);
      const before = had ? (get.call(this.map, key) as V) : undefined;
      if (!list) {
        if (!had) continue;
        Map.prototype.delete.call(this.map, key);
        changes?.add(entryKey(id, key)).add(`${id}#size`);
        onChange?.(key, before, undefined);
        continue;
      }
      if (list.length > 1) list.sort((a, b) => compareTuples(this.sortKey(a), this.sortKey(b)));
      const after = this.compute(list);
      Map.prototype.set.call(this.map, key, after);
      if (had && sameValue(before, after)) continue;
      changes?.add(entryKey(id, key));
      if (!had) changes?.add(`${id}#size`);
      onChange?.(key, before, after);
    }
    this.touched.clear();
    // A key's place in the iteration order can move with no value changing (a region renamed moves its zones'
    // entries), and messages list keys in that order: whoever iterated the map reads it again.
    this.map.orderChanged();
    changes?.add(`${id}#all`);
  }
}

interface Rec {
  file: ParsedFile;
  seq: number;
  slice?: FileSlice;
  zone?: ZoneDef;
  /** The zone infile as last read: a nameless one's name depends on whether a region lists its file name. */
  zoneRead?: { listed: boolean | undefined; def: ZoneDef | undefined };
  stem?: string;
  /** What the file's gateway sections contribute to `listeners`. */
  listening?: [string, Listening][];
}

interface MemberC {
  region: RegionDef;
  entry: number;
  endpoint: number;
  zone: string;
  payload: { region: RegionDef; entry: ZoneEntry };
}

/** Positions inside a file: a file holds fewer regions than this. */
const SLOT = 2 ** 20;

/** The federation index over a changing set of files, kept up to date by `apply`. */
export class FederationIndex {
  private readonly recs = new Map<ParsedFile, Rec>();
  private readonly pos = new Map<RegionDef, number>();
  private readonly zoneSeq = new Map<ZoneDef, number>();
  /** Zone records whose name may come from their file name, by file stem. */
  private readonly stems = new Map<string, Set<Rec>>();
  private readonly effective = new Map<RegionDef, [Keyed<string, MemberC, unknown>, string, MemberC][]>();
  private readonly masters = new Set<RegionDef>();
  private brokenRegions = 0;
  private readonly dialects = { legacy: 0, modern: 0 };
  private realmsAndPeriods = 0;
  private version = 0;
  private shell?: Federation;

  readonly regionsByName = new TrackedMap<string, RegionDef[]>('regionsByName');
  readonly zonesByName = new TrackedMap<string, ZoneDef[]>('zonesByName');
  readonly membership = new TrackedMap<string, { region: RegionDef; entry: ZoneEntry }[]>('membership');
  readonly zoneNameById = new TrackedMap<string, string>('zoneNameById');
  readonly masterGroups = new TrackedMap<string, MasterGroup>('masterGroups');
  readonly poolUsers = new TrackedMap<string, PoolRef[]>('poolUsers');
  readonly endpoints = new TrackedMap<string, string>('endpoints');
  readonly endpointListings = new TrackedMap<string, EndpointListing[]>('endpointListings');
  readonly globals = new TrackedMap<string, unknown>('globals');
  readonly realmsByName = new TrackedMap<string, RealmDef[]>('realmsByName');
  readonly listeners = new TrackedMap<string, Listening[]>('listeners');

  private readonly named: Keyed<string, RegionDef, RegionDef[]>;
  private readonly groups: Keyed<string, RegionDef, MasterGroup>;
  private readonly members: Keyed<string, MemberC, { region: RegionDef; entry: ZoneEntry }[]>;
  private readonly ids: Keyed<string, MemberC, string>;
  private readonly urls: Keyed<string, MemberC, string>;
  private readonly urlListings: Keyed<string, MemberC, EndpointListing[]>;
  private readonly zoneNames: Keyed<string, ZoneDef, ZoneDef[]>;
  private readonly pools: Keyed<string, PoolRef, PoolRef[]>;
  private readonly realms: Keyed<string, RealmDef, RealmDef[]>;
  private readonly listenings: Keyed<string, Listening, Listening[]>;
  /** A socket's place in the file and section order: [file seq, section, socket]. */
  private readonly listeningAt = new Map<Listening, Tuple>();
  private readonly realmSeq = new Map<RealmDef, number>();

  constructor() {
    const regionAt = (r: RegionDef): Tuple => [this.pos.get(r)!];
    // Primary definitions take a name; an embedded one (region map, period) only where no infile defines it.
    this.named = new Keyed(
      this.regionsByName,
      regionAt,
      (list) => {
        const primaries = list.filter((r) => !r.embedded);
        return primaries.length ? primaries : [list[0]];
      },
      (name) => this.rank(name),
    );
    // Counted once per group, so that each region's master-count check costs O(1), not the size of its group.
    this.groups = new Keyed(this.masterGroups, regionAt, (list) => ({
      regions: list.slice(),
      masters: list.filter((r) => r.isMaster?.value === true),
      anyBroken: list.some((r) => r.broken),
    }));
    // Zone listings are met region by region in the order of regionsByName, then in list order.
    const memberAt = (c: MemberC): Tuple => [...this.rank(c.region.name!.value), this.pos.get(c.region)!, c.entry, c.endpoint];
    this.members = new Keyed(this.membership, memberAt, (list) => list.map((c) => c.payload));
    // The last declaration wins.
    this.ids = new Keyed(this.zoneNameById, memberAt, (list) => list[list.length - 1].zone);
    this.urls = new Keyed(this.endpoints, memberAt, (list) => list[list.length - 1].zone);
    this.urlListings = new Keyed(this.endpointListings, memberAt, (list) => list.map((c) => ({ zone: c.zone, endpoint: c.payload.entry.endpoints[c.endpoint] })));
    this.zoneNames = new Keyed(this.zonesByName, (z) => [this.zoneSeq.get(z)!], shareList);
    this.realms = new Keyed(this.realmsByName, (r) => [this.realmSeq.get(r)!], shareList);
    this.listenings = new Keyed(this.listeners, (l) => this.listeningAt.get(l)!, shareList);
    this.pools = new Keyed(
      this.poolUsers,
      (u) => [this.zoneSeq.get(u.zone)!],
      shareList,
      (_k, list) => [this.zoneSeq.get(list[0].zone)!, list[0].zone.pools.indexOf(list[0])],
    );
  }

  /** Where a region name first appears in regionsByName: primary names in file order, then embedded-only ones. */
  private rank(name: string): Tuple {
    const list = Map.prototype.get.call(this.regionsByName, name) as RegionDef[] | undefined;
    const first = list?.[0];
    return first ? [first.embedded ? 1 : 0, this.pos.get(first)!] : [2, 0];
  }

  /**
   * Removes and adds files (a changed file is removed with its old parse and added with its new one at the same
   * `seq`, its place in the file order). Returns the read keys whose answer changed when `track` is set.
   */
  apply(removed: ParsedFile[], added: { file: ParsedFile; seq: number }[], track: boolean): Set<string> | undefined {
    const changes = track ? new Set<string>() : undefined;
    const zonesToAdd: Rec[] = [];
    if (this.recs.size === 0) for (const keyed of [this.named, this.groups, this.members, this.ids, this.urls, this.urlListings, this.zoneNames, this.pools, this.realms, this.listenings] as Keyed<string, unknown, unknown>[]) keyed.batch = true;
    for (const file of removed) {
      const rec = this.recs.get(file);
      if (!rec) continue;
      this.recs.delete(file);
      if (rec.slice) this.removeSlice(rec);
      if (file.kind === 'zone') this.removeZone(rec);
    }
    for (const { file, seq } of added) {
      const rec: Rec = { file, seq };
      this.recs.set(file, rec);
      if (file.kind === 'zone') zonesToAdd.push(rec);
      else if (file.kind !== 'unknown') this.addSlice(rec);
    }
    this.named.flush(changes, (_name, before, after) => {
      for (const r of before ?? []) this.removeEffective(r);
      for (const r of after ?? []) this.addEffective(r);
    });
    this.groups.flush(changes);
    this.realms.flush(changes);
    this.listenings.flush(changes);
    // A zone infile without a name is known by its file name once a region lists that name.
    const relisted = new Set<Rec>();
    const relist = (zone: string) => {
      for (const rec of this.stems.get(zone) ?? []) relisted.add(rec);
    };
    this.members.flush(changes, (zone, before, after) => {
      if (!before || !after) relist(zone);
    });
    this.ids.flush(changes);
    this.urls.flush(changes);
    this.urlListings.flush(changes);
    for (const rec of relisted) {
      if (!this.recs.has(rec.file) || !rec.zone) continue;
      const def = this.zoneOf(rec);
      if (def === rec.zone) continue;
      this.removeZone(rec);
      this.addZone(rec, def);
    }
    for (const rec of zonesToAdd) this.addZone(rec, this.zoneOf(rec));
    this.zoneNames.flush(changes);
    this.pools.flush(changes);
    const dialect = this.dialects.legacy + this.dialects.modern + this.realmsAndPeriods === 0 ? 'unknown' : this.dialects.legacy && (this.dialects.modern || this.realmsAndPeriods) ? 'mixed' : this.dialects.legacy ? 'legacy' : 'modern';
    const [master] = this.masters.size === 1 ? this.masters : [];
    this.setGlobal('anyRegionBroken', this.brokenRegions > 0, changes);
    this.setGlobal('masterRegion', master, changes);
    this.setGlobal('dialect', dialect, changes);
    this.version++;
    this.shell = undefined;
    return changes;
  }

  private setGlobal(key: string, value: unknown, changes: Set<string> | undefined): void {
    const had = Map.prototype.has.call(this.globals, key);
    if (had && Map.prototype.get.call(this.globals, key) === value) return;
    Map.prototype.set.call(this.globals, key, value);
    changes?.add(entryKey('globals', key)).add('globals#all');
    if (!had) changes?.add('globals#size');
  }

  /** The zone a zone infile defines; read again only when the answer it depended on changed. */
  private zoneOf(rec: Rec): ZoneDef | undefined {
    const listed = () => this.members.contribs.has((rec.stem ??= zoneStem(rec.file)));
    const last = rec.zoneRead;
    if (last && (last.listed === undefined || last.listed === listed())) return last.def;
    let asked: boolean | undefined;
    const def = readZone(rec.file as JsonFile, () => (asked = listed()));
    rec.zoneRead = { listed: asked, def };
    return def;
  }

  private addSlice(rec: Rec): void {
    const slice = (rec.slice = readSlice(rec.file));
    slice.regions.forEach((r, i) => {
      this.pos.set(r, rec.seq * SLOT + i);
      if (r.name) this.named.add(r.name.value, r);
      if (!r.embedded) this.groups.add(masterGroupKey(r), r);
      if (r.broken) this.brokenRegions++;
      this.dialects[r.dialect]++;
    });
    if (slice.realm) {
      this.realmsAndPeriods++;
      this.realmSeq.set(slice.realm, rec.seq);
      if (slice.realm.name?.value) this.realms.add(slice.realm.name.value, slice.realm);
    }
    if (slice.period) this.realmsAndPeriods++;
    slice.instances?.forEach((inst, i) => {
      const host = inst.host?.value.value;
      const frontends = inst.frontends?.value.value;
      if (!host || !frontends || hasPlaceholder(host) || hasPlaceholder(frontends)) return;
      frontendListeners(frontends).forEach((listener, j) => {
        const key = listeningKey(host, listener.port);
        const c: Listening = { instance: inst, listener };
        this.listeningAt.set(c, [rec.seq, i, j]);
        this.listenings.add(key, c);
        (rec.listening ??= []).push([key, c]);
      });
    });
  }

  private removeSlice(rec: Rec): void {
    const slice = rec.slice!;
    for (const r of slice.regions) {
      if (r.name) this.named.remove(r.name.value, r);
      if (!r.embedded) this.groups.remove(masterGroupKey(r), r);
      if (r.broken) this.brokenRegions--;
      this.dialects[r.dialect]--;
      this.pos.delete(r);
    }
    if (slice.realm) {
      this.realmsAndPeriods--;
      if (slice.realm.name?.value) this.realms.remove(slice.realm.name.value, slice.realm);
      this.realmSeq.delete(slice.realm);
    }
    if (slice.period) this.realmsAndPeriods--;
    for (const [key, c] of rec.listening ?? []) {
      this.listenings.remove(key, c);
      this.listeningAt.delete(c);
    }
    rec.listening = undefined;
    rec.slice = undefined;
  }

  /** A region that regionsByName holds: its zone list feeds membership, zone ids and endpoints. */
  private addEffective(r: RegionDef): void {
    const added: [Keyed<string, MemberC, unknown>, string, MemberC][] = [];
    const add = (keyed: Keyed<string, MemberC, unknown>, key: string, c: MemberC) => {
      keyed.add(key, c);
      added.push([keyed, key, c]);
    };
    r.zones.forEach((entry, i) => {
      if (!entry.name) return;
      const zone = entry.name.value;
      const member: MemberC = { region: r, entry: i, endpoint: 0, zone, payload: { region: r, entry } };
      add(this.members as Keyed<string, MemberC, unknown>, zone, member);
      if (entry.id) add(this.ids as Keyed<string, MemberC, unknown>, entry.id.value, member);
      entry.endpoints.forEach((e, j) => {
        const n = normalizeEndpoint(e.value);
        if (!n) return;
        const listing = { ...member, endpoint: j };
        add(this.urls as Keyed<string, MemberC, unknown>, n, listing);
        add(this.urlListings as Keyed<string, MemberC, unknown>, n, listing);
      });
    });
    this.effective.set(r, added);
    if (r.isMaster?.value === true) this.masters.add(r);
  }

  private removeEffective(r: RegionDef): void {
    for (const [keyed, key, c] of this.effective.get(r) ?? []) keyed.remove(key, c);
    this.effective.delete(r);
    this.masters.delete(r);
  }

  private addZone(rec: Rec, def: ZoneDef | undefined): void {
    rec.zone = def;
    if (!def) return;
    this.zoneSeq.set(def, rec.seq);
    this.zoneNames.add(def.name, def);
    const { keys, uses } = def.distinctPools;
    for (let i = 0; i < keys.length; i++) this.pools.add(keys[i], uses[i]);
    this.dialects[def.dialect]++;
    if (def.nameSource !== 'field') {
      const stem = (rec.stem ??= zoneStem(rec.file));
      let set = this.stems.get(stem);
      if (!set) this.stems.set(stem, (set = new Set()));
      set.add(rec);
    }
  }

  private removeZone(rec: Rec): void {
    const def = rec.zone;
    if (!def) return;
    this.zoneNames.remove(def.name, def);
    const { keys, uses } = def.distinctPools;
    for (let i = 0; i < keys.length; i++) this.pools.remove(keys[i], uses[i]);
    this.dialects[def.dialect]--;
    this.zoneSeq.delete(def);
    const stem = (rec.stem ??= zoneStem(rec.file));
    const set = this.stems.get(stem);
    if (set?.delete(rec) && !set.size) this.stems.delete(stem);
    rec.zone = undefined;
  }

  /** The federation as it is now: a new object after every change, its lists read on first access. */
  get federation(): Federation {
    if (this.shell) return this.shell;
    let lists: Pick<Federation, 'files' | 'regions' | 'zones' | 'realms' | 'periods' | 'confs' | 'instances' | 'agents'> | undefined;
    const all = () => (lists ??= this.lists());
    const globals = this.globals;
    this.shell = {
      get files() {
        return all().files;
      },
      get regions() {
        return all().regions;
      },
      get zones() {
        return all().zones;
      },
      get realms() {
        return all().realms;
      },
      get periods() {
        return all().periods;
      },
      get confs() {
        return all().confs;
      },
      get instances() {
        return all().instances;
      },
      get agents() {
        return all().agents;
      },
      regionsByName: this.regionsByName,
      zonesByName: this.zonesByName,
      membership: this.membership,
      zoneNameById: this.zoneNameById,
      // A getter, so that a rule reading the dialect records that it depends on it.
      get dialect() {
        return globals.get('dialect') as Federation['dialect'];
      },
      index: { masterGroups: this.masterGroups, poolUsers: this.poolUsers, endpoints: this.endpoints, endpointListings: this.endpointListings, realmsByName: this.realmsByName, globals: this.globals, listeners: this.listeners },
      definedBy: (file) => {
        const rec = this.recs.get(file);
        return { regions: rec?.slice?.regions ?? [], zone: rec?.zone, instances: rec?.slice?.instances, agent: rec?.slice?.agent };
      },
    };
    return this.shell;
  }

  private lists() {
    const recs = [...this.recs.values()].sort((a, b) => a.seq - b.seq);
    const out = { files: [] as ParsedFile[], regions: [] as RegionDef[], zones: [] as ZoneDef[], realms: [] as RealmDef[], periods: [] as PeriodDef[], confs: [] as ConfFile[], instances: [] as GatewayInstance[], agents: [] as AgentDef[] };
    for (const rec of recs) {
      const f = rec.file;
      out.files.push(f);
      if (rec.zone) out.zones.push(rec.zone);
      const slice = rec.slice;
      if (!slice) continue;
      for (const r of slice.regions) out.regions.push(r);
      if (slice.realm) out.realms.push(slice.realm);
      if (slice.period) out.periods.push(slice.period);
      if (f.kind === 'ceph-conf') {
        out.confs.push(f);
        for (const i of slice.instances!) out.instances.push(i);
      }
      if (slice.agent) out.agents.push(slice.agent);
    }
    return out;
  }
}

/** Builds the cross-file index of a federation from its parsed files, in the given order. No parsing happens here. */
export function buildFederation(files: ParsedFile[]): Federation {
  const index = new FederationIndex();
  index.apply([], files.map((file, seq) => ({ file, seq })), false);
  return index.federation;
}

/** The name a region lists as master, resolving a modern zone id to its name. */
export function masterZoneName(fed: Federation, region: RegionDef): string | undefined {
  const m = region.masterZone?.value;
  if (!m) return undefined;
  if (region.dialect === 'legacy') return m;
  return region.zones.find((z) => z.id?.value === m)?.name?.value ?? fed.zoneNameById.get(m);
}

/**
 * The zone whose endpoint a URL is, as radosgw-agent resolves its source and destination: the last zone listing that
 * endpoint wins (two zones sharing one is reported by endpoint-shared).
 */
export function zoneAtEndpoint(fed: Federation, url: string): string | undefined {
  const key = normalizeEndpoint(url);
  return key ? fed.index.endpoints.get(key) : undefined;
}

/** The one region that lists a zone; undefined when none or several do (that is reported on its own). */
export function regionOfZone(fed: Federation, zone: string): RegionDef | undefined {
  let region: RegionDef | undefined;
  for (const m of fed.membership.get(zone) ?? []) {
    if (region && m.region !== region) return undefined;
    region = m.region;
  }
  return region;
}
