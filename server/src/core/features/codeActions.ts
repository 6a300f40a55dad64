// Quick fixes: each turns one diagnostic into the edit an operator would make by hand.
import { findNodeAtOffset, getNodePath, modify, type Node } from 'jsonc-parser';
import type { CodeAction, Diagnostic as LspDiagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { displayName, lookupOption, suggestOptions } from '../ceph/options';
import { PLACEMENT_POOL_FIELDS, ZONE_POOL_FIELDS, conventionalPoolName, poolPrefix, type Dialect } from '../ceph/pools';
import { frontendListeners } from '../ceph/frontends';
import { masterZoneName, regionOfZone, type Federation, type PoolRef, type RegionDef, type ZoneDef } from '../model/federation';
import type { ConfFile, JsonFile, ParsedFile } from '../parse/parseFile';
import { findPlaceholders } from '../rules/placeholder';
import { normalizeEndpoint } from '../rules/endpoints';
import { agentRules, sourceUrlZone, sourceZoneGuesses } from '../rules/agent';
import { cephConfRules, portClashes, realmGuesses, zoneGuesses } from '../rules/cephConf';
import { regionRules, syncFromGuesses } from '../rules/region';
import { placeholderRules } from '../rules/placeholder';
import { missingPlacements, zoneRules } from '../rules/zone';
import type { Range } from '../types';
import { fileOf, type FeatureContext } from './context';
import { COMMAND_IDS } from '../commands';

const sameStart = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character;

function fix(title: string, diagnostic: LspDiagnostic, edit: WorkspaceEdit, preferred = false): CodeAction {
  return { title, kind: 'quickfix', diagnostics: [diagnostic], edit, isPreferred: preferred || undefined };
}

function textEdit(uri: string, edits: TextEdit[]): WorkspaceEdit {
  return { changes: { [uri]: edits } };
}

function jsonNodeAt(file: JsonFile, range: Range): Node | undefined {
  return file.json.root ? findNodeAtOffset(file.json.root, file.lines.offsetAt(range.start) + 1, true) : undefined;
}

/** The conventional name of a pool, or its name with the zone's prefix put right. */
export function conventionalPool(zone: ZoneDef, pool: PoolRef): string {
  const fields = pool.placement ? PLACEMENT_POOL_FIELDS : ZONE_POOL_FIELDS;
  const field = fields.find((f) => f.field === pool.fieldName);
  const named = field && conventionalPoolName(zone.name, field, zone.dialect);
  if (named) return named;
  const v = pool.value.value;
  const rest = zone.dialect === 'legacy' ? v.replace(/^\.?[^.]*\./, '') : v.replace(/^[^.]*\./, '');
  return poolPrefix(zone.name, zone.dialect) + rest;
}

function masterZoneFixes(fed: Federation, file: JsonFile, d: LspDiagnostic): CodeAction[] {
  const region = fed.regions.find((r) => r.uri === file.uri && r.masterZone && sameStart(r.masterZone.range, d.range));
  if (!region) return [];
  return region.zones.flatMap((z) => {
    const value = region.dialect === 'legacy' ? z.name?.value : z.id?.value;
    if (!value || !z.name) return [];
    return [fix(`Set master_zone to ${z.name.value}`, d, textEdit(file.uri, [{ range: d.range, newText: JSON.stringify(value) }]))];
  });
}

/** The zone infile's id in the zonegroup's listing, and in master_zone when that named the zone by the old id. */
function zoneIdFixes(fed: Federation, file: JsonFile, d: LspDiagnostic): CodeAction[] {
  for (const r of fed.regions) {
    if (r.uri !== file.uri || r.embedded) continue;
    const entry = r.zones.find((z) => z.id && sameStart(z.id.range, d.range));
    const id = entry?.name && fed.zonesByName.get(entry.name.value)?.[0]?.id?.value;
    if (!entry?.id || !id) continue;
    const edits: TextEdit[] = [{ range: entry.id.range, newText: JSON.stringify(id) }];
    if (r.masterZone?.value === entry.id.value) edits.push({ range: r.masterZone.range, newText: JSON.stringify(id) });
    return [fix(`Use the id of zone ${entry.name!.value} from its infile${edits.length > 1 ? ' (in master_zone too)' : ''}`, d, textEdit(file.uri, edits), true)];
  }
  return [];
}

function poolPrefixFixes(fed: Federation, file: JsonFile, d: LspDiagnostic): CodeAction[] {
  const zone = fed.definedBy(file).zone;
  const pool = zone?.pools.find((p) => sameStart(p.value.range, d.range));
  if (!zone || !pool) return [];
  const one = conventionalPool(zone, pool);
  const actions = [fix(`Rename pool to ${one}`, d, textEdit(file.uri, [{ range: pool.value.range, newText: JSON.stringify(one) }]), true)];
  const prefix = poolPrefix(zone.name, zone.dialect);
  const wrong = zone.pools.filter((p) => !(zone.dialect === 'legacy' && !p.value.value.startsWith('.') ? `.${p.value.value}` : p.value.value).startsWith(prefix));
  if (wrong.length > 1) {
    actions.push(fix(`Rename all ${wrong.length} pools of zone ${zone.name} to the convention`, d, textEdit(file.uri, wrong.map((p) => ({ range: p.value.range, newText: JSON.stringify(conventionalPool(zone, p)) })))));
  }
  return actions;
}

/** A new zone infile following the conventions of the region's dialect, with empty keys to fill in. */
export function zoneInfileText(zone: string, dialect: Dialect, placementTargets: string[]): string {
  const value: Record<string, unknown> = {};
  if (dialect === 'modern') value.name = zone;
  for (const f of ZONE_POOL_FIELDS) {
    const name = conventionalPoolName(zone, f, dialect);
    if (name) value[f.field] = name;
  }
  value.system_key = { access_key: '', secret_key: '' };
  value.placement_pools = (placementTargets.length ? placementTargets : ['default-placement']).map((key) => placementEntry(zone, dialect, key));
  return JSON.stringify(value, null, 4) + '\n';
}

/** Edits appending `value` to the array at the top-level `key`, in the infiles' layout (four spaces). */
function appendTo(file: JsonFile, key: string, value: unknown): TextEdit[] {
  const edits = modify(file.text, [key, -1], value, { formattingOptions: { insertSpaces: true, tabSize: 4, eol: '\n' } });
  return edits.map((e) => ({ range: file.lines.range(e.offset, e.offset + e.length), newText: e.content }));
}

/** A placement_pools entry with the zone's conventional pools. */
function placementEntry(zone: string, dialect: Dialect, key: string): { key: string; val: Record<string, string> } {
  const val: Record<string, string> = {};
  for (const f of PLACEMENT_POOL_FIELDS) {
    const name = conventionalPoolName(zone, f, dialect);
    if (name && (dialect === 'modern' || f.field !== 'data_extra_pool')) val[f.field] = name;
  }
  return { key, val };
}

/** The missing placement appended to placement_pools, on the zone's conventional pools (shared with its default). */
function placementMissingFixes(fed: Federation, file: JsonFile, d: LspDiagnostic): CodeAction[] {
  const zone = fed.definedBy(file).zone;
  if (!zone || file.json.errors.length) return [];
  // Several missing placements share the diagnostic's range: its related location is the placement target meant.
  const target = d.relatedInformation?.[0]?.location;
  const missing = target && missingPlacements(fed, zone).find((m) => m.target.uri === target.uri && sameStart(m.target.range, target.range));
  if (!missing) return [];
  const edits = appendTo(file, 'placement_pools', placementEntry(zone.name, zone.dialect, missing.target.value));
  return [fix(`Add placement ${missing.target.value} to placement_pools`, d, textEdit(file.uri, edits), true)];
}

function zoneInfileMissingFixes(fed: Federation, file: JsonFile, d: LspDiagnostic): CodeAction[] {
  const region = fed.regions.find((r) => r.uri === file.uri);
  const entry = region?.zones.find((z) => z.name && sameStart(z.name.range, d.range));
  if (!region || !entry?.name) return [];
  const zone = entry.name.value;
  const uri = file.uri.slice(0, file.uri.lastIndexOf('/') + 1) + encodeURIComponent(`${zone}.json`);
  const text = zoneInfileText(zone, region.dialect, region.placementTargets.map((t) => t.value));
  return [
    fix(`Create zone infile ${zone}.json`, d, {
      documentChanges: [
        { kind: 'create', uri, options: { ignoreIfExists: true } },
        { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] },
      ],
    }, true),
  ];
}

