import { agentSchema } from '../schemas';
import { masterZoneName, regionOfZone, zoneAtEndpoint, type AgentDef, type AgentSetting, type Federation, type RegionDef, type ZoneDef } from '../model/federation';
import type { Range } from '../types';
import { defineRules, shortName, type Reporter } from './rule';
import { endpointProblem, normalizeEndpoint } from './endpoints';
import { hasPlaceholder } from './placeholder';
import { closest, didYouMean } from '../suggest';
import { isKeyReference } from '../ceph/keyReferences';
import type { AgentEntry } from '../parse/agentConf';

export const agentRules = defineRules({
  agentUnknownKey: { code: 'agent-unknown-key', severity: 'warning', summary: 'A key radosgw-agent does not read.' },
  agentMissingKey: { code: 'agent-missing-key', severity: 'error', summary: 'A key radosgw-agent needs is missing.' },
  agentBadValue: { code: 'agent-bad-value', severity: 'error', summary: 'A value of the wrong type or out of range.' },
  agentDestinationUnknown: { code: 'agent-destination-unknown', severity: 'error', summary: "The destination URL is no zone's endpoint." },
  agentKeyMismatch: {
    code: 'agent-key-mismatch',
    severity: 'error',
    summary: "The src keys differ from the source zone's system_key, or the dest keys from the destination zone's.",
  },
  agentDestinationMaster: {
    code: 'agent-destination-master',
    severity: 'error',
    summary: 'The destination is the master zone of the master region, which every other zone syncs from, or data sync goes into the master zone of its region.',
  },
  agentSourceUnknown: {
    code: 'agent-source-unknown',
    severity: 'error',
    summary: "src_zone names no zone of the federation, or the source URL is no zone's endpoint.",
  },
  agentSourceMismatch: {
    code: 'agent-source-mismatch',
    severity: 'error',
    summary: 'src_zone and the source URL name two different zones.',
  },
  agentSourceNotMaster: { code: 'agent-source-not-master', severity: 'error', summary: 'The source zone is not the master zone it must sync from.' },
  agentCrossRegionData: {
    code: 'agent-cross-region-data',
    severity: 'error',
    summary: 'Data sync between zones of different regions without metadata_only.',
  },
});

interface PropertySchema {
  type?: string | string[];
  enum?: unknown[];
  minimum?: number;
  pattern?: string;
}

const properties = agentSchema.properties as Record<string, PropertySchema>;
const required = (agentSchema.required ?? []) as string[];

function typeOk(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return false;
  }
}

const patterns = new Map<string, RegExp>();
const patternOf = (source: string): RegExp => {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source)));
  return re;
};

/** The agent config schema, applied to the YAML values with their source ranges. */
function valueProblem(schema: PropertySchema, value: unknown): string | undefined {
  const type = schema.type;
  const typeMatches = type === undefined || (typeof type === 'string' ? typeOk(value, type) : type.length === 0 || type.some((t) => typeOk(value, t)));
  if (!typeMatches) return `expected ${typeof type === 'string' ? type : type!.join(' or ')}, got ${value === null ? 'nothing' : JSON.stringify(value)}`;
  if (schema.enum && !schema.enum.includes(value)) return `expected one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`;
  if (schema.minimum !== undefined && typeof value === 'number' && value < schema.minimum) return `must be >= ${schema.minimum}`;
  if (schema.pattern && typeof value === 'string' && !patternOf(schema.pattern).test(value)) return `does not match ${schema.pattern}`;
  return undefined;
}

/** The raw text of a value when it holds a placeholder; nearly none has a "{", and then nothing is sliced. */
function rawPlaceholder(agent: AgentDef, entry: AgentEntry): string | undefined {
  if (!entry.hasBrace) return undefined;
  const raw = agent.file.text.slice(entry.valueStart, entry.valueEnd);
  return hasPlaceholder(raw) ? raw : undefined;
}

