import { masterGroupKey, type Federation, type RealmDef, type RegionDef, type ZoneDef, type ZoneEntry } from '../model/federation';
import type { RelatedInformation } from '../types';
import { defineRules, shortName, type Reporter } from './rule';
import { endpointProblem, normalizeEndpoint } from './endpoints';
import { hasPlaceholder } from './placeholder';
import { checkPlacementRepeats } from './zone';
import { closest, didYouMean } from '../suggest';

export const regionRules = defineRules({
  masterZoneMissing: { code: 'master-zone-missing', severity: 'error', summary: 'A region/zonegroup with zones names no master_zone.' },
  masterZoneUnknown: {
    code: 'master-zone-unknown',
    severity: 'error',
    summary: 'master_zone names no zone of the region (legacy: by name; modern: by zone id).',
  },
  masterRegionCount: {
    code: 'master-region-count',
    severity: 'error',
    summary: 'Not exactly one master region in the federation (or master zonegroup in a realm).',
  },
  regionNameDuplicate: { code: 'region-name-duplicate', severity: 'error', summary: 'Two infiles define a region/zonegroup of the same name.' },
  zoneNameDuplicate: {
    code: 'zone-name-duplicate',
    severity: 'error',
    summary: 'A zone name is listed twice, in one region or in two, or defined by two zone infiles.',
  },
  defaultPlacementUnknown: {
    code: 'default-placement-unknown',
    severity: 'error',
    summary: 'default_placement names no placement target of the region.',
  },
  endpointInvalid: { code: 'endpoint-invalid', severity: 'error', summary: 'An endpoint is not an http(s) URL with a host.' },
  endpointsMissing: {
    code: 'endpoints-missing',
    severity: 'error',
    summary: 'A zone of a multi-zone region, or the master region of several, lists no endpoints: the others cannot reach it.',
  },
  endpointShared: { code: 'endpoint-shared', severity: 'error', summary: 'One endpoint is listed for two zones.' },
  zoneInfileMissing: { code: 'zone-infile-missing', severity: 'warning', summary: 'A region lists a zone that has no zone infile.' },
  zoneUnlisted: { code: 'zone-unlisted', severity: 'warning', summary: 'A zone infile that no region lists.' },
  zoneIdMismatch: {
    code: 'zone-id-mismatch',
    severity: 'error',
    summary: "A zonegroup lists a zone under another id than the zone's infile has.",
  },
  realmIdUnknown: {
    code: 'realm-id-unknown',
    severity: 'error',
    summary: "A zonegroup's realm_id is the id of no realm infile of the federation, so period update leaves it out.",
  },
  syncFromUnknown: {
    code: 'sync-from-unknown',
    severity: 'error',
    summary: "A zone's sync_from names no zone of its zonegroup, so it never syncs from the zone meant.",
  },
  syncFromNone: {
    code: 'sync-from-none',
    severity: 'warning',
    summary: 'A zone with sync_from_all false syncs from no zone of its zonegroup: it receives no data.',
  },
  zoneLoggingOff: {
    code: 'zone-logging-off',
    severity: 'error',
    summary: 'A zone of a legacy multi-zone region has log_meta or log_data off, so radosgw-agent cannot sync it.',
  },
});

function describe(r: RegionDef): string {
  const what = r.kind === 'zonegroup' ? 'zonegroup' : 'region';
  return r.name ? `${what} ${r.name.value}` : what;
}

function related(items: { uri: string; range: RelatedInformation['range'] }[], message: string): RelatedInformation[] {
  return items.map((i) => ({ uri: i.uri, range: i.range, message }));
}