function zoneUnlistedFixes(fed: Federation, file: JsonFile, d: LspDiagnostic): CodeAction[] {
  const zone = fed.definedBy(file).zone;
  if (!zone) return [];
  const regions = [...fed.regionsByName.values()].flat().filter((r) => !r.embedded && r.dialect === zone.dialect);
  return regions.flatMap((r) => {
    const target = fileOf({ federation: fed }, r.uri) as JsonFile | undefined;
    if (!target || target.json.errors.length) return [];
    const entry: Record<string, unknown> = r.dialect === 'legacy'
      ? { name: zone.name, endpoints: [], log_meta: 'true', log_data: 'true' }
      : zone.id ? { id: zone.id.value, name: zone.name, endpoints: [], log_meta: 'false', log_data: 'true' } : {};
    if (!entry.name) return [];
    return [fix(`Add zone ${zone.name} to ${r.kind} ${r.name?.value ?? '?'}`, d, textEdit(r.uri, appendTo(target, 'zones', entry)))];
  });
}

function confKeyFixes(file: ConfFile, d: LspDiagnostic, dash: boolean): CodeAction[] {
  const entry = file.conf.sections.flatMap((s) => s.entries).find((e) => sameStart(file.lines.range(e.keyStart, e.keyEnd), d.range));
  if (!entry) return [];
  const names = dash
    ? [lookupOption(entry.key.replace(/-/g, '_')) ? entry.key.replace(/-/g, '_') : undefined].filter((n): n is string => !!n)
    : suggestOptions(entry.key, 3);
  return names.map((n, i) => fix(`Change to "${displayName(n)}"`, d, textEdit(file.uri, [{ range: d.range, newText: displayName(n) }]), i === 0));
}

