// Which federation object a position names, and every place in the federation that names it. Definition,
// references, rename and hover are all built on these two functions.
import { findNodeAtOffset, getNodePath, type Node } from 'jsonc-parser';
import { child, elements, stringValue } from '../parse/json';
import { uriBasename, type ConfFile, type ParsedFile } from '../parse/parseFile';
import { nameVerbatim, type ConfEntry } from '../parse/cephConf';
import { zoneAtEndpoint, type RegionDef } from '../model/federation';
import type { Located, Position, Range } from '../types';
import { contains, fileOf, type FeatureContext } from './context';

export type SymbolKind = 'zone' | 'region';

export interface FederationSymbol {
  kind: SymbolKind;
  name: string;
  /** The text the position is on. */
  range: Range;
}

export interface Occurrence {
  uri: string;
  /** Exactly the characters of the name (inside quotes, the prefix part of a pool name...). */
  range: Range;
  role: 'definition' | 'reference';
  /** Whether renaming the symbol rewrites this text (a URL or a zone id names a zone without spelling it). */
  renamable: boolean;
  what: string;
  /** For a gateway section's name: the section, where the zone sits in it, and the keyring path it gives. */
  instance?: { section: string; zoneAt: number; keyring?: string };
}

const GATEWAY_SECTION = /^client\.(?:radosgw|rgw)\./;
const ZONE_KEYS = new Set(['rgw_zone']);
const REGION_KEYS = new Set(['rgw_region', 'rgw_zonegroup']);
const ZONE_ROOT_KEYS = new Set(['rgw_zone_root_pool']);
const REGION_ROOT_KEYS = new Set(['rgw_region_root_pool', 'rgw_zonegroup_root_pool']);

/**
 * Offsets of a ceph.conf value's own characters, inside its quotes if it has them (`rgw zone = 'us-west'`). Offsets,
 * not a range: a range needs the file's line table, which only a match should build.
 */
function confValue(file: ConfFile, e: ConfEntry): { start: number; end: number } {
  const q = file.text[e.valueStart];
  const quoted = (q === '"' || q === "'") && e.valueEnd - e.valueStart >= 2;
  return quoted ? { start: e.valueStart + 1, end: e.valueEnd - 1 } : { start: e.valueStart, end: e.valueEnd };
}

/** The range of a JSON string's content, without its quotes. */
function inner(file: ParsedFile, node: Node, from = 0, length?: number): Range {
  const start = node.offset + 1 + from;
  return file.lines.range(start, start + (length ?? node.length - 2 - from));
}

/** Where a zone's name sits inside one of its pool names (`.us-east.rgw.gc`, `us-east.rgw.log:gc`). */
function poolPrefixOffset(pool: string, zone: string): number {
  if (pool.startsWith(`.${zone}.`)) return 1;
  if (pool.startsWith(`${zone}.`)) return 0;
  return -1;
}

/** The zone part of a gateway section name that follows the `{zone}-{n}` convention. */
function sectionZoneOffset(section: string, zone: string): number {
  const m = GATEWAY_SECTION.exec(section);
  if (!m) return -1;
  const id = section.slice(m[0].length);
  if (id === zone) return m[0].length;
  return id.startsWith(zone) && /^-\d+$/.test(id.slice(zone.length)) ? m[0].length : -1;
}

function zoneNameFromId(ctx: FeatureContext, id: string): string | undefined {
  return ctx.federation.zoneNameById.get(id);
}

/** Region-shaped objects of a JSON file, with the JSON path prefix under which they sit. */
function regionNodes(file: ParsedFile): { node: Node; path: (string | number)[] }[] {
  if (file.kind === 'unknown' || file.kind === 'ceph-conf' || file.kind === 'agent-conf') return [];
  const root = file.json.root;
  if (!root) return [];
  if (file.kind === 'region' || file.kind === 'zonegroup') return [{ node: root, path: [] }];
  if (file.kind === 'regionmap') return elements(child(root, 'regions')).flatMap((r, i) => (child(r, 'val') ? [{ node: child(r, 'val')!, path: ['regions', i, 'val'] }] : []));
  if (file.kind === 'period') return elements(child(child(root, 'period_map'), 'zonegroups')).map((z, i) => ({ node: z, path: ['period_map', 'zonegroups', i] }));
  return [];
}