function checkOneRegion(r: RegionDef, report: Reporter): void {
  if (r.broken) return;
  // Zones named twice inside the region itself.
  const seen = new Map<string, RegionDef['zones'][number]>();
  for (const z of r.zones) {
    if (!z.name) continue;
    const first = seen.get(z.name.value);
    if (first?.name) {
      report.report(regionRules.zoneNameDuplicate, r.uri, z.name.range, `zone ${z.name.value} is listed twice in ${describe(r)}`, related([first.name], 'first listed here'));
    } else seen.set(z.name.value, z);
  }

  checkPlacementRepeats(r.placementTargets, 'placement_targets', report);

  if (r.zones.length && (!r.masterZone || !r.masterZone.value)) {
    report.report(
      regionRules.masterZoneMissing,
      r.uri,
      r.masterZone?.range ?? r.name?.range ?? r.range,
      `${describe(r)} lists ${r.zones.length} zone(s) but names no master_zone: ${r.dialect === 'legacy' ? 'radosgw-agent has no source to sync from' : 'period update --commit refuses it'}`,
    );
  } else if (r.masterZone && r.masterZone.value) {
    const m = r.masterZone.value;
    const byName = r.zones.find((z) => z.name?.value === m);
    const byId = r.zones.find((z) => z.id?.value === m);
    if (r.dialect === 'legacy' && !byName) {
      const names = r.zoneNames;
      report.report(
        regionRules.masterZoneUnknown,
        r.uri,
        r.masterZone.range,
        `master_zone ${m} is not a zone of ${describe(r)} (zones: ${names.join(', ') || 'none'})`,
      );
    } else if (r.dialect === 'modern' && !byId) {
      const hint = byName?.id ? `: in a zonegroup master_zone is a zone id; ${m} is the name of zone id ${byName.id.value}` : '';
      report.report(
        regionRules.masterZoneUnknown,
        r.uri,
        r.masterZone.range,
        `master_zone ${m} is no zone id of ${describe(r)}${hint}; period update --commit would refuse it`,
      );
    }
  }

  if (r.defaultPlacement && r.defaultPlacement.value && !r.placementTargets.some((t) => t.value === r.defaultPlacement!.value)) {
    report.report(
      regionRules.defaultPlacementUnknown,
      r.uri,
      r.defaultPlacement.range,
      `default_placement ${r.defaultPlacement.value} is not among the placement_targets (${r.placementTargets.map((t) => t.value).join(', ') || 'none'}): Ceph commits it and bucket creation then fails`,
    );
  }

  for (const e of [...r.endpoints, ...r.zones.flatMap((z) => z.endpoints)]) {
    const problem = endpointProblem(e.value);
    if (problem) report.report(regionRules.endpointInvalid, e.uri, e.range, problem);
  }

  checkZoneEndpointsListed(r, report);
  checkSyncFrom(r, report);

  if (r.dialect === 'legacy' && r.zones.length > 1) {
    for (const z of r.zones) {
      for (const [key, v] of [['log_meta', z.logMeta], ['log_data', z.logData]] as const) {
        if (v?.value === true) continue;
        report.report(
          regionRules.zoneLoggingOff,
          r.uri,
          v?.range ?? z.name?.range ?? z.range,
          `${key} of zone ${z.name?.value ?? '?'} is ${v ? 'not true' : 'missing'}: radosgw-agent syncs only from zones that log ${key === 'log_meta' ? 'metadata' : 'data'}`,
        );
      }
    }
  }
}

// Ceph reaches another zone, and a region reaches the master region, only through the endpoints listed for it; with
// none its connection fails every request ("ERROR: endpoints not configured for upstream zone", rgw_rest_conn.cc).
const NO_ENDPOINTS = 'radosgw logs "ERROR: endpoints not configured for upstream zone"';

/**
 * With sync_from_all false a zone pulls data only from the zones its sync_from names, matched by zone name
 * (RGWZone::syncs_from): a name of no zone matches nothing, and Ceph stores it without a word.
 */
function checkSyncFrom(r: RegionDef, report: Reporter): void {
  if (r.dialect !== 'modern' || r.embedded) return;
  const names = r.zoneNames;
  for (const z of r.zones) {
    if (!z.name || z.syncFromAll?.value !== false) continue;
    const zone = z.name.value;
    let sources = 0;
    for (const f of z.syncFrom) {
      if (hasPlaceholder(f.value)) continue;
      if (names.includes(f.value) && f.value !== zone) {
        sources++;
        continue;
      }
      report.report(
        regionRules.syncFromUnknown,
        f.uri,
        f.range,
        f.value === zone
          ? `zone ${zone} lists itself in sync_from: a zone does not sync from itself`
          : `sync_from of zone ${zone} names ${f.value}, no zone of ${describe(r)} (zones: ${names.join(', ')}): sync_from_all is false, so zone ${zone} never syncs from the zone meant${didYouMean(syncFromGuesses(r, zone, f.value))}`,
      );
    }
    if (!sources && names.length > 1 && !z.syncFrom.some((f) => hasPlaceholder(f.value))) {
      report.report(
        regionRules.syncFromNone,
        r.uri,
        z.syncFromAll.range,
        `zone ${zone} has sync_from_all false and syncs from no zone of ${describe(r)}: it receives no data from the others`,
      );
    }
  }
}

