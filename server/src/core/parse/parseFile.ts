import { LineIndex } from '../text';
import type { SourceFile } from '../types';
import type { Dialect } from '../ceph/pools';
import { ZONE_POOL_FIELDS } from '../ceph/pools';
import { parseJson, type ParsedJson } from './json';
import { parseCephConf, type ParsedConf } from './cephConf';
import { parseAgentConf, type ParsedAgentConf } from './agentConf';

export type JsonKind = 'region' | 'regionmap' | 'zonegroup' | 'zone' | 'realm' | 'period';
export type FileKind = JsonKind | 'ceph-conf' | 'agent-conf';

interface Base {
  uri: string;
  text: string;
  lines: LineIndex;
  /** Saved with a UTF-8 byte order mark, which radosgw-admin and Ceph's config parser both fail on. */
  bom: boolean;
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
  const clean = uri.indexOf('?') >= 0 || uri.indexOf('#') >= 0 ? uri.replace(/[?#].*$/, '') : uri;
  const last = clean.slice(clean.lastIndexOf('/') + 1);
  return last.indexOf('%') >= 0 ? decodeURIComponent(last) : last;
}

export function uriBasename(uri: string): string {
  return basename(uri);
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function jsonKind(json: ParsedJson): { kind: JsonKind; dialect: Dialect } | undefined {
  const root = json.value;
  if (!isObject(root)) return undefined;
  if (has(root, 'regions') || has(root, 'master_region')) return { kind: 'regionmap', dialect: 'legacy' };
  if (has(root, 'period_map') || (has(root, 'master_zonegroup') && has(root, 'realm_id'))) return { kind: 'period', dialect: 'modern' };
  if (has(root, 'current_period')) return { kind: 'realm', dialect: 'modern' };
  if (has(root, 'zones') || has(root, 'master_zone') || has(root, 'api_name') || has(root, 'placement_targets')) {
    const zones = has(root, 'zones') ? root.zones : undefined;
    const zonesHaveIds = Array.isArray(zones) && zones.some((z) => isObject(z) && has(z, 'id'));
    const modern = has(root, 'id') || has(root, 'realm_id') || zonesHaveIds;
    return { kind: modern ? 'zonegroup' : 'region', dialect: modern ? 'modern' : 'legacy' };
  }
  for (const key in root) {
    if (!ZONE_KEYS.has(key)) continue;
    const modern = has(root, 'id') || has(root, 'realm_id') || has(root, 'lc_pool') || has(root, 'otp_pool') || has(root, 'roles_pool');
    return { kind: 'zone', dialect: modern ? 'modern' : 'legacy' };
  }
  return undefined;
}

/** The offset <-> position table is built on first use: a file without diagnostics never needs it. */
class FileBase {
  #lines?: LineIndex;

  constructor(
    readonly uri: string,
    readonly text: string,
    readonly bom: boolean,
  ) {}

  get lines(): LineIndex {
    return (this.#lines ??= new LineIndex(this.text));
  }
}

function make<T extends object>(uri: string, text: string, bom: boolean, rest: T): FileBase & T {
  return Object.assign(new FileBase(uri, text, bom), rest);
}

/** Detects a file's kind from its content (names in the field are free) and parses it. Never throws. */
export function parseFile(file: SourceFile): ParsedFile {
  const { uri } = file;
  const inText = file.text.charCodeAt(0) === 0xfeff;
  const text = inText ? file.text.slice(1) : file.text;
  const bom = inText || file.bom === true;
  const name = basename(uri);
  if (text.includes('\u0000')) {
    return make(uri, text, bom, { kind: 'unknown' as const, binary: true, looksLike: /\.json$/i.test(name) ? ('json' as const) : /\.conf$/i.test(name) ? ('conf' as const) : undefined });
  }
  const firstChar = text.trimStart()[0];
  if (/\.json$/i.test(name) || firstChar === '{') {
    const json = parseJson(text);
    const detected = jsonKind(json);
    if (detected) return make(uri, text, bom, { ...detected, json });
    return make(uri, text, bom, { kind: 'unknown' as const, binary: false, looksLike: 'json' as const, json });
  }
  // The section regex scans the whole text; a file without "[" cannot match it.
  if ((text.includes('[') && CEPH_SECTION_LINE.test(text)) || /(^|[./-])ceph\.conf$/i.test(name)) {
    return make(uri, text, bom, { kind: 'ceph-conf' as const, conf: parseCephConf(text) });
  }
  if (AGENT_KEY_LINE.test(text) || file.languageId === 'radosgw-agent-conf') {
    return make(uri, text, bom, { kind: 'agent-conf' as const, agent: parseAgentConf(text) });
  }
  if (file.languageId === 'ceph-conf') return make(uri, text, bom, { kind: 'ceph-conf' as const, conf: parseCephConf(text) });
  return make(uri, text, bom, { kind: 'unknown' as const, binary: false, looksLike: /\.conf$/i.test(name) ? ('conf' as const) : undefined });
}