function startsWithPath(path: (string | number)[], prefix: (string | number)[]): boolean {
  return prefix.every((p, i) => path[i] === p);
}

function jsonSymbolAt(ctx: FeatureContext, file: ParsedFile, offset: number): FederationSymbol | undefined {
  if (file.kind === 'unknown' || file.kind === 'ceph-conf' || file.kind === 'agent-conf' || !file.json.root) return undefined;
  const node = findNodeAtOffset(file.json.root, offset, true);
  if (!node || node.type !== 'string' || node.parent?.type === 'property' && node.parent.children?.[0] === node) return undefined;
  const value = node.value as string;
  const path = getNodePath(node);
  const range = inner(file, node);
  for (const { path: prefix } of regionNodes(file)) {
    if (!startsWithPath(path, prefix)) continue;
    const rest = path.slice(prefix.length);
    if (rest.length === 3 && rest[0] === 'zones' && rest[2] === 'name') return { kind: 'zone', name: value, range };
    if (rest.length === 1 && rest[0] === 'master_zone') {
      const name = file.kind === 'region' || file.kind === 'regionmap' ? value : zoneNameFromId(ctx, value);
      return name ? { kind: 'zone', name, range } : undefined;
    }
    if (rest.length === 1 && rest[0] === 'name') return { kind: 'region', name: value, range };
  }
  if (file.kind === 'regionmap' && ((path.length === 3 && path[0] === 'regions' && path[2] === 'key') || (path.length === 1 && path[0] === 'master_region'))) {
    return { kind: 'region', name: value, range };
  }
  if (file.kind === 'zone') {
    const zone = ctx.federation.definedBy(file).zone;
    if (!zone) return undefined;
    if (path.length === 1 && path[0] === 'name') return { kind: 'zone', name: value, range };
    const at = poolPrefixOffset(value, zone.name);
    const start = file.lines.positionAt(node.offset);
    const isPool = zone.pools.some((p) => p.value.range.start.line === start.line && p.value.range.start.character === start.character);
    const prefix = inner(file, node, Math.max(at, 0), zone.name.length);
    if (at >= 0 && isPool && contains(prefix, file.lines.positionAt(offset))) return { kind: 'zone', name: zone.name, range: prefix };
  }
  return undefined;
}

function confSymbolAt(file: ParsedFile, pos: Position): FederationSymbol | undefined {
  if (file.kind !== 'ceph-conf') return undefined;
  for (const s of file.conf.sections) {
    if (s.nameStart >= 0 && contains(file.lines.range(s.nameStart, s.nameEnd), pos)) {
      const m = GATEWAY_SECTION.exec(s.name);
      if (!m) return undefined;
      const id = s.name.slice(m[0].length);
      const zone = /^(.*)-\d+$/.exec(id)?.[1] ?? id;
      // A name written with escapes has no offset per character of the name Ceph reads: the whole name stands for it.
      const range = nameVerbatim(s) ? file.lines.range(s.nameStart + m[0].length, s.nameStart + m[0].length + zone.length) : file.lines.range(s.nameStart, s.nameEnd);
      return { kind: 'zone', name: zone, range };
    }
    for (const e of s.entries) {
      const { start, end } = confValue(file, e);
      const range = file.lines.range(start, end);
      if (!contains(range, pos)) continue;
      if (ZONE_KEYS.has(e.key)) return { kind: 'zone', name: e.value, range };
      if (REGION_KEYS.has(e.key)) return { kind: 'region', name: e.value, range };
      const m = /^\.([^.]+)\./.exec(e.value);
      if (m && ZONE_ROOT_KEYS.has(e.key)) return { kind: 'zone', name: m[1], range: file.lines.range(start + 1, start + 1 + m[1].length) };
      if (m && REGION_ROOT_KEYS.has(e.key)) return { kind: 'region', name: m[1], range: file.lines.range(start + 1, start + 1 + m[1].length) };
    }
  }
  return undefined;
}