/** The zones a sync_from entry of `zone` may have meant: the other zones of its zonegroup. */
export function syncFromGuesses(r: RegionDef, zone: string, name: string): string[] {
  return closest(name, r.zoneNames.filter((z) => z !== zone), 2);
}

/** Every zone of a region with several is a sync source or destination, so each needs endpoints. */
function checkZoneEndpointsListed(r: RegionDef, report: Reporter): void {
  if (r.embedded || r.zoneNames.length < 2) return;
  for (const z of r.zones) {
    if (!z.name || z.endpoints.length) continue;
    report.report(
      regionRules.endpointsMissing,
      r.uri,
      z.name.range,
      `zone ${z.name.value} lists no endpoints in ${describe(r)}: ${r.dialect === 'legacy' ? 'radosgw-agent finds no URL for it in the region map and cannot sync it' : `the other zones cannot sync from it; ${NO_ENDPOINTS}`}`,
    );
  }
}

/** The other regions forward metadata changes (users, buckets) to the master region through its endpoints. */
function checkMasterEndpoints(fed: Federation, r: RegionDef, report: Reporter): void {
  if (r.isMaster?.value !== true || r.endpoints.length) return;
  const group = fed.index.masterGroups.get(masterGroupKey(r));
  if (!group || group.regions.length < 2 || group.anyBroken) return;
  const noun = r.dialect === 'legacy' ? 'region' : 'zonegroup';
  report.report(
    regionRules.endpointsMissing,
    r.uri,
    r.isMaster.range,
    `${describe(r)} is the master of ${group.regions.length} ${noun}s but lists no endpoints: the other ${noun}s forward users and buckets to it and fail; ${NO_ENDPOINTS}`,
    related(group.regions.filter((o) => o !== r).map((o) => ({ uri: o.uri, range: o.name?.range ?? o.range })), `forwards to ${describe(r)}`),
  );
}

function checkMasterCount(fed: Federation, r: RegionDef, report: Reporter): void {
  const key = masterGroupKey(r);
  const { regions: group, masters, anyBroken } = fed.index.masterGroups.get(key) ?? { regions: [r], masters: r.isMaster?.value === true ? [r] : [], anyBroken: r.broken };
  // A zonegroup of no known realm is out of every period (realm-id-unknown): it has no masters to count.
  if (anyBroken || strayRealm(fed, r)) return;
  const scope = key === 'legacy' ? 'the federation' : 'the realm';
  const noun = key === 'legacy' ? 'region' : 'zonegroup';
  if (masters.length === 0) {
    report.report(
      regionRules.masterRegionCount,
      r.uri,
      r.isMaster?.range ?? r.name?.range ?? r.range,
      `no ${noun} of ${scope} has is_master true: exactly one must be the metadata master`,
      related(group.filter((o) => o !== r).map((o) => ({ uri: o.uri, range: o.name?.range ?? o.range })), `another ${noun}`),
    );
  } else if (masters.length > 1 && masters.includes(r)) {
    report.report(
      regionRules.masterRegionCount,
      r.uri,
      r.isMaster!.range,
      `${masters.length} ${noun}s of ${scope} are master (${masters.map((m) => m.name?.value ?? '?').join(', ')}): exactly one may be; ${key === 'legacy' ? 'gateways would disagree on where metadata is written' : 'period update --commit refuses two'}`,
      related(masters.filter((o) => o !== r).map((o) => ({ uri: o.uri, range: o.isMaster!.range })), `also master`),
    );
  }
}