/** A string value and its entry, whose range is computed only when a report reads it. */
function str(agent: AgentDef, key: string): { value: string; at: AgentSetting } | undefined {
  const e = agent.entries.get(key);
  if (!e) return undefined;
  const raw = rawPlaceholder(agent, e.entry);
  const value = raw ?? e.entry.value;
  if (raw === undefined && (typeof value !== 'string' || !value)) return undefined;
  return { value: value as string, at: e };
}

function checkSchema(agent: AgentDef, report: Reporter): void {
  // forEach rather than for...of: no entry pair per key, which a start-up check of many configs would allocate.
  agent.entries.forEach((e, key) => {
    const schema = properties[key];
    if (!schema) {
      const guess = closest(key, Object.keys(properties), 3);
      report.report(
        agentRules.agentUnknownKey,
        agent.uri,
        e.keyRange,
        `radosgw-agent does not read "${key}"${didYouMean(guess, (g) => `"${g}"`)}`,
      );
      return;
    }
    // A {placeholder} is a YAML flow mapping, not a string: report it as the placeholder it is.
    if (rawPlaceholder(agent, e.entry) !== undefined) return;
    const problem = valueProblem(schema, e.entry.value);
    if (problem) report.report(agentRules.agentBadValue, agent.uri, e.valueRange, `${key}: ${problem}`);
    else if ((key === 'destination' || key === 'source') && typeof e.entry.value === 'string') {
      const p = endpointProblem(e.entry.value);
      if (p) report.report(agentRules.agentBadValue, agent.uri, e.valueRange, `${key}: ${p}`);
    }
  });
  if (required.some((k) => !agent.entries.has(k))) {
    const missing = required.filter((k) => !agent.entries.has(k));
    const first = agent.file.agent.entries[0];
    const range = first ? agent.file.lines.range(first.keyStart, first.keyEnd) : agent.file.lines.range(0, 0);
    report.report(agentRules.agentMissingKey, agent.uri, range, `missing ${missing.join(', ')}: radosgw-agent cannot start without ${missing.length > 1 ? 'them' : 'it'}`);
  }
}

const KEY_NAMES = {
  src: { access: 'src_access_key', secret: 'src_secret_key' },
  dest: { access: 'dest_access_key', secret: 'dest_secret_key' },
} as const;

function checkKeys(fed: Federation, agent: AgentDef, side: 'src' | 'dest', zone: string, report: Reporter): void {
  const def = fed.zonesByName.get(zone)?.[0];
  const sk = def?.systemKey;
  if (!def || !sk) return;
  checkKey(agent, KEY_NAMES[side].access, 'access_key', def, report);
  checkKey(agent, KEY_NAMES[side].secret, 'secret_key', def, report);
}

/** One agent key against the same half of the zone's system_key (the caller has made sure the zone has one). */
function checkKey(agent: AgentDef, key: string, which: 'access_key' | 'secret_key', def: ZoneDef, report: Reporter): void {
  const sk = def.systemKey!;
  const zone = def.name;
  const expectedAt = which === 'access_key' ? sk.accessKey : sk.secretKey;
  const expected = expectedAt?.value;
  const actual = str(agent, key);
  if (!actual || !expected || hasPlaceholder(actual.value) || hasPlaceholder(expected)) return;
  // A key kept outside the file (`${env:..}`) can only be compared with the same reference.
  if ((isKeyReference(actual.value) || isKeyReference(expected)) && !(isKeyReference(actual.value) && isKeyReference(expected))) return;
  if (actual.value === expected) return;
  // Never echo the keys themselves: they are credentials.
  report.report(
    agentRules.agentKeyMismatch,
    agent.uri,
    actual.at.valueRange,
    `${key} is not the ${which} of zone ${zone}'s system_key (${shortName(def.uri)}): the agent will be refused`,
    [{ uri: def.uri, range: expectedAt?.range ?? sk.range, message: `system_key of zone ${zone}` }],
  );
}