function agentSymbolAt(ctx: FeatureContext, file: ParsedFile, pos: Position): FederationSymbol | undefined {
  if (file.kind !== 'agent-conf') return undefined;
  for (const e of file.agent.entries) {
    const range = file.lines.range(e.valueStart, e.valueEnd);
    if (!contains(range, pos) || typeof e.value !== 'string') continue;
    if (e.key === 'src_zone') return { kind: 'zone', name: e.value, range };
    if (e.key === 'destination' || e.key === 'source') {
      const zone = zoneAtEndpoint(ctx.federation, e.value);
      return zone ? { kind: 'zone', name: zone, range } : undefined;
    }
  }
  return undefined;
}

export function symbolAt(ctx: FeatureContext, uri: string, pos: Position): FederationSymbol | undefined {
  const file = fileOf(ctx, uri);
  if (!file) return undefined;
  return jsonSymbolAt(ctx, file, file.lines.offsetAt(pos)) ?? confSymbolAt(file, pos) ?? agentSymbolAt(ctx, file, pos);
}

/** The range of a located JSON string's content, without its quotes (a JSON string is on one line). */
function innerOf(l: Located<string>): Range {
  const r = l.range;
  return { start: { line: r.start.line, character: r.start.character + 1 }, end: { line: r.end.line, character: r.end.character - 1 } };
}

// Both searches read the federation's index, not each file's tree: a federation of 1,000 zones is searched in a few
// milliseconds, and a line table is built only for the files where the name is found.
function zoneOccurrences(ctx: FeatureContext, zone: string): Occurrence[] {
  const out: Occurrence[] = [];
  const fed = ctx.federation;
  for (const region of fed.regions) {
    const legacy = region.kind === 'region';
    let zoneId: string | undefined;
    for (const z of region.zones) {
      if (z.name?.value !== zone) continue;
      zoneId = z.id?.value;
      out.push({ uri: region.uri, range: innerOf(z.name), role: 'reference', renamable: true, what: region.embedded ? 'zone of a committed map' : 'zone of a region' });
    }
    const master = region.masterZone;
    if (master && ((legacy && master.value === zone) || (!legacy && zoneId !== undefined && master.value === zoneId))) {
      out.push({ uri: region.uri, range: innerOf(master), role: 'reference', renamable: legacy, what: 'master_zone' });
    }
  }
  for (const z of fed.zonesByName.get(zone) ?? []) {
    const file = fileOf(ctx, z.uri)!;
    if (z.nameLoc) out.push({ uri: z.uri, range: innerOf(z.nameLoc), role: 'definition', renamable: true, what: 'zone infile' });
    else out.push({ uri: z.uri, range: z.anchor, role: 'definition', renamable: false, what: 'zone infile' });
    for (const p of z.pools) {
      const at = poolPrefixOffset(p.value.value, zone);
      if (at < 0) continue;
      const start = file.lines.offsetAt(p.value.range.start) + 1 + at;
      out.push({ uri: z.uri, range: file.lines.range(start, start + zone.length), role: 'reference', renamable: true, what: `pool ${p.field}` });
    }
  }
  for (const file of fed.files) {
    if (file.kind === 'ceph-conf') {
      for (const s of file.conf.sections) {
        const at = s.nameStart >= 0 ? sectionZoneOffset(s.name, zone) : -1;
        if (at >= 0 && !nameVerbatim(s)) {
          // Written with escapes (`[client.rgw.us\-east-1]`): listed, and left for the user to rename.
          out.push({ uri: file.uri, range: file.lines.range(s.nameStart, s.nameEnd), role: 'reference', renamable: false, what: 'gateway instance (its name written with escapes)' });
        } else if (at >= 0) {
          // The last `keyring` line is the one Ceph uses.
          const instance = { section: s.name, zoneAt: at, keyring: s.entries.filter((e) => e.key === 'keyring').pop()?.value };
          out.push({ uri: file.uri, range: file.lines.range(s.nameStart + at, s.nameStart + at + zone.length), role: 'reference', renamable: true, what: 'gateway instance', instance });
        }
        for (const e of s.entries) {
          const { start, end } = confValue(file, e);
          if (ZONE_KEYS.has(e.key) && e.value === zone) out.push({ uri: file.uri, range: file.lines.range(start, end), role: 'reference', renamable: true, what: 'rgw zone' });
          if (ZONE_ROOT_KEYS.has(e.key) && e.value.startsWith(`.${zone}.`)) {
            out.push({ uri: file.uri, range: file.lines.range(start + 1, start + 1 + zone.length), role: 'reference', renamable: true, what: 'rgw zone root pool' });
          }
        }
      }
    } else if (file.kind === 'agent-conf') {
      for (const e of file.agent.entries) {
        if (typeof e.value !== 'string') continue;
        if (e.key === 'src_zone' && e.value === zone) {
          out.push({ uri: file.uri, range: file.lines.range(e.valueStart, e.valueEnd), role: 'reference', renamable: true, what: 'src_zone' });
        }
        if ((e.key === 'destination' || e.key === 'source') && zoneAtEndpoint(fed, e.value) === zone) {
          out.push({ uri: file.uri, range: file.lines.range(e.valueStart, e.valueEnd), role: 'reference', renamable: false, what: e.key });
        }
      }
    }
  }
  return out;
}