function checkRegionNameDuplicate(fed: Federation, r: RegionDef, report: Reporter): void {
  if (!r.name) return;
  const name = r.name.value;
  // Primary definitions take the name in regionsByName whenever there is one.
  const defs = (fed.regionsByName.get(name) ?? []).filter((o) => !o.embedded);
  if (defs.length < 2) return;
  report.report(
    regionRules.regionNameDuplicate,
    r.uri,
    r.name.range,
    `${name} is defined by ${defs.length} infiles: the one applied last silently replaces the others`,
    related(defs.filter((o) => o !== r).map((o) => o.name!), 'also defined here'),
  );
}

/** The membership entries of a region's own zone list (none when another definition of its name takes over). */
function ownMembers(fed: Federation, r: RegionDef): { zone: string; m: { region: RegionDef; entry: ZoneEntry }; members: { region: RegionDef; entry: ZoneEntry }[] }[] {
  const out = [];
  for (const entry of r.zones) {
    if (!entry.name) continue;
    const members = fed.membership.get(entry.name.value) ?? [];
    const m = members.find((x) => x.region === r && x.entry === entry);
    if (m) out.push({ zone: entry.name.value, m, members });
  }
  return out;
}

function checkZoneListedTwice(fed: Federation, r: RegionDef, report: Reporter): void {
  // The same zone name in two regions: Ceph commits it silently and gateways then resolve the wrong one.
  for (const { zone, m, members } of ownMembers(fed, r)) {
    const regions = new Set(members.map((x) => x.region));
    if (regions.size < 2) continue;
    report.report(
      regionRules.zoneNameDuplicate,
      m.region.uri,
      m.entry.name!.range,
      `zone ${zone} is listed by ${regions.size} regions (${[...regions].map((x) => x.name?.value ?? '?').join(', ')}): zone names must be unique across the federation`,
      related(members.filter((o) => o !== m && o.entry.name).map((o) => o.entry.name!), 'also listed here'),
    );
  }
}

function checkZoneInfilesExist(fed: Federation, r: RegionDef, report: Reporter): void {
  if (r.embedded) return;
  for (const { zone, m } of ownMembers(fed, r)) {
    if (fed.zonesByName.has(zone)) continue;
    report.report(
      regionRules.zoneInfileMissing,
      m.region.uri,
      m.entry.name!.range,
      `zone ${zone} has no zone infile in the federation: its pools and system key are never set, and Ceph enters it in the period with only a warning`,
    );
  }
}

/**
 * A zonegroup keys its zones by id, and a gateway finds its zone there by the id its zone object has: listed under
 * another id, it logs "Cannot find zone id=..." and falls back to its local configuration, out of the period.
 */
function checkZoneIds(fed: Federation, r: RegionDef, report: Reporter): void {
  if (r.embedded || r.dialect !== 'modern') return;
  for (const { zone, m } of ownMembers(fed, r)) {
    const listed = m.entry.id;
    const defs = fed.zonesByName.get(zone) ?? [];
    const own = defs.length === 1 ? defs[0].id : undefined;
    if (!listed?.value || !own?.value || hasPlaceholder(listed.value) || hasPlaceholder(own.value) || listed.value === own.value) continue;
    report.report(
      regionRules.zoneIdMismatch,
      r.uri,
      listed.range,
      `${describe(r)} lists zone ${zone} with id ${listed.value}, but its zone infile (${shortName(own.uri)}) has id ${own.value}: its gateways look themselves up by id, log "Cannot find zone id=${own.value} (name=${zone})" and fall back to their local configuration`,
      related([own], `id of zone ${zone}`),
    );
  }
}

/**
 * An address reaches one gateway, so a zone listed with another zone's endpoint (a zone block copied and its URL left)
 * has its sync and forwarded requests served by the other zone: Ceph commits it silently and replication reads the
 * wrong zone.
 */