/** The zones a gateway section may have meant: its region's, the one its name starts with first. */
function confZoneFixes(fed: Federation, file: ConfFile, d: LspDiagnostic): CodeAction[] {
  const inst = fed.instances.find((i) => i.uri === file.uri && (sameStart(i.section.range, d.range) || (i.zone && sameStart(i.zone.value.range, d.range))));
  if (!inst) return [];
  const region = inst.region?.value.value;
  const listed = (region && fed.regionsByName.get(region)?.[0]?.zoneNames) || [...fed.zonesByName.keys()];
  const meant = listed.filter((z) => inst.id === z || inst.id.startsWith(`${z}-`)).sort((a, b) => b.length - a.length)[0];
  const zones = meant ? [meant, ...listed.filter((z) => z !== meant)] : listed;
  const offset = file.lines.offsetAt(d.range.start);
  const section = file.conf.sections.find((s) => s.name === inst.section.value);
  return zones.slice(0, 10).flatMap((zone) => {
    if (inst.zone?.section === inst.section.value) {
      // The section's own empty value: the name goes where the value would be. An empty one inherited from
      // [client] or [global] stays, and the section gets its own.
      const text = file.text[offset - 1] === '=' ? ` ${zone}` : zone;
      return [fix(`Set rgw zone = ${zone}`, d, textEdit(file.uri, [{ range: d.range, newText: text }]), zone === meant)];
    }
    if (!section) return [];
    // A new line right after the header's line, comments on it left where they are.
    const eol = file.text.indexOf('\n', section.headerEnd);
    const at = file.lines.positionAt(eol < 0 ? file.text.length : eol + 1);
    const newText = `${eol < 0 ? '\n' : ''}rgw zone = ${zone}\n`;
    return [fix(`Add rgw zone = ${zone}`, d, textEdit(file.uri, [{ range: { start: at, end: at }, newText }]), zone === meant)];
  });
}

