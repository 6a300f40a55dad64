import { poolPrefix } from '../ceph/pools';
import { effectivePool, type Federation, type RegionDef, type ZoneDef } from '../model/federation';
import { defineRules, shortName, type Reporter } from './rule';
import { hasPlaceholder } from './placeholder';
import type { Located } from '../types';

export const zoneRules = defineRules({
  poolPrefix: { code: 'pool-prefix', severity: 'warning', summary: "A pool of a zone does not carry the zone's prefix (legacy .{zone}., modern {zone}.)." },
  poolShared: { code: 'pool-shared', severity: 'error', summary: 'The same pool is used by two zones.' },
  systemKeyEmpty: {
    code: 'system-key-empty',
    severity: 'error',
    summary: "A zone of a multi-zone region has an empty system_key, so sync cannot authenticate.",
  },
  placementUnknown: {
    code: 'placement-unknown',
    severity: 'error',
    summary: "A placement_pools key is not among the region's placement_targets.",
  },
  placementMissing: {
    code: 'placement-missing',
    severity: 'error',
    summary: "A zone's placement_pools lacks a placement target of its region, so buckets placed on it fail there.",
  },
  poolNoDot: { code: 'pool-no-dot', severity: 'warning', summary: 'A legacy pool name without its leading dot; Ceph silently prepends one.' },
  placementDuplicate: {
    code: 'placement-duplicate',
    severity: 'warning',
    summary: 'A placement listed twice in a zone (placement_pools) or region (placement_targets); the last one wins.',
  },
});

function checkPools(zone: ZoneDef, report: Reporter): void {
  const prefix = poolPrefix(zone.name, zone.dialect);
  for (const p of zone.pools) {
    const v = p.value.value;
    if (!v || hasPlaceholder(v)) continue;
    if (zone.dialect === 'legacy' && !v.startsWith('.')) {
      report.report(zoneRules.poolNoDot, p.value.uri, p.value.range, `${p.field} ${v} has no leading dot: Ceph silently uses .${v}`);
    }
    if (!effectivePool(zone, p).startsWith(prefix)) {
      report.report(
        zoneRules.poolPrefix,
        p.value.uri,
        p.value.range,
        `${p.field} ${v} does not start with ${prefix}: every pool of zone ${zone.name} should carry its prefix, or zones end up sharing pools`,
      );
    }
  }
}

function checkSharedPools(fed: Federation, zone: ZoneDef, report: Reporter): void {
  // Each pool once, as the index holds it. One zone name defined twice is reported as a duplicate; here only
  // distinct zones count.
  const { keys, uses } = zone.distinctPools;
  for (let i = 0; i < keys.length; i++) {
    const pool = keys[i];
    const list = fed.index.poolUsers.get(pool) ?? [];
    if (list.length < 2) continue;
    const zoneNames = new Set(list.map((u) => u.zone.name));
    if (zoneNames.size < 2) continue;
    const u = uses[i];
    const others = list.filter((o) => o.zone.name !== u.zone.name);
    report.report(
      zoneRules.poolShared,
      u.value.uri,
      u.value.range,
      `pool ${pool} is also used by zone ${[...new Set(others.map((o) => o.zone.name))].join(', ')}: when zones share a root pool Ceph silently renames one (e.g. ${u.zone.name}_1804289383.rgw.log); otherwise their data mixes`,
      others.map((o) => ({ uri: o.value.uri, range: o.value.range, message: `${o.field} of zone ${o.zone.name}` })),
    );
  }
}

function checkSystemKey(fed: Federation, zone: ZoneDef, report: Reporter): void {
  // Zones, not listings: a region that lists one zone twice is reported for that, and is no multi-zone region.
  const multi = (fed.membership.get(zone.name) ?? []).find((m) => m.region.zoneNames.length > 1)?.region;
  if (!multi) return;
  const sk = zone.systemKey;
  const empty: string[] = [];
  if (!sk?.accessKey?.value) empty.push('access_key');
  if (!sk?.secretKey?.value) empty.push('secret_key');
  if (!empty.length) return;
  const range = !sk ? zone.anchor : !sk.accessKey?.value ? sk.accessKey?.range ?? sk.range : sk.secretKey?.range ?? sk.range;
  report.report(
    zoneRules.systemKeyEmpty,
    zone.uri,
    range,
    `${sk ? `system_key ${empty.join(' and ')} of zone ${zone.name} ${empty.length > 1 ? 'are' : 'is'} empty` : `zone ${zone.name} has no system_key`}, yet region ${multi.name?.value ?? '?'} has ${multi.zoneNames.length} zones: sync cannot authenticate. Create the zone's system user (radosgw-admin user create --uid=${zone.name} --system) and paste its keys`,
  );
}