function checkEndpointsShared(fed: Federation, r: RegionDef, report: Reporter): void {
  for (const entry of r.zones) {
    if (!entry.name) continue;
    const zone = entry.name.value;
    for (const e of entry.endpoints) {
      if (hasPlaceholder(e.value)) continue; // a template's blanks, reported as placeholders
      const n = normalizeEndpoint(e.value);
      const listings = n ? fed.index.endpointListings.get(n) : undefined;
      // Only the definition the index holds: a region map's copy of a region that has its own infile is not read.
      if (!listings?.some((l) => l.endpoint === e)) continue;
      const others = listings.filter((l) => l.zone !== zone);
      if (!others.length) continue;
      const zones = [...new Set(others.map((l) => l.zone))];
      report.report(
        regionRules.endpointShared,
        e.uri,
        e.range,
        `endpoint ${e.value} of zone ${zone} is also listed for zone ${zones.join(', ')}: an address reaches one gateway, so requests and sync meant for one of these zones are served by another`,
        related(others.map((l) => l.endpoint), 'also listed here'),
      );
    }
  }
}

/** The federation's realms when a zonegroup infile's realm_id is the id of none of them; undefined otherwise. */
function strayRealm(fed: Federation, r: RegionDef): RealmDef[] | undefined {
  const id = r.realmId?.value;
  if (r.embedded || r.dialect !== 'modern' || !id || hasPlaceholder(id)) return undefined;
  const realms = [...fed.index.realmsByName.values()].flat();
  return realms.length && !realms.some((realm) => realm.id?.value === id) ? realms : undefined;
}

/**
 * `period update` gathers the zonegroups whose realm_id is its realm's id and skips the others with a debug-level log
 * line (RGWPeriod::update): a zonegroup carrying another realm's id, or a stale one, silently drops out of the period.
 */
function checkRealmId(fed: Federation, r: RegionDef, report: Reporter): void {
  const realms = strayRealm(fed, r);
  if (!realms) return;
  const id = r.realmId!.value;
  const known = realms.map((realm) => `${realm.name?.value ?? '?'} has id ${realm.id?.value ?? '(none)'}`).join('; ');
  report.report(
    regionRules.realmIdUnknown,
    r.uri,
    r.realmId!.range,
    `${describe(r)} has realm_id ${id}, the id of no realm of the federation (${known}): period update --commit skips it without an error, so its zones stay out of the period and do not sync`,
    related(realms.flatMap((realm) => (realm.id ? [realm.id] : [])), 'realm id'),
  );
}

/** Every region rule for the regions one file defines (an infile, or those embedded in a region map or period). */
export function checkRegionFile(fed: Federation, regions: RegionDef[], report: Reporter): void {
  for (const r of regions) checkOneRegion(r, report);
  for (const r of regions) if (!r.embedded) checkMasterCount(fed, r, report);
  for (const r of regions) if (!r.embedded) checkMasterEndpoints(fed, r, report);
  for (const r of regions) if (!r.embedded) checkRegionNameDuplicate(fed, r, report);
  for (const r of regions) checkZoneListedTwice(fed, r, report);
  for (const r of regions) checkZoneInfilesExist(fed, r, report);
  for (const r of regions) checkZoneIds(fed, r, report);
  for (const r of regions) checkEndpointsShared(fed, r, report);
  for (const r of regions) checkRealmId(fed, r, report);
}

/** The region rules about a zone infile: defined twice, or listed by no region. */
export function checkZoneAgainstRegions(fed: Federation, z: ZoneDef, report: Reporter): void {
  const defs = fed.zonesByName.get(z.name) ?? [];
  if (defs.length >= 2) {
    report.report(
      regionRules.zoneNameDuplicate,
      z.uri,
      z.nameLoc?.range ?? z.anchor,
      `zone ${z.name} is defined by ${defs.length} zone infiles (${defs.map((d) => shortName(d.uri)).join(', ')}): zone set would apply whichever runs last`,
      related(defs.filter((o) => o !== z).map((o) => ({ uri: o.uri, range: o.nameLoc?.range ?? o.anchor })), 'also defined here'),
    );
  }
  if (fed.regionsByName.size === 0 || fed.index.globals.get('anyRegionBroken')) return;
  if (fed.membership.has(z.name)) return;
  report.report(
    regionRules.zoneUnlisted,
    z.uri,
    z.nameLoc?.range ?? z.anchor,
    `zone ${z.name} (${z.nameSource === 'field' ? 'its name' : z.nameSource === 'file' ? 'from the file name' : 'from its pool names'}) is listed by no region: gateways of this zone belong to no region`,
  );
}