/**
 * A gateway whose socket another gateway on its host wants: each clashing port moved to the lowest port above it
 * that no gateway section of the host names. An inherited value is shared with other sections: left to the operator.
 */
function confPortFixes(fed: Federation, file: ConfFile, d: LspDiagnostic): CodeAction[] {
  const inst = fed.instances.find((i) => i.uri === file.uri && i.frontends?.section === i.section.value && sameStart(i.frontends.value.range, d.range));
  const frontends = inst?.frontends;
  const host = inst?.host?.value.value.toLowerCase();
  if (!inst || !frontends || !host) return [];
  const value = frontends.value.value;
  const start = file.lines.offsetAt(frontends.value.range.start);
  if (file.text.slice(start, start + value.length) !== value) return []; // quoted or escaped in the file
  const taken = new Set<number>();
  for (const i of fed.instances) {
    if (i.frontends && i.host?.value.value.toLowerCase() === host) for (const l of frontendListeners(i.frontends.value.value)) taken.add(l.port);
  }
  const edits: TextEdit[] = [];
  const moved: string[] = [];
  for (const { listener: l } of portClashes(fed, inst)) {
    let port = l.port + 1;
    while (port < 65536 && taken.has(port)) port++;
    if (port > 65535) continue;
    taken.add(port);
    edits.push({ range: file.lines.range(start + l.portAt.start, start + l.portAt.end), newText: `${l.portAt.before}${port}` });
    moved.push(`${l.port} to ${port}`);
  }
  if (!edits.length) return [];
  return [fix(`Move ${inst.section.value} from port ${moved.join(', ')}`, d, textEdit(file.uri, edits), true)];
}

/** One fix per guess, the first preferred; `write` puts a name into the file's syntax (a JSON string is quoted). */
function changeTo(uri: string, d: LspDiagnostic, names: string[], write = (name: string) => name): CodeAction[] {
  return names.map((n, i) => fix(`Change to ${n}`, d, textEdit(uri, [{ range: d.range, newText: write(n) }]), i === 0));
}

function confZoneUnknownFixes(fed: Federation, file: ConfFile, d: LspDiagnostic): CodeAction[] {
  const inst = fed.instances.find((i) => i.zone && i.zone.value.uri === file.uri && sameStart(i.zone.value.range, d.range));
  if (!inst) return [];
  return changeTo(file.uri, d, zoneGuesses(fed, inst, inst.zone!.value.value));
}

function confRealmUnknownFixes(fed: Federation, file: ConfFile, d: LspDiagnostic): CodeAction[] {
  const inst = fed.instances.find((i) => i.realm && i.realm.value.uri === file.uri && sameStart(i.realm.value.range, d.range));
  if (!inst) return [];
  return changeTo(file.uri, d, realmGuesses(fed, inst.realm!.value.value));
}

function syncFromFixes(fed: Federation, file: JsonFile, d: LspDiagnostic): CodeAction[] {
  for (const r of fed.definedBy(file).regions) {
    for (const z of r.zones) {
      const f = z.syncFrom.find((s) => sameStart(s.range, d.range));
      if (f && z.name) return changeTo(file.uri, d, syncFromGuesses(r, z.name.value, f.value), (n) => JSON.stringify(n));
    }
  }
  return [];
}

function agentSourceFixes(fed: Federation, file: ParsedFile, d: LspDiagnostic): CodeAction[] {
  if (file.kind !== 'agent-conf') return [];
  const entry = file.agent.entries.find((e) => e.key === 'src_zone' && sameStart(file.lines.range(e.valueStart, e.valueEnd), d.range));
  if (!entry || typeof entry.value !== 'string') return [];
  return changeTo(file.uri, d, sourceZoneGuesses(fed, entry.value));
}

