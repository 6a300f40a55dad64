// Completion in every file kind: schema-driven in JSON (vscode-json-languageservice), plus what only the federation
// knows: zone and region names, placement targets, conventional pool names, endpoints and keys.
import { getLocation, findNodeAtOffset } from 'jsonc-parser';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList, type Range as LspRange } from 'vscode-languageserver-types';
import { CEPH_OPTIONS, displayName, lookupOption } from '../ceph/options';
import { PLACEMENT_POOL_FIELDS, ZONE_POOL_FIELDS, conventionalPoolName, legacyRootPool } from '../ceph/pools';
import { masterZoneName, regionOfZone, type Federation, type RegionDef } from '../model/federation';
import type { AgentFile, ConfFile, JsonFile } from '../parse/parseFile';
import { normalizeConfKey } from '../parse/cephConf';
import { normalizeEndpoint } from '../rules/endpoints';
import { agentSchema, schemaByKind } from '../schemas';
import type { Position } from '../types';
import { fileOf, maskKey, type FeatureContext } from './context';
import { optionDoc } from './hover';
import { jsonDocumentOf, serviceFor } from './jsonService';

const empty: CompletionList = { isIncomplete: false, items: [] };

function regionOfFile(fed: Federation, uri: string, offset: number, file: JsonFile): RegionDef | undefined {
  const here = fed.regions.filter((r) => r.uri === uri);
  if (here.length <= 1) return here[0];
  // A region map or period holds several: take the one around the cursor.
  const pos = file.lines.positionAt(offset);
  return here.find((r) => (r.range.start.line < pos.line || (r.range.start.line === pos.line && r.range.start.character <= pos.character)) && (r.range.end.line > pos.line || (r.range.end.line === pos.line && r.range.end.character >= pos.character)));
}

/** The range a completed JSON string value replaces: the string under the cursor, quotes included. */
function valueRange(file: JsonFile, offset: number): LspRange {
  const node = file.json.root ? findNodeAtOffset(file.json.root, offset, true) : undefined;
  if (node && node.type === 'string') return file.lines.range(node.offset, node.offset + node.length);
  return file.lines.range(offset, offset);
}

function stringItems(file: JsonFile, offset: number, values: { value: string; label?: string; detail?: string; doc?: string }[]): CompletionItem[] {
  const range = valueRange(file, offset);
  return values.map((v, i) => ({
    label: v.label ?? v.value,
    kind: CompletionItemKind.Value,
    detail: v.detail,
    documentation: v.doc ? { kind: 'markdown', value: v.doc } : undefined,
    filterText: JSON.stringify(v.value),
    sortText: String(i).padStart(4, '0'),
    textEdit: { range, newText: JSON.stringify(v.value) },
  }));
}

