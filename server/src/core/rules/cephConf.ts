import { displayName, isKnownOption, lookupOption, parseOptionValue, suggestOptions } from '../ceph/options';
import { legacyRootPool } from '../ceph/pools';
import { listeningKey, masterZoneName, type Federation, type GatewayInstance, type ConfValue, type Listening } from '../model/federation';
import { frontendListeners, listenersClash, type Listener } from '../ceph/frontends';
import type { ConfFile } from '../parse/parseFile';
import type { ConfEntry } from '../parse/cephConf';
import { defineRules, shortName, type Reporter, type Rule } from './rule';
import type { RelatedInformation } from '../types';
import { hasPlaceholder } from './placeholder';
import { closest, didYouMean } from '../suggest';

export const cephConfRules = defineRules({
  confSyntax: { code: 'conf-syntax', severity: 'error', summary: 'A ceph.conf line Ceph cannot parse.' },
  confUnknownOption: { code: 'conf-unknown-option', severity: 'warning', summary: 'An option Ceph does not know; it is ignored.' },
  confDashKey: { code: 'conf-dash-key', severity: 'error', summary: 'A dash-form key (rgw-zone) that Ceph silently ignores.' },
  confSectionBlanks: { code: 'conf-section-blanks', severity: 'error', summary: 'A section name with blanks inside its brackets, which no daemon looks up.' },
  confBadValue: { code: 'conf-bad-value', severity: 'error', summary: "A value of the wrong type for its option; Ceph silently keeps the default." },
  confObsoleteOption: {
    code: 'conf-obsolete-option',
    severity: 'warning',
    summary: "An option of the other dialect: rgw region options are right in a legacy federation, obsolete in a modern one.",
  },
  confDuplicateOption: { code: 'conf-duplicate-option', severity: 'warning', summary: 'An option set twice in one section; the last value wins.' },
  confRegionUnknown: { code: 'conf-region-unknown', severity: 'error', summary: 'rgw region / rgw zonegroup names no known region.' },
  confRealmUnknown: { code: 'conf-realm-unknown', severity: 'error', summary: 'rgw realm names no realm of the federation.' },
  confZoneUnknown: { code: 'conf-zone-unknown', severity: 'error', summary: 'rgw zone names no known zone.' },
  confZoneNotInRegion: { code: 'conf-zone-not-in-region', severity: 'error', summary: "rgw zone names a zone its section's region does not list." },
  confRootPoolPrefix: { code: 'conf-root-pool-prefix', severity: 'warning', summary: "A root pool that does not follow the zone's (or region's) name." },
  confPortConflict: { code: 'conf-port-conflict', severity: 'error', summary: 'Two gateway instances on one host listen on the same port: the one that starts second cannot bind it.' },
  confHostMissing: { code: 'conf-host-missing', severity: 'warning', summary: 'A gateway instance section without host.' },
  confZoneMissing: {
    code: 'conf-zone-missing',
    severity: 'warning',
    summary: "A legacy gateway instance without rgw zone, which then serves its region's master zone.",
  },
});

/** The dialect a section lives in: that of the region its zone belongs to, else the federation's. */
function dialectOf(fed: Federation, instance: GatewayInstance | undefined): string {
  const zone = instance?.zone?.value.value;
  const region = instance?.region?.value.value;
  const r = (region && fed.regionsByName.get(region)?.[0]) || (zone && fed.membership.get(zone)?.[0]?.region);
  return r ? r.dialect : fed.dialect;
}

function checkEntry(fed: Federation, file: ConfFile, entry: ConfEntry, instance: GatewayInstance | undefined, report: Reporter): void {
  // Computed only for a report: most entries have none, and a file without reports never needs its line table.
  const range = () => file.lines.range(entry.keyStart, entry.keyEnd);
  if (entry.key.includes('-')) {
    const fixed = entry.key.replace(/-/g, '_');
    const known = lookupOption(fixed);
    report.report(
      cephConfRules.confDashKey,
      file.uri,
      range(),
      known
        ? `Ceph ignores "${entry.rawKey}": it reads only the "${displayName(fixed)}" form, so this setting never takes effect`
        : `Ceph ignores "${entry.rawKey}": option names use spaces or underscores, never dashes`,
    );
    return;
  }
  const option = lookupOption(entry.key);
  if (!option && isKnownOption(entry.key)) return; // a Ceph option outside the gateway table: known, value unchecked
  if (!option) {
    const suggestions = suggestOptions(entry.key, 3);
    report.report(
      cephConfRules.confUnknownOption,
      file.uri,
      range(),
      `unknown option "${entry.rawKey}": Ceph ignores it${didYouMean(suggestions, (s) => `"${displayName(s)}"`)}`,
    );
    return;
  }
  // The dialect is looked up only for the options it concerns, so that other entries do not depend on it.
  if ((option.dialect === 'legacy' || option.removed) && dialectOf(fed, instance) === 'modern') {
    report.report(
      cephConfRules.confObsoleteOption,
      file.uri,
      range(),
      `"${displayName(option.name)}" belongs to legacy (region) federations${option.replacedBy ? `; this federation uses realms and zonegroups: use "${displayName(option.replacedBy)}"` : ''}`,
    );
  }
  if (!hasPlaceholder(entry.value)) {
    const parsed = parseOptionValue(option, entry.value);
    if (!parsed.ok) {
      report.report(
        cephConfRules.confBadValue,
        file.uri,
        file.lines.range(entry.valueStart, entry.valueEnd),
        `"${entry.value}" is not a valid ${option.type} for ${displayName(option.name)} (${parsed.reason}): Ceph silently keeps the default${option.default === null || option.default === '' ? '' : ` (${String(option.default)})`}`,
      );
    }
  }
}