function regionOccurrences(ctx: FeatureContext, region: string): Occurrence[] {
  const out: Occurrence[] = [];
  const fed = ctx.federation;
  const named = new Map<string, RegionDef[]>();
  for (const r of fed.regions) {
    if (r.name?.value !== region) continue;
    const list = named.get(r.uri);
    if (list) list.push(r);
    else named.set(r.uri, [r]);
  }
  for (const file of fed.files) {
    for (const r of named.get(file.uri) ?? []) {
      out.push({ uri: file.uri, range: innerOf(r.name!), role: r.embedded ? 'reference' : 'definition', renamable: true, what: r.embedded ? 'region of a committed map' : 'region infile' });
    }
    if (file.kind === 'regionmap' && file.json.root) {
      for (const r of elements(child(file.json.root, 'regions'))) {
        const key = child(r, 'key');
        if (stringValue(key) === region) out.push({ uri: file.uri, range: inner(file, key!), role: 'reference', renamable: true, what: 'region map key' });
      }
      const master = child(file.json.root, 'master_region');
      if (stringValue(master) === region) out.push({ uri: file.uri, range: inner(file, master!), role: 'reference', renamable: true, what: 'master_region' });
    }
    if (file.kind === 'ceph-conf') {
      for (const s of file.conf.sections) {
        for (const e of s.entries) {
          const { start, end } = confValue(file, e);
          if (REGION_KEYS.has(e.key) && e.value === region) out.push({ uri: file.uri, range: file.lines.range(start, end), role: 'reference', renamable: true, what: e.key.replace(/_/g, ' ') });
          if (REGION_ROOT_KEYS.has(e.key) && e.value.startsWith(`.${region}.`)) {
            out.push({ uri: file.uri, range: file.lines.range(start + 1, start + 1 + region.length), role: 'reference', renamable: true, what: e.key.replace(/_/g, ' ') });
          }
        }
      }
    }
  }
  return out;
}

export function occurrences(ctx: FeatureContext, symbol: Pick<FederationSymbol, 'kind' | 'name'>): Occurrence[] {
  return symbol.kind === 'zone' ? zoneOccurrences(ctx, symbol.name) : regionOccurrences(ctx, symbol.name);
}

/** Files named after the symbol by convention (`us-east.json`), which a rename renames too. */
export function conventionalFiles(ctx: FeatureContext, symbol: Pick<FederationSymbol, 'kind' | 'name'>): string[] {
  const uris = symbol.kind === 'zone'
    ? (ctx.federation.zonesByName.get(symbol.name) ?? []).map((z) => z.uri)
    : (ctx.federation.regionsByName.get(symbol.name) ?? []).filter((r) => !r.embedded).map((r) => r.uri);
  return [...new Set(uris)].filter((u) => uriBasename(u) === `${symbol.name}.json`);
}