function jsonFederationItems(ctx: FeatureContext, file: JsonFile, offset: number): CompletionItem[] | undefined {
  const fed = ctx.federation;
  const location = getLocation(file.text, offset);
  if (location.isAtPropertyKey) return undefined;
  const path = location.path;
  const last = path[path.length - 1];
  if (file.kind === 'region' || file.kind === 'zonegroup' || file.kind === 'regionmap' || file.kind === 'period') {
    const region = regionOfFile(fed, file.uri, offset, file);
    if (!region) return undefined;
    if (last === 'master_zone') {
      return stringItems(file, offset, region.zones.flatMap((z) => {
        if (!z.name) return [];
        if (region.dialect === 'legacy') return [{ value: z.name.value, detail: 'zone of this region' }];
        return z.id ? [{ value: z.id.value, label: z.name.value, detail: `zone id ${z.id.value}` }] : [];
      }));
    }
    if (last === 'default_placement') return stringItems(file, offset, region.placementTargets.map((t) => ({ value: t.value, detail: 'placement target' })));
    // A new entry in the zones array: offer the zone infiles no region lists yet.
    if (path.length === 2 && path[0] === 'zones' && typeof last === 'number' && region.dialect === 'legacy') {
      const node = file.json.root ? findNodeAtOffset(file.json.root, offset, true) : undefined;
      if (node && node.type !== 'array') return undefined;
      return fed.zones
        .filter((z) => !fed.membership.has(z.name))
        .map((z) => ({
          label: `zone ${z.name}`,
          kind: CompletionItemKind.Module,
          detail: `from ${z.uri.slice(z.uri.lastIndexOf('/') + 1)}`,
          insertTextFormat: InsertTextFormat.Snippet,
          insertText: `{\n\t"name": "${z.name}",\n\t"endpoints": ["\${1:http://${z.name}.example.com:80/}"],\n\t"log_meta": "true",\n\t"log_data": "true"\n}`,
        }));
    }
    return undefined;
  }
  if (file.kind === 'zone') {
    const zone = fed.definedBy(file).zone;
    if (!zone) return undefined;
    if (path.length === 3 && path[0] === 'placement_pools' && path[2] === 'key') {
      const targets = new Set<string>();
      for (const m of fed.membership.get(zone.name) ?? []) for (const t of m.region.placementTargets) targets.add(t.value);
      if (!targets.size) for (const r of fed.regions) for (const t of r.placementTargets) targets.add(t.value);
      return stringItems(file, offset, [...targets].map((value) => ({ value, detail: 'placement target of the region' })));
    }
    const field = path.length === 1 ? ZONE_POOL_FIELDS.find((f) => f.field === last) : path.length === 4 && path[0] === 'placement_pools' && path[2] === 'val' ? PLACEMENT_POOL_FIELDS.find((f) => f.field === last) : undefined;
    const name = field && conventionalPoolName(zone.name, field, zone.dialect);
    if (name) return stringItems(file, offset, [{ value: name, detail: `conventional ${field!.field} of zone ${zone.name}` }]);
  }
  return undefined;
}

async function completeJson(ctx: FeatureContext, file: JsonFile, pos: Position): Promise<CompletionList> {
  const offset = file.lines.offsetAt(pos);
  const ours = jsonFederationItems(ctx, file, offset);
  if (ours?.length) return { isIncomplete: false, items: ours };
  const { textDocument, jsonDocument } = jsonDocumentOf(file);
  const list = await serviceFor(file.kind).doComplete(textDocument, pos, jsonDocument);
  if (!list) return empty;
  // Required keys first, as the schema lists them.
  const location = getLocation(file.text, offset);
  if (location.isAtPropertyKey || location.path.length <= 1) {
    const required = new Set(location.path.length <= 1 ? (schemaByKind[file.kind].required ?? []) : []);
    for (const item of list.items) {
      const key = typeof item.label === 'string' ? item.label : '';
      item.sortText = `${required.has(key) ? '0' : '1'}${item.sortText ?? key}`;
    }
  }
  return list;
}

/** The effective value of `key` for a section: its own, else [client], else [global]. */
function effective(file: ConfFile, section: string, key: string): string | undefined {
  for (const name of [section, 'client', 'global']) {
    for (const s of file.conf.sections) {
      if (s.name !== name) continue;
      for (let i = s.entries.length - 1; i >= 0; i--) if (s.entries[i].key === key) return s.entries[i].value;
    }
  }
  return undefined;
}

/** The cursor's line up to the cursor, in a line-based file (ceph.conf, agent config). */
function lineBefore(file: ConfFile | AgentFile, pos: Position): { lineStart: number; offset: number; before: string } {
  const lineStart = file.lines.offsetAt({ line: pos.line, character: 0 });
  const offset = file.lines.offsetAt(pos);
  return { lineStart, offset, before: file.text.slice(lineStart, offset) };
}

/** Where a value begins after its separator at `sep` in the line: past the separator and any blank. */
function valueStartAfter(lineStart: number, before: string, sep: number): number {
  const rest = before.slice(sep + 1);
  return lineStart + sep + 1 + (rest.length - rest.trimStart().length);
}

