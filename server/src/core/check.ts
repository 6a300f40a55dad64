import { buildFederation, type Federation } from './model/federation';
import { parseFile, type ParsedFile } from './parse/parseFile';
import { checkAgents } from './rules/agent';
import { checkCephConfs } from './rules/cephConf';
import { checkUnknownFile } from './rules/file';
import { checkJsonFile } from './rules/json';
import { checkPlaceholders } from './rules/placeholder';
import { checkRegions } from './rules/region';
import { Reporter } from './rules/rule';
import { checkZones } from './rules/zone';
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
export async function checkFileLocal(file: ParsedFile, explicit: boolean): Promise<Diagnostic[]> {
  const report = new Reporter();
  if (file.kind === 'unknown') checkUnknownFile(file, explicit, report);
  else if (file.kind !== 'ceph-conf' && file.kind !== 'agent-conf') await checkJsonFile(file, report);
  checkPlaceholders(file, report);
  return report.diagnostics;
}

/** Diagnostics that need the whole federation: every cross-file rule. */
export function checkFederation(federation: Federation): Diagnostic[] {
  const report = new Reporter();
  checkRegions(federation, report);
  checkZones(federation, report);
  checkCephConfs(federation, report);
  checkAgents(federation, report);
  return report.diagnostics;
}

export function groupByUri(files: { uri: string }[], diagnostics: Diagnostic[]): Map<string, Diagnostic[]> {
  const byUri = new Map<string, Diagnostic[]>(files.map((f) => [f.uri, []]));
  for (const d of diagnostics) {
    const list = byUri.get(d.uri);
    if (list) list.push(d);
    else byUri.set(d.uri, [d]);
  }
  for (const list of byUri.values()) list.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return byUri;
}

/** Parses, indexes and checks a set of files as one federation. */
export async function checkFiles(sources: SourceFile[], options: CheckOptions = {}): Promise<CheckResult> {
  const files = sources.map(parseFile);
  const federation = buildFederation(files);
  const local = await Promise.all(files.map((f) => checkFileLocal(f, options.explicit?.has(f.uri) ?? false)));
  const diagnostics = groupByUri(files, [...local.flat(), ...checkFederation(federation)]);
  return { files, federation, diagnostics };
}
