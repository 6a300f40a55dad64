import type { Federation } from '../model/federation';
import type { ParsedFile } from '../parse/parseFile';
import type { Position, Range } from '../types';

/** What every editor feature reads: the federation index (which holds every parsed file). */
export interface FeatureContext {
  federation: Federation;
  /**
   * The workspace's own lookup of a file by URI, when there is one. Without it a file is found through
   * `federation.files`, whose list (and this module's map of it) is built again after every edit.
   */
  file?: (uri: string) => ParsedFile | undefined;
}

const byUriCache = new WeakMap<Federation, Map<string, ParsedFile>>();

export function fileOf(ctx: FeatureContext, uri: string): ParsedFile | undefined {
  if (ctx.file) return ctx.file(uri);
  let map = byUriCache.get(ctx.federation);
  if (!map) {
    map = new Map(ctx.federation.files.map((f) => [f.uri, f]));
    byUriCache.set(ctx.federation, map);
  }
  return map.get(uri);
}

export function contains(range: Range, pos: Position): boolean {
  const afterStart = pos.line > range.start.line || (pos.line === range.start.line && pos.character >= range.start.character);
  const beforeEnd = pos.line < range.end.line || (pos.line === range.end.line && pos.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** A secret shown in a hover or completion label: enough to recognise it, never the whole of it. */
export function maskKey(key: string): string {
  if (!key) return '(empty)';
  return key.length <= 8 ? '…' : `${key.slice(0, 4)}…`;
}