function completeConf(ctx: FeatureContext, file: ConfFile, pos: Position): CompletionList {
  const fed = ctx.federation;
  const { lineStart, offset, before } = lineBefore(file, pos);
  const indent = before.length - before.trimStart().length;

  if (/^\s*\[/.test(before)) {
    const from = lineStart + before.indexOf('[') + 1;
    const after = file.text.slice(offset, file.text.indexOf('\n', offset) < 0 ? file.text.length : file.text.indexOf('\n', offset));
    const close = after.includes(']') ? '' : ']';
    const existing = new Set(file.conf.sections.map((s) => s.name));
    const modern = fed.dialect === 'modern';
    const names = ['global', 'client'];
    for (const z of new Set([...fed.zonesByName.keys(), ...fed.membership.keys()])) {
      let n = 1;
      while (existing.has(`client.radosgw.${z}-${n}`) || existing.has(`client.rgw.${z}-${n}`)) n++;
      names.push(`client.${modern ? 'rgw' : 'radosgw'}.${z}-${n}`);
    }
    const range = file.lines.range(from, offset);
    return {
      isIncomplete: false,
      items: names.filter((n) => !existing.has(n) || n === 'global' || n === 'client').map((n, i) => ({
        label: n,
        kind: CompletionItemKind.Module,
        detail: n.startsWith('client.') && n !== 'client' ? 'gateway instance section' : 'section',
        sortText: String(i).padStart(4, '0'),
        textEdit: { range, newText: n + close },
      })),
    };
  }
  const section = [...file.conf.sections].reverse().find((s) => s.headerStart <= lineStart);
  if (!section) return empty;
  const eq = before.indexOf('=');
  if (eq < 0) {
    const present = new Set(section.entries.map((e) => e.key));
    const gateway = /^client\.(radosgw|rgw)\./.test(section.name) || section.name === 'client';
    const range = file.lines.range(lineStart + indent, offset);
    const items = CEPH_OPTIONS.filter((o) => !o.removed && (gateway ? o.gateway : true) && !present.has(o.name)).map((o) => ({
      label: displayName(o.name),
      kind: CompletionItemKind.Property,
      detail: `${o.type}${o.default !== null && o.default !== '' ? ` = ${String(o.default)}` : ''}`,
      documentation: { kind: 'markdown' as const, value: optionDoc(o) },
      sortText: `${o.level === 'basic' ? 0 : o.level === 'advanced' ? 1 : 2}${o.name}`,
      textEdit: { range, newText: `${displayName(o.name)} = ` },
    }));
    return { isIncomplete: false, items };
  }
  const key = normalizeConfKey(before.slice(indent, eq));
  const valueStart = valueStartAfter(lineStart, before, eq);
  const range = file.lines.range(valueStart, offset);
  const values = (list: { value: string; detail?: string }[]): CompletionList => ({
    isIncomplete: false,
    items: list.map((v, i) => ({ label: v.value, kind: CompletionItemKind.Value, detail: v.detail, sortText: String(i).padStart(4, '0'), textEdit: { range, newText: v.value } })),
  });
  const region = effective(file, section.name, 'rgw_zonegroup') ?? effective(file, section.name, 'rgw_region');
  const zone = effective(file, section.name, 'rgw_zone');
  if (key === 'rgw_region' || key === 'rgw_zonegroup') {
    return values([...fed.regionsByName.entries()].map(([name, defs]) => ({ value: name, detail: `${defs[0].kind}${defs[0].isMaster?.value === true ? ', master' : ''}` })));
  }
  if (key === 'rgw_realm') return values([...fed.index.realmsByName.keys()].map((name) => ({ value: name, detail: 'realm' })));
  if (key === 'rgw_zone') {
    const defs = region ? fed.regionsByName.get(region) : undefined;
    const zones = defs ? defs.flatMap((r) => r.zoneNames) : [...new Set([...fed.zonesByName.keys(), ...fed.membership.keys()])];
    return values([...new Set(zones)].map((z) => ({ value: z, detail: region ? `zone of ${region}` : 'zone' })));
  }
  if (key === 'rgw_zone_root_pool' && zone) return values([{ value: legacyRootPool(zone), detail: `root pool of zone ${zone}` }]);
  if ((key === 'rgw_region_root_pool' || key === 'rgw_zonegroup_root_pool') && region) return values([{ value: legacyRootPool(region), detail: `root pool of region ${region}` }]);
  const option = lookupOption(key);
  if (option?.type === 'bool') return values([{ value: 'true' }, { value: 'false' }]);
  if (option?.enum) return values(option.enum.map((value) => ({ value })));
  return empty;
}

function completeAgent(ctx: FeatureContext, file: AgentFile, pos: Position): CompletionList {
  const fed = ctx.federation;
  const { lineStart, offset, before } = lineBefore(file, pos);
  const colon = before.indexOf(':');
  const props = agentSchema.properties as Record<string, { description?: string; type?: string; enum?: unknown[] }>;
  if (colon < 0) {
    const present = new Set(file.agent.entries.map((e) => e.key));
    const range = file.lines.range(lineStart + (before.length - before.trimStart().length), offset);
    const required = new Set(agentSchema.required ?? []);
    return {
      isIncomplete: false,
      items: Object.entries(props).filter(([k]) => !present.has(k)).map(([k, p]) => ({
        label: k,
        kind: CompletionItemKind.Property,
        detail: p.type,
        documentation: p.description ? { kind: 'markdown' as const, value: p.description } : undefined,
        sortText: `${required.has(k) ? 0 : 1}${k}`,
        textEdit: { range, newText: `${k}: ` },
      })),
    };
  }
  const key = before.slice(0, colon).trim();
  const valueStart = valueStartAfter(lineStart, before, colon);
  const range = file.lines.range(valueStart, offset);
  const item = (value: string, label: string, detail: string, i: number): CompletionItem => ({ label, kind: CompletionItemKind.Value, detail, filterText: value, sortText: String(i).padStart(4, '0'), textEdit: { range, newText: value } });
  const endpoints: { zone: string; url: string }[] = [];
  for (const list of fed.regionsByName.values()) for (const r of list) for (const z of r.zones) for (const e of z.endpoints) if (z.name) endpoints.push({ zone: z.name.value, url: e.value.replace(/\/+$/, '') });
  if (key === 'destination' || key === 'source') return { isIncomplete: false, items: endpoints.map((e, i) => item(e.url, e.url, `zone ${e.zone}`, i)) };
  if (key === 'src_zone') return { isIncomplete: false, items: [...new Set([...fed.zonesByName.keys(), ...fed.membership.keys()])].map((z, i) => item(z, z, 'zone', i)) };
  const keyMatch = /^(src|dest)_(access|secret)_key$/.exec(key);
  if (keyMatch) {
    const entry = (k: string) => file.agent.entries.find((e) => e.key === k)?.value;
    const destUrl = normalizeEndpoint(String(entry('destination') ?? ''));
    const dest = endpoints.find((e) => normalizeEndpoint(e.url) === destUrl)?.zone;
    const destRegion = dest ? regionOfZone(fed, dest) : undefined;
    const src = typeof entry('src_zone') === 'string' ? (entry('src_zone') as string) : destRegion ? masterZoneName(fed, destRegion) : undefined;
    const zone = keyMatch[1] === 'src' ? src : dest;
    const candidates = zone ? (fed.zonesByName.get(zone) ?? []) : fed.zones;
    const which = keyMatch[2] === 'access' ? 'accessKey' : 'secretKey';
    return {
      isIncomplete: false,
      items: candidates.flatMap((z, i) => {
        const v = z.systemKey?.[which]?.value;
        return v ? [item(v, `system_key of ${z.name} (${maskKey(v)})`, `${keyMatch[2]} key of zone ${z.name}`, i)] : [];
      }),
    };
  }
  const p = props[key];
  if (p?.type === 'boolean') return { isIncomplete: false, items: ['true', 'false'].map((v, i) => item(v, v, 'boolean', i)) };
  if (p?.enum) return { isIncomplete: false, items: p.enum.map((v, i) => item(String(v), String(v), key, i)) };
  return empty;
}

export async function complete(ctx: FeatureContext, uri: string, pos: Position): Promise<CompletionList> {
  const file = fileOf(ctx, uri);
  if (!file) return empty;
  switch (file.kind) {
    case 'ceph-conf':
      return completeConf(ctx, file, pos);
    case 'agent-conf':
      return completeAgent(ctx, file, pos);
    case 'unknown':
      return empty;
    default:
      return completeJson(ctx, file, pos);
  }
}