/**
 * radosgw-admin decodes both lists into a map by name, so of a repeated name only the last entry is kept: a block
 * copied to add a placement and left with the old name silently replaces the one above it.
 */
export function checkPlacementRepeats(names: Located<string>[], list: string, report: Reporter): void {
  const last = new Map<string, Located<string>>();
  for (const n of names) last.set(n.value, n);
  for (const n of names) {
    const kept = last.get(n.value)!;
    if (kept === n) continue;
    report.report(
      zoneRules.placementDuplicate,
      n.uri,
      n.range,
      `placement ${n.value} is listed again in ${list} on line ${kept.range.start.line + 1}: radosgw-admin keeps only the last one, so this one is silently dropped`,
      [{ uri: kept.uri, range: kept.range, message: 'the entry radosgw-admin keeps' }],
    );
  }
}

/**
 * The placement targets of the zone's regions that its placement_pools lacks. A zone with placement_pools places
 * every bucket by them (with none, Ceph uses its legacy default pools): a rule it lacks fails each bucket created on
 * it, or synced into the zone.
 */
export function missingPlacements(fed: Federation, zone: ZoneDef): { region: RegionDef; target: Located<string> }[] {
  if (!zone.placementKeys.length) return [];
  const out = [];
  for (const { region } of fed.membership.get(zone.name) ?? []) {
    for (const target of new Map(region.placementTargets.map((t) => [t.value, t])).values()) {
      if (target.value && !hasPlaceholder(target.value) && !zone.placementKeys.some((k) => k.value === target.value)) out.push({ region, target });
    }
  }
  return out;
}

function checkPlacement(fed: Federation, zone: ZoneDef, report: Reporter): void {
  if (!zone.placementKeys.length) return;
  checkPlacementRepeats(zone.placementKeys, 'placement_pools', report);
  const regions = (fed.membership.get(zone.name) ?? []).map((m) => m.region);
  for (const key of zone.placementKeys) {
    for (const r of regions) {
      if (r.placementTargets.some((t) => t.value === key.value)) continue;
      report.report(
        zoneRules.placementUnknown,
        key.uri,
        key.range,
        `placement ${key.value} is not a placement target of ${r.kind} ${r.name?.value ?? '?'} (${shortName(r.uri)}): zone modify would silently add it to the ${r.kind}`,
        [{ uri: r.uri, range: r.placementTargets[0]?.range ?? r.name?.range ?? r.range, message: 'placement_targets of the region' }],
      );
    }
  }
  for (const { region: r, target: t } of missingPlacements(fed, zone)) {
    const isDefault = r.defaultPlacement?.value === t.value;
    report.report(
      zoneRules.placementMissing,
      zone.placementKeys[0].uri,
      zone.placementKeys[0].range,
      `zone ${zone.name} has no placement ${t.value}, a placement target of ${r.kind} ${r.name?.value ?? '?'}${isDefault ? ' and its default' : ''}: ${isDefault ? 'buckets that take the default placement' : 'buckets placed on it'} cannot be created in this zone, nor synced into it (${zone.dialect === 'modern' ? `"ERROR: This zone does not contain placement rule ${t.value} present in the zonegroup!"` : 'radosgw answers EINVAL'})`,
      [{ uri: t.uri, range: t.range, message: `placement target ${t.value} of the ${r.kind}` }],
    );
  }
}

/** The zone rules for one zone infile. */
export function checkZoneFile(fed: Federation, z: ZoneDef, report: Reporter): void {
  if (!z.broken) {
    checkPools(z, report);
    checkSystemKey(fed, z, report);
    checkPlacement(fed, z, report);
  }
  checkSharedPools(fed, z, report);
}