/** Whether some section name or some key within a section is written twice: nearly no file has either. */
function anyRepeat(file: ConfFile): boolean {
  const sections = file.conf.sections;
  const names = new Set<string>();
  for (const s of sections) {
    if (names.has(s.name)) return true;
    names.add(s.name);
    const entries = s.entries;
    if (entries.length > 32) {
      if (new Set(entries.map((e) => e.key)).size < entries.length) return true;
      continue;
    }
    // A section holds a handful of keys: comparing each with those before it beats building a set.
    for (let i = 1; i < entries.length; i++) for (let j = 0; j < i; j++) if (entries[i].key === entries[j].key) return true;
  }
  return false;
}

function checkDuplicates(file: ConfFile, report: Reporter): void {
  if (!anyRepeat(file)) return;
  // Ceph merges repeated sections; within one section the last value of a key wins.
  const sections = new Map<string, Map<string, ConfEntry[]>>();
  for (const s of file.conf.sections) {
    const keys = sections.get(s.name) ?? new Map<string, ConfEntry[]>();
    for (const e of s.entries) {
      const list = keys.get(e.key);
      if (list) list.push(e);
      else keys.set(e.key, [e]);
    }
    sections.set(s.name, keys);
  }
  for (const [section, keys] of sections) {
    for (const [key, entries] of keys) {
      if (entries.length < 2) continue;
      const last = entries[entries.length - 1];
      const lastLine = file.lines.positionAt(last.keyStart).line + 1;
      for (const e of entries.slice(0, -1)) {
        report.report(
          cephConfRules.confDuplicateOption,
          file.uri,
          file.lines.range(e.keyStart, e.keyEnd),
          `${displayName(key)} is set again in [${section}] on line ${lastLine} ("${last.value}"): Ceph uses the last value, so this one has no effect`,
          [{ uri: file.uri, range: file.lines.range(last.keyStart, last.valueEnd), message: 'the value Ceph uses' }],
        );
      }
    }
  }
}

/** The zones an unknown `rgw zone` may have meant: the closest names of its region's zones, else of all zones. */
export function zoneGuesses(fed: Federation, inst: GatewayInstance, zone: string): string[] {
  const region = inst.region?.value.value;
  const listed = region ? fed.regionsByName.get(region)?.[0]?.zoneNames : undefined;
  return closest(zone, listed?.length ? listed : new Set([...fed.zonesByName.keys(), ...fed.membership.keys()]), 2);
}

/** The realms an unknown `rgw realm` may have meant. */
export function realmGuesses(fed: Federation, realm: string): string[] {
  return closest(realm, fed.index.realmsByName.keys(), 2);
}

function knowsZones(fed: Federation): boolean {
  return fed.zonesByName.size > 0 || fed.membership.size > 0;
}

/**
 * `dashZone`: the sections with a dash-form `rgw-zone`, which Ceph ignores; conf-dash-key reports it, and its fix
 * sets the zone.
 */