/** src_zone set to the zone the source URL reaches, which is where radosgw-agent connects. */
function agentSourceMismatchFixes(fed: Federation, file: ParsedFile, d: LspDiagnostic): CodeAction[] {
  const agent = fed.definedBy(file).agent;
  const zone = agent && sourceUrlZone(fed, agent);
  return zone ? changeTo(file.uri, d, [zone]) : [];
}

function agentKeyFixes(ctx: FeatureContext, file: ParsedFile, d: LspDiagnostic): CodeAction[] {
  const related = d.relatedInformation?.[0];
  const zoneFile = related && fileOf(ctx, related.location.uri);
  if (!zoneFile || zoneFile.kind !== 'zone' || !zoneFile.json.root) return [];
  const node = findNodeAtOffset(zoneFile.json.root, zoneFile.lines.offsetAt(related.location.range.start) + 1, true);
  if (!node || node.type !== 'string' || !node.value) return [];
  const zone = ctx.federation.definedBy(zoneFile).zone;
  return [fix(`Use the ${getNodePath(node).pop()} of zone ${zone?.name ?? '?'}`, d, textEdit(file.uri, [{ range: d.range, newText: String(node.value) }]), true)];
}

/** The gateway DNS name serving a zone, from the ceph.conf instance sections. */
function dnsNameOf(fed: Federation, zone: string): string | undefined {
  return fed.instances.find((i) => i.zone?.value.value === zone && i.dnsName && !findPlaceholders(i.dnsName.value.value).length)?.dnsName?.value.value;
}

function placeholderFixes(ctx: FeatureContext, file: ParsedFile, d: LspDiagnostic): CodeAction[] {
  const fed = ctx.federation;
  if (file.kind === 'region' || file.kind === 'zonegroup') {
    const node = jsonNodeAt(file, d.range);
    if (!node || node.type !== 'string') return [];
    const path = getNodePath(node);
    const region: RegionDef | undefined = fed.regions.find((r) => r.uri === file.uri);
    let zone: string | undefined;
    if (path[0] === 'zones' && typeof path[1] === 'number' && path[2] === 'endpoints') zone = stringOf(elementsAt(file, path.slice(0, 2)), 'name');
    else if (path[0] === 'endpoints' && region) zone = masterZoneName(fed, region);
    const dns = zone && dnsNameOf(fed, zone);
    if (!dns) return [];
    const value = String(node.value);
    const token = findPlaceholders(value)[0];
    const fixed = value.slice(0, token.index) + dns + value.slice(token.index + token.text.length);
    return [fix(`Fill in ${token.text} with ${dns} (rgw dns name of zone ${zone})`, d, textEdit(file.uri, [{ range: d.range, newText: JSON.stringify(fixed) }]), true)];
  }
  if (file.kind === 'agent-conf') {
    const entry = file.agent.entries.find((e) => sameStart(file.lines.range(e.valueStart, e.valueEnd), d.range));
    const m = entry && /^(src|dest)_(access|secret)_key$/.exec(entry.key);
    if (!entry || !m) return [];
    const zone = agentZone(fed, file, m[1] as 'src' | 'dest');
    const key = zone?.systemKey?.[m[2] === 'access' ? 'accessKey' : 'secretKey']?.value;
    if (!zone || !key) return [];
    return [fix(`Fill in the ${m[2]} key of zone ${zone.name}`, d, textEdit(file.uri, [{ range: d.range, newText: key }]), true)];
  }
  return [];
}

function elementsAt(file: JsonFile, path: (string | number)[]): Node | undefined {
  let node = file.json.root;
  for (const step of path) {
    if (!node) return undefined;
    node = typeof step === 'number' ? node.children?.[step] : node.children?.find((p) => p.children?.[0]?.value === step)?.children?.[1];
  }
  return node;
}

function stringOf(node: Node | undefined, key: string): string | undefined {
  const v = node?.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];
  return v?.type === 'string' ? (v.value as string) : undefined;
}

