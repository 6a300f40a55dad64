import { LineIndex } from '../text';
import type { SourceFile } from '../types';
import type { Dialect } from '../ceph/pools';
import { ZONE_POOL_FIELDS } from '../ceph/pools';
import { parseJson, keys, child, elements, type ParsedJson } from './json';
import { parseCephConf, type ParsedConf } from './cephConf';
import { parseAgentConf, type ParsedAgentConf } from './agentConf';

export type JsonKind = 'region' | 'regionmap' | 'zonegroup' | 'zone' | 'realm' | 'period';
export type FileKind = JsonKind | 'ceph-conf' | 'agent-conf';

interface Base {
  uri: string;
  text: string;
  lines: LineIndex;
}
export interface JsonFile extends Base {
  kind: JsonKind;
  dialect: Dialect;
  json: ParsedJson;
}
export interface ConfFile extends Base {
  kind: 'ceph-conf';
  conf: ParsedConf;
}
export interface AgentFile extends Base {
  kind: 'agent-conf';
  agent: ParsedAgentConf;
}
/** A file the federation does not understand; `looksLike` says which syntax it was meant to be, if any. */
export interface UnknownFile extends Base {
  kind: 'unknown';
  looksLike?: 'json' | 'conf';
  binary: boolean;
  json?: ParsedJson;
}
export type ParsedFile = JsonFile | ConfFile | AgentFile | UnknownFile;

/** File names a federation directory scan reads; everything else (apache sites, scripts) is left alone. */
export function isCandidateName(path: string): boolean {
  return /\.(json|conf|ya?ml)$/i.test(path);
}

const AGENT_KEY_LINE =
  /^[ \t]*(src_access_key|src_secret_key|dest_access_key|dest_secret_key|destination|src_zone|dest_zone|metadata_only|sync_scope|num_workers)[ \t]*:/m;
const CEPH_SECTION_LINE = /^[ \t]*\[[ \t]*(global|client|mon|osd|mds|mgr|rgw)\b/im;
const ZONE_KEYS = new Set([...ZONE_POOL_FIELDS.map((f) => f.field), 'system_key', 'placement_pools', 'tier_config']);

function basename(uri: string): string {
  const clean = uri.replace(/[?#].*$/, '');
  return decodeURIComponent(clean.slice(clean.lastIndexOf('/') + 1));
}

export function uriBasename(uri: string): string {
  return basename(uri);
}

function jsonKind(json: ParsedJson): { kind: JsonKind; dialect: Dialect } | undefined {
  const root = json.root;
  if (!root || root.type !== 'object') return undefined;
  const k = new Set(keys(root));
  if (k.has('regions') || k.has('master_region')) return { kind: 'regionmap', dialect: 'legacy' };
  if (k.has('period_map') || (k.has('master_zonegroup') && k.has('realm_id'))) return { kind: 'period', dialect: 'modern' };
  if (k.has('current_period')) return { kind: 'realm', dialect: 'modern' };
  if (k.has('zones') || k.has('master_zone') || k.has('api_name') || k.has('placement_targets')) {
    const zonesHaveIds = elements(child(root, 'zones')).some((z) => keys(z).includes('id'));
    const modern = k.has('id') || k.has('realm_id') || zonesHaveIds;
    return { kind: modern ? 'zonegroup' : 'region', dialect: modern ? 'modern' : 'legacy' };
  }
  if ([...k].some((key) => ZONE_KEYS.has(key))) {
    const modern = k.has('id') || k.has('realm_id') || k.has('lc_pool') || k.has('otp_pool') || k.has('roles_pool');
    return { kind: 'zone', dialect: modern ? 'modern' : 'legacy' };
  }
  return undefined;
}

/** Detects a file's kind from its content (names in the field are free) and parses it. Never throws. */
export function parseFile(file: SourceFile): ParsedFile {
  const { uri } = file;
  const text = file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text;
  const lines = new LineIndex(text);
  const name = basename(uri);
  const base = { uri, text, lines };
  if (text.includes('\u0000')) {
    return { ...base, kind: 'unknown', binary: true, looksLike: /\.json$/i.test(name) ? 'json' : /\.conf$/i.test(name) ? 'conf' : undefined };
  }
  const firstChar = text.trimStart()[0];
  if (/\.json$/i.test(name) || firstChar === '{') {
    const json = parseJson(text);
    const detected = jsonKind(json);
    if (detected) return { ...base, ...detected, json };
    return { ...base, kind: 'unknown', binary: false, looksLike: 'json', json };
  }
  if (CEPH_SECTION_LINE.test(text) || /(^|[./-])ceph\.conf$/i.test(name)) {
    return { ...base, kind: 'ceph-conf', conf: parseCephConf(text) };
  }
  if (AGENT_KEY_LINE.test(text) || file.languageId === 'radosgw-agent-conf') {
    return { ...base, kind: 'agent-conf', agent: parseAgentConf(text) };
  }
  if (file.languageId === 'ceph-conf') return { ...base, kind: 'ceph-conf', conf: parseCephConf(text) };
  return { ...base, kind: 'unknown', binary: false, looksLike: /\.conf$/i.test(name) ? 'conf' : undefined };
}