function checkInstance(fed: Federation, inst: GatewayInstance, report: Reporter, reported: Set<ConfEntry>, dashZone: Set<string>): void {
  // A value inherited from [client] or [global] is shared by every gateway section: reported once per file.
  const reportValue = (v: ConfValue | undefined, rule: Rule, message: (v: ConfValue) => string, related?: RelatedInformation[]) => {
    if (!v || reported.has(v.entry)) return;
    reported.add(v.entry);
    report.report(rule, v.value.uri, v.value.range, message(v), related);
  };
  const region = inst.region?.value.value;
  const zone = inst.zone?.value.value;
  const where = (v: ConfValue) => (v.section === inst.section.value ? '' : ` (inherited from [${v.section}])`);

  if (!inst.host) {
    report.report(
      cephConfRules.confHostMissing,
      inst.uri,
      inst.section.range,
      `gateway instance ${inst.section.value} has no host: the init scripts start it nowhere, and the extension cannot tell which machine to reach`,
    );
  }
  // Firefly to Hammer read an empty rgw zone as the region's master zone (RGWZoneParams::init_name): a secondary
  // zone's gateway then writes into the master zone. Modern clusters often keep rgw_zone in the monitors' config
  // database, out of this file's sight, so only legacy sections are judged.
  const dashed = dashZone.has(inst.section.value) || dashZone.has('client') || dashZone.has('global');
  if (!zone && !dashed && knowsZones(fed) && dialectOf(fed, inst) === 'legacy') {
    const defs = region ? fed.regionsByName.get(region) : undefined;
    const master = defs?.length ? masterZoneName(fed, defs[0]) : undefined;
    const serves = master ? `zone ${master}, the master zone of region ${region}` : "its region's master zone";
    const message = (v?: ConfValue) =>
      `gateway instance ${inst.section.value} ${v ? `has an empty rgw zone${where(v)}` : 'sets no rgw zone'}: radosgw then serves ${serves}, whatever zone this gateway was meant for; name its zone with rgw zone = ...`;
    if (!inst.zone) report.report(cephConfRules.confZoneMissing, inst.uri, inst.section.range, message());
    else reportValue(inst.zone, cephConfRules.confZoneMissing, message);
  }
  if (region && !hasPlaceholder(region) && fed.regionsByName.size > 0 && !fed.regionsByName.has(region)) {
    reportValue(
      inst.region,
      cephConfRules.confRegionUnknown,
      (v) => `${displayName(v.entry.key)} ${region} names no known region (${[...fed.regionsByName.keys()].join(', ')})${where(v)}: the gateway fails to start`,
    );
  }
  // radosgw reads a realm it cannot find as no realm at all (RGWSI_Zone::do_start ignores ENOENT): no period, no sync.
  const realm = inst.realm?.value.value;
  const realms = fed.index.realmsByName;
  if (realm && !hasPlaceholder(realm) && realms.size > 0 && !realms.has(realm)) {
    reportValue(
      inst.realm,
      cephConfRules.confRealmUnknown,
      (v) => `rgw realm ${realm} names no realm of the federation (known: ${[...realms.keys()].join(', ')})${where(v)}: radosgw starts anyway, outside the realm's period, and this gateway does not sync${didYouMean(realmGuesses(fed, realm))}`,
    );
  }
  if (zone && !hasPlaceholder(zone) && knowsZones(fed)) {
    const known = fed.zonesByName.has(zone) || fed.membership.has(zone);
    if (!known) {
      reportValue(
        inst.zone,
        cephConfRules.confZoneUnknown,
        (v) => `rgw zone ${zone} names no zone of the federation${where(v)}: Ceph accepts the file, then the gateway dies at start ("Cannot find zone id= (name=${zone})")${didYouMean(zoneGuesses(fed, inst, zone))}`,
      );
    } else if (region && fed.regionsByName.has(region)) {
      const defs = fed.regionsByName.get(region)!;
      if (!defs.some((r) => r.zoneNames.includes(zone))) {
        const owners = (fed.membership.get(zone) ?? []).map((m) => m.region.name?.value ?? '?');
        reportValue(
          inst.zone,
          cephConfRules.confZoneNotInRegion,
          (v) => `zone ${zone} is not a zone of region ${region}${owners.length ? ` (it belongs to ${owners.join(', ')})` : ''}${where(v)}: the gateway dies at start`,
          [{ uri: defs[0].uri, range: defs[0].name?.range ?? defs[0].range, message: `region ${region} (${shortName(defs[0].uri)})` }],
        );
      }
    }
  }
  // Root pools are judged only once zone and region agree: otherwise the error above says it all.
  const zoneSound = !!zone && (fed.zonesByName.has(zone) || fed.membership.has(zone)) && (!region || !fed.regionsByName.has(region) || fed.regionsByName.get(region)!.some((r) => r.zoneNames.includes(zone)));
  const zoneRoot = inst.zoneRootPool?.value.value;
  if (zone && zoneSound && zoneRoot && !hasPlaceholder(zoneRoot) && zoneRoot !== legacyRootPool(zone)) {
    reportValue(
      inst.zoneRootPool,
      cephConfRules.confRootPoolPrefix,
      (v) => `rgw zone root pool ${v.value.value} does not follow zone ${zone}: expected ${legacyRootPool(zone)}, else the gateway reads its zone from another zone's pool`,
    );
  }
  const regionRoot = inst.regionRootPool?.value.value;
  if (region && fed.regionsByName.has(region) && regionRoot && !hasPlaceholder(regionRoot) && !regionRoot.startsWith(`.${region}.`)) {
    reportValue(
      inst.regionRootPool,
      cephConfRules.confRootPoolPrefix,
      (v) => `${displayName(v.entry.key)} ${v.value.value} does not follow region ${region}: expected ${legacyRootPool(region)}`,
    );
  }
}