/**
 * The source zone an agent config names, as radosgw-agent's find_endpoint finds it: src_zone when it is a zone of the
 * federation, else the zone whose endpoint the source URL is, else src_zone as written (reported as unknown).
 */
export function namedSourceZone(fed: Federation, agent: AgentDef): string | undefined {
  const named = str(agent, 'src_zone')?.value;
  if (named && fed.membership.has(named)) return named;
  return sourceUrlZone(fed, agent) ?? named;
}

/** The zone whose endpoint an agent config's source URL is. */
export function sourceUrlZone(fed: Federation, agent: AgentDef): string | undefined {
  const url = str(agent, 'source')?.value;
  return url ? zoneAtEndpoint(fed, url) : undefined;
}

function checkTopology(fed: Federation, agent: AgentDef, endpoints: Map<string, string>, report: Reporter): void {
  const destination = str(agent, 'destination');
  const metadataOnly = agent.entries.get('metadata_only')?.entry.value === true;

  let destZone: string | undefined;
  if (destination && !hasPlaceholder(destination.value)) {
    const n = normalizeEndpoint(destination.value);
    destZone = n ? endpoints.get(n) : undefined;
    if (n && !destZone && endpoints.size > 0) {
      report.report(
        agentRules.agentDestinationUnknown,
        agent.uri,
        destination.at.valueRange,
        `destination ${destination.value} is the endpoint of no zone in the federation (known: ${[...new Set(endpoints.keys())].slice(0, 6).join(', ')})`,
      );
    }
  }
  // The source is explicit (src_zone, or a source URL) or, as radosgw-agent does, implied by the topology. An
  // explicit one is looked up in the region map by zone name or endpoint (client.py find_endpoint), and one found in
  // neither stops the agent at start.
  const srcZoneEntry = str(agent, 'src_zone');
  const sourceUrl = str(agent, 'source');
  const named = srcZoneEntry && !hasPlaceholder(srcZoneEntry.value) ? srcZoneEntry : undefined;
  const url = sourceUrl && !hasPlaceholder(sourceUrl.value) ? sourceUrl : undefined;
  const urlKey = url ? normalizeEndpoint(url.value) : undefined;
  const urlZone = urlKey ? endpoints.get(urlKey) : undefined;
  // Either one found is enough. A placeholder, an unparsable URL (reported as such), or a URL in a federation that
  // lists no endpoints is judged by neither.
  const found = (named && fed.membership.has(named.value)) || urlZone || (srcZoneEntry && !named) || (sourceUrl && (!url || !urlKey || endpoints.size === 0));
  if ((named || url) && !found && fed.membership.size > 0) {
    const guesses = named ? sourceZoneGuesses(fed, named.value) : [];
    report.report(
      agentRules.agentSourceUnknown,
      agent.uri,
      (named ?? url)!.at.valueRange,
      named
        ? `src_zone ${named.value} is no zone of the federation${url ? `, nor is source ${url.value} a zone's endpoint` : ''}: radosgw-agent stops at start ("not found in region map")${didYouMean(guesses)}`
        : `source ${url!.value} is the endpoint of no zone in the federation: radosgw-agent stops at start ("not found in region map")`,
    );
  }
  // Both given: find_endpoint returns the first zone of the region map matching either (a Python 2 dict's order), and
  // the agent connects to the URL whatever zone it took.
  if (named && url && urlZone && named.value !== urlZone && fed.membership.has(named.value)) {
    const listing = fed.index.endpointListings.get(urlKey!)?.find((l) => l.zone === urlZone);
    report.report(
      agentRules.agentSourceMismatch,
      agent.uri,
      named.at.valueRange,
      `src_zone ${named.value} and source ${url.value}, an endpoint of zone ${urlZone}, name two zones: radosgw-agent connects to the URL and takes for its source whichever of the two it meets first in the region map, so its checks (a master zone, logging on) may be of one zone while it reads the other's logs; make them agree, or keep one`,
      [
        { uri: agent.uri, range: url.at.valueRange, message: `source: zone ${urlZone}` },
        ...(listing ? [{ uri: listing.endpoint.uri, range: listing.endpoint.range, message: `endpoint of zone ${urlZone}` }] : []),
      ],
    );
  }
  if (!destZone) return;

  const master = fed.index.globals.get('masterRegion') as RegionDef | undefined;
  const masterOfMaster = master ? masterZoneName(fed, master) : undefined;
  const destRegion = regionOfZone(fed, destZone);

  const explicitSource = namedSourceZone(fed, agent);
  const impliedSource = metadataOnly ? masterOfMaster : destRegion ? masterZoneName(fed, destRegion) : undefined;
  const srcZone = explicitSource ?? impliedSource;

  if (destZone === masterOfMaster && destination) {
    report.report(
      agentRules.agentDestinationMaster,
      agent.uri,
      destination.at.valueRange,
      `destination is zone ${destZone}, the master zone of the master region: it is the source of all sync and must never be written to by an agent`,
    );
  } else if (!metadataOnly && destination && destRegion && destZone === masterZoneName(fed, destRegion) && (!explicitSource || regionOfZone(fed, explicitSource) === destRegion)) {
    // radosgw-agent's own source search (client.py configure_endpoints): the region's master is the destination
    // itself, the master region's master is in another region, and any explicit source fails one of the two. A
    // source in another region (or none known) is reported as such instead.
    report.report(
      agentRules.agentDestinationMaster,
      agent.uri,
      destination.at.valueRange,
      `destination is zone ${destZone}, the master zone of region ${destRegion.name?.value ?? '?'}: data syncs from a region's master zone into its other zones, never into the master, and radosgw-agent finds no source for it (a metadata-only config may target it: set metadata_only: true)`,
    );
  }
  if (explicitSource) {
    const srcRegion = regionOfZone(fed, explicitSource);
    const expected = metadataOnly ? masterOfMaster : srcRegion ? masterZoneName(fed, srcRegion) : undefined;
    if (expected && explicitSource !== expected) {
      const range = (srcZoneEntry?.value === explicitSource ? srcZoneEntry : (sourceUrl ?? srcZoneEntry)!).at.valueRange;
      report.report(
        agentRules.agentSourceNotMaster,
        agent.uri,
        range,
        metadataOnly
          ? `metadata sync must come from ${expected}, the master zone of the master region, not ${explicitSource}`
          : `source zone ${explicitSource} is not the master zone of its region (${expected}): data syncs only from the master zone`,
      );
    }
  }
  if (srcZone) {
    const srcRegion = regionOfZone(fed, srcZone);
    if (!metadataOnly && srcRegion && destRegion && srcRegion !== destRegion) {
      report.report(
        agentRules.agentCrossRegionData,
        agent.uri,
        destination?.at.valueRange ?? agent.file.lines.range(0, 0),
        `${srcZone} (region ${srcRegion.name?.value}) and ${destZone} (region ${destRegion.name?.value}) are in different regions: between regions only metadata syncs; set metadata_only: true (or run radosgw-agent --metadata-only)`,
      );
    }
    checkKeys(fed, agent, 'src', srcZone, report);
  }
  checkKeys(fed, agent, 'dest', destZone, report);
}

/** The zones an unknown src_zone may have meant: the closest names in the region map. */
export function sourceZoneGuesses(fed: Federation, zone: string): string[] {
  return closest(zone, fed.membership.keys(), 2);
}

/** Every radosgw-agent rule for one config. */
export function checkAgentFile(fed: Federation, agent: AgentDef, report: Reporter): void {
  for (const e of agent.file.agent.errors) {
    report.report(agentRules.agentBadValue, agent.uri, agent.file.lines.range(e.start, e.end), `not a valid radosgw-agent config (YAML): ${e.message}`);
  }
  checkSchema(agent, report);
  // The zone endpoints of the federation, as radosgw-agent resolves a URL.
  checkTopology(fed, agent, fed.index.endpoints, report);
}