/** The zone on one side of an agent config: the destination by its URL, the source by src_zone or the topology. */
function agentZone(fed: Federation, file: ParsedFile & { kind: 'agent-conf' }, side: 'src' | 'dest'): ZoneDef | undefined {
  const value = (k: string) => file.agent.entries.find((e) => e.key === k)?.value;
  const destination = normalizeEndpoint(String(value('destination') ?? ''));
  let dest: string | undefined;
  for (const [name, members] of fed.membership) {
    if (destination && members.some((m) => m.entry.endpoints.some((e) => normalizeEndpoint(e.value) === destination))) dest = name;
  }
  let zone = dest;
  if (side === 'src') {
    const explicit = value('src_zone');
    const region = dest ? regionOfZone(fed, dest) : undefined;
    zone = typeof explicit === 'string' ? explicit : region ? masterZoneName(fed, region) : undefined;
  }
  return zone ? fed.zonesByName.get(zone)?.[0] : undefined;
}

export function codeActions(ctx: FeatureContext, uri: string, diagnostics: LspDiagnostic[]): CodeAction[] {
  const file = fileOf(ctx, uri);
  if (!file) return [];
  const fed = ctx.federation;
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const json = file.kind !== 'ceph-conf' && file.kind !== 'agent-conf' && file.kind !== 'unknown' ? file : undefined;
    switch (d.code) {
      case regionRules.masterZoneUnknown.code:
        if (json) out.push(...masterZoneFixes(fed, json, d));
        break;
      case zoneRules.poolPrefix.code:
        if (json) out.push(...poolPrefixFixes(fed, json, d));
        break;
      case regionRules.syncFromUnknown.code:
        if (json) out.push(...syncFromFixes(fed, json, d));
        break;
      case zoneRules.placementMissing.code:
        if (json) out.push(...placementMissingFixes(fed, json, d));
        break;
      case regionRules.zoneInfileMissing.code:
        if (json) out.push(...zoneInfileMissingFixes(fed, json, d));
        break;
      case regionRules.zoneIdMismatch.code:
        if (json) out.push(...zoneIdFixes(fed, json, d));
        break;
      case regionRules.zoneUnlisted.code:
        if (json) out.push(...zoneUnlistedFixes(fed, json, d));
        break;
      case cephConfRules.confDashKey.code:
      case cephConfRules.confUnknownOption.code:
        if (file.kind === 'ceph-conf') out.push(...confKeyFixes(file, d, d.code === cephConfRules.confDashKey.code));
        break;
      case cephConfRules.confZoneUnknown.code:
        if (file.kind === 'ceph-conf') out.push(...confZoneUnknownFixes(fed, file, d));
        break;
      case cephConfRules.confRealmUnknown.code:
        if (file.kind === 'ceph-conf') out.push(...confRealmUnknownFixes(fed, file, d));
        break;
      case cephConfRules.confPortConflict.code:
        // One fix moves every clashing port of the value; the value's other diagnostics get none of their own.
        if (file.kind === 'ceph-conf' && !out.some((a) => a.diagnostics?.some((x) => x.code === d.code && sameStart(x.range, d.range)))) out.push(...confPortFixes(fed, file, d));
        break;
      case cephConfRules.confZoneMissing.code:
        if (file.kind === 'ceph-conf') out.push(...confZoneFixes(fed, file, d));
        break;
      case agentRules.agentSourceUnknown.code:
        out.push(...agentSourceFixes(fed, file, d));
        break;
      case agentRules.agentSourceMismatch.code:
        out.push(...agentSourceMismatchFixes(fed, file, d));
        break;
      case agentRules.agentKeyMismatch.code:
        out.push(...agentKeyFixes(ctx, file, d));
        break;
      case zoneRules.systemKeyEmpty.code: {
        const zone = fed.definedBy(file).zone;
        if (zone) {
          const title = `Create the system user of zone ${zone.name} on its gateway and fill in system_key`;
          out.push({ title, kind: 'quickfix', diagnostics: [d], command: { title, command: COMMAND_IDS.createSystemUser, arguments: [zone.name] } });
        }
        break;
      }
      case placeholderRules.placeholder.code:
        out.push(...placeholderFixes(ctx, file, d));
        break;
    }
  }
  return out;
}
