import type { Hover } from 'vscode-languageserver-types';
import { displayName, lookupOption, type CephOption } from '../ceph/options';
import { frontendListeners, type Listener } from '../ceph/frontends';
import { masterZoneName, regionOfZone, type Federation } from '../model/federation';
import { agentSchema } from '../schemas';
import { shortName } from '../rules/rule';
import type { Position } from '../types';
import { contains, fileOf, maskKey, type FeatureContext } from './context';
import { jsonDocumentOf, serviceFor } from './jsonService';
import { symbolAt, type FederationSymbol } from './symbols';

function gatewaysOf(fed: Federation, zone: string): string[] {
  return fed.instances
    .filter((i) => i.zone?.value.value === zone)
    .map((i) => `\`${i.section.value}\`${i.host ? ` on ${i.host.value.value}` : ''} (${shortName(i.uri)})`);
}

function isMasterRegion(fed: Federation, name: string): boolean {
  return (fed.regionsByName.get(name) ?? []).some((r) => r.isMaster?.value === true);
}

function zoneSummary(fed: Federation, name: string): string {
  const lines: string[] = [];
  const region = regionOfZone(fed, name);
  const master = region && masterZoneName(fed, region) === name;
  const head = region
    ? `${master ? 'master zone' : 'zone'} of ${region.kind} \`${region.name?.value ?? '?'}\`${isMasterRegion(fed, region.name?.value ?? '') ? ' (the master region)' : ''}`
    : 'listed by no region';
  lines.push(`**zone ${name}** · ${head}`, '');
  const defs = fed.zonesByName.get(name) ?? [];
  lines.push(`- infile: ${defs.length ? defs.map((d) => shortName(d.uri)).join(', ') : 'none'}`);
  const entry = fed.membership.get(name)?.[0]?.entry;
  if (entry?.endpoints.length) lines.push(`- endpoints: ${entry.endpoints.map((e) => e.value).join(', ')}`);
  const gateways = gatewaysOf(fed, name);
  lines.push(`- gateways: ${gateways.length ? gateways.join('; ') : 'none in any ceph.conf'}`);
  const key = defs[0]?.systemKey;
  if (key) lines.push(`- system key: access key ${maskKey(key.accessKey?.value ?? '')}, secret ${key.secretKey?.value ? 'set (hidden)' : 'empty'}`);
  return lines.join('\n');
}

function regionSummary(fed: Federation, name: string): string {
  const defs = fed.regionsByName.get(name) ?? [];
  const r = defs[0];
  if (!r) return `**region ${name}** · not defined in the federation`;
  const lines = [`**${r.kind} ${name}**${r.isMaster?.value === true ? ' · master' : ''}`, ''];
  lines.push(`- infile: ${defs.map((d) => shortName(d.uri)).join(', ')}`);
  lines.push(`- master zone: ${masterZoneName(fed, r) ?? 'none'}`);
  lines.push(`- zones: ${r.zones.map((z) => z.name?.value ?? '?').join(', ') || 'none'}`);
  if (r.endpoints.length) lines.push(`- endpoints: ${r.endpoints.map((e) => e.value).join(', ')}`);
  return lines.join('\n');
}

function symbolHover(fed: Federation, symbol: FederationSymbol): Hover {
  const value = symbol.kind === 'zone' ? zoneSummary(fed, symbol.name) : regionSummary(fed, symbol.name);
  return { contents: { kind: 'markdown', value }, range: symbol.range };
}

export function optionDoc(option: CephOption): string {
  const lines = [`**${displayName(option.name)}** \`${option.type}\``, '', option.description, ''];
  const dflt = option.default === null || option.default === '' ? '(none)' : `\`${String(option.default)}\``;
  lines.push(`Default: ${dflt}${option.enum ? ` · one of ${option.enum.map((e) => `\`${e}\``).join(', ')}` : ''}${option.min !== undefined ? ` · min ${option.min}` : ''}${option.max !== undefined ? ` · max ${option.max}` : ''}`);
  if (option.dialect === 'legacy') lines.push('', `Legacy (region) federations${option.replacedBy ? `; realms use \`${displayName(option.replacedBy)}\`` : ''}.`);
  if (option.removed) lines.push('', `Not known to Ceph ${option.removed} and later.`);
  return lines.join('\n');
}

function socketName(l: Listener): string {
  const address = l.address ?? (l.family === 'ipv6' ? '::' : '0.0.0.0');
  const where = l.family === 'ipv6' ? `[${address}]:${l.port}` : `${address}:${l.port}`;
  return l.family === 'any' ? `0.0.0.0:${l.port} and [::]:${l.port}` : where;
}

/** What a value of `rgw frontends` binds, as radosgw reads it: what conf-port-conflict compares. */
function frontendsDoc(value: string): string {
  const sockets = frontendListeners(value);
  return sockets.length ? `Listens on ${sockets.map((l) => `\`${socketName(l)}\` (${l.setting})`).join(', ')}.` : 'Listens on no TCP port of its own.';
}

export async function hover(ctx: FeatureContext, uri: string, pos: Position): Promise<Hover | null> {
  const file = fileOf(ctx, uri);
  if (!file) return null;
  const symbol = symbolAt(ctx, uri, pos);
  if (symbol) return symbolHover(ctx.federation, symbol);
  if (file.kind === 'ceph-conf') {
    for (const s of file.conf.sections) {
      for (const e of s.entries) {
        const keyRange = file.lines.range(e.keyStart, e.keyEnd);
        if (!contains(keyRange, pos) && !contains(file.lines.range(e.valueStart, e.valueEnd), pos)) continue;
        const option = lookupOption(e.key);
        if (!option) return null;
        const doc = optionDoc(option) + (option.name === 'rgw_frontends' ? `\n\n${frontendsDoc(e.value)}` : '');
        return { contents: { kind: 'markdown', value: doc }, range: keyRange };
      }
    }
    return null;
  }
  if (file.kind === 'agent-conf') {
    for (const e of file.agent.entries) {
      const keyRange = file.lines.range(e.keyStart, e.keyEnd);
      if (!contains(keyRange, pos)) continue;
      const prop = (agentSchema.properties as Record<string, { description?: string; type?: string }>)[e.key];
      return prop?.description ? { contents: { kind: 'markdown', value: `**${e.key}**${prop.type ? ` \`${prop.type}\`` : ''}\n\n${prop.description}` }, range: keyRange } : null;
    }
    return null;
  }
  if (file.kind === 'unknown') return null;
  const { textDocument, jsonDocument } = jsonDocumentOf(file);
  return (await serviceFor(file.kind).doHover(textDocument, pos, jsonDocument)) ?? null;
}
