import { buildFederation, type Federation } from './model/federation';
import { parseFile, type ParsedFile } from './parse/parseFile';
import { checkAgentFile } from './rules/agent';
import { checkCephConfFile } from './rules/cephConf';
import { checkUnknownFile } from './rules/file';
import { checkJsonFile } from './rules/json';
import { checkPlaceholders } from './rules/placeholder';
import { checkRegionFile, checkZoneAgainstRegions } from './rules/region';
import { Reporter } from './rules/rule';
import { checkZoneFile } from './rules/zone';
import type { Diagnostic, SourceFile } from './types';

export interface CheckResult {
  files: ParsedFile[];
  federation: Federation;
  /** Diagnostics by file URI; every checked file has an entry, possibly empty. */
  diagnostics: Map<string, Diagnostic[]>;
}

export interface CheckOptions {
  /** URIs named explicitly (CLI arguments): an unrecognisable one gets a diagnostic instead of being skipped. */
  explicit?: Set<string>;
}

/** Diagnostics that depend on one file alone (syntax, schema, placeholders): cacheable per file text. */
export function checkFileLocalSync(file: ParsedFile, explicit: boolean): Diagnostic[] {
  const report = new Reporter();
  if (file.kind === 'unknown') checkUnknownFile(file, explicit, report);
  else if (file.kind !== 'ceph-conf' && file.kind !== 'agent-conf') checkJsonFile(file, report);
  checkPlaceholders(file, report);
  return report.diagnostics;
}

export async function checkFileLocal(file: ParsedFile, explicit: boolean): Promise<Diagnostic[]> {
  return checkFileLocalSync(file, explicit);
}

/**
 * The cross-file diagnostics reported in one file, against the federation's index. Every rule reports where the
 * problem is written, so a file's diagnostics are computed from the file and the index lookups it makes.
 */
export function checkFileCross(federation: Federation, file: ParsedFile): Diagnostic[] {
  const report = new Reporter();
  const defined = federation.definedBy(file);
  switch (file.kind) {
    case 'region':
    case 'zonegroup':
    case 'regionmap':
    case 'period':
      checkRegionFile(federation, defined.regions, report);
      break;
    case 'zone':
      if (defined.zone) {
        checkZoneAgainstRegions(federation, defined.zone, report);
        checkZoneFile(federation, defined.zone, report);
      }
      break;
    case 'ceph-conf':
      checkCephConfFile(federation, file, defined.instances ?? [], report);
      break;
    case 'agent-conf':
      if (defined.agent) checkAgentFile(federation, defined.agent, report);
      break;
  }
  return report.diagnostics;
}

/** Diagnostics that need the whole federation: every cross-file rule, file by file. */
export function checkFederation(federation: Federation): Diagnostic[] {
  return federation.files.flatMap((f) => checkFileCross(federation, f));
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function groupByUri(files: { uri: string }[], diagnostics: Diagnostic[]): Map<string, Diagnostic[]> {
  const byUri = new Map<string, Diagnostic[]>(files.map((f) => [f.uri, []]));
  for (const d of diagnostics) {
    const list = byUri.get(d.uri);
    if (list) list.push(d);
    else byUri.set(d.uri, [d]);
  }
  for (const list of byUri.values()) sortDiagnostics(list);
  return byUri;
}

/** Parses, indexes and checks a set of files as one federation. */
export async function checkFiles(sources: SourceFile[], options: CheckOptions = {}): Promise<CheckResult> {
  const files = sources.map(parseFile);
  const federation = buildFederation(files);
  const diagnostics = new Map<string, Diagnostic[]>();
  for (const f of files) {
    const local = checkFileLocalSync(f, options.explicit?.has(f.uri) ?? false);
    const cross = checkFileCross(federation, f);
    diagnostics.set(f.uri, sortDiagnostics(local.length && cross.length ? [...local, ...cross] : local.length ? local : cross));
  }
  return { files, federation, diagnostics };
}