/** Where a gateway's `rgw frontends` is reported: its own value, or its section header when inherited. */
const frontendsRange = (inst: GatewayInstance, frontends: ConfValue) => (frontends.section === inst.section.value ? frontends.value.range : inst.section.range);

/**
 * The sockets of a gateway section that other gateway sections of its host want too, each with those others. Only
 * `rgw frontends` written in the files counts: a section without one may take it from the monitors' config
 * database. One section name on one host in two files is one daemon, not two.
 */
export function portClashes(fed: Federation, inst: GatewayInstance): { listener: Listener; others: Listening[] }[] {
  const host = inst.host?.value.value;
  const frontends = inst.frontends?.value.value;
  if (!host || !frontends || hasPlaceholder(host) || hasPlaceholder(frontends)) return [];
  const out: { listener: Listener; others: Listening[] }[] = [];
  for (const listener of frontendListeners(frontends)) {
    const list = fed.index.listeners.get(listeningKey(host, listener.port)) ?? [];
    if (list.length < 2) continue;
    const others = list.filter((o) => o.instance.section.value !== inst.section.value && listenersClash(listener, o.listener));
    if (others.length) out.push({ listener, others });
  }
  return out;
}

function checkListeners(fed: Federation, inst: GatewayInstance, report: Reporter): void {
  for (const { listener, others } of portClashes(fed, inst)) {
    const frontends = inst.frontends!;
    const host = inst.host!.value.value;
    const inherited = frontends.section === inst.section.value ? '' : `, inherited from [${frontends.section}]`;
    const names = [...new Set(others.map((o) => `${o.instance.section.value} (${shortName(o.instance.uri)})`))];
    report.report(
      cephConfRules.confPortConflict,
      inst.uri,
      frontendsRange(inst, frontends),
      `gateway instance ${inst.section.value} listens on port ${listener.port} of host ${host} (${listener.setting}${inherited}), as ${names.join(', ')} ${names.length > 1 ? 'do' : 'does'}: the radosgw that starts second cannot bind the port and exits`,
      others.map((o) => ({
        uri: o.instance.uri,
        range: frontendsRange(o.instance, o.instance.frontends!),
        message: `${o.instance.section.value} listens on ${host}:${listener.port} (${o.listener.setting})`,
      })),
    );
  }
}

/** Every ceph.conf rule for one file; `instances` are the gateway sections it defines. */
export function checkCephConfFile(fed: Federation, file: ConfFile, instances: GatewayInstance[], report: Reporter): void {
  // Measured with ceph-conf 16.2.15: the byte order mark fails the same `isblank` assertion as any byte past ASCII.
  if (file.bom) {
    report.report(cephConfRules.confSyntax, file.uri, file.lines.range(0, Math.min(1, file.text.length)), "the file starts with a UTF-8 byte order mark: Ceph's config parser aborts on it, in every daemon and tool that reads this file; save it as UTF-8 without one");
  }
  for (const e of file.conf.errors) report.report(cephConfRules.confSyntax, file.uri, file.lines.range(e.start, e.end), e.message);
  const bySection = new Map(instances.map((i) => [i.section.value, i]));
  for (const s of file.conf.sections) {
    // Ceph keeps these blanks (measured with ceph-conf 16.2.15): `[ client.rgw.a ]` is not client.rgw.a's section.
    const trimmed = s.name.trim();
    if (s.nameStart >= 0 && trimmed !== s.name) {
      report.report(cephConfRules.confSectionBlanks, file.uri, file.lines.range(s.headerStart, s.headerEnd), `Ceph keeps the blanks inside the brackets: this section is "${s.name}", which no daemon looks up, so none of its options apply${trimmed ? `; write [${trimmed}]` : ''}`);
    }
    const instance = bySection.get(s.name);
    for (const e of s.entries) checkEntry(fed, file, e, instance, report);
  }
  checkDuplicates(file, report);
  // An inherited value is reported once per file, not once per section inheriting it.
  const reported = new Set<ConfEntry>();
  const dashZone = new Set<string>();
  for (const s of file.conf.sections) if (s.entries.some((e) => e.key.includes('-') && e.key.replace(/-/g, '_') === 'rgw_zone')) dashZone.add(s.name);
  for (const inst of instances) {
    checkInstance(fed, inst, report, reported, dashZone);
    checkListeners(fed, inst, report);
  }
}
