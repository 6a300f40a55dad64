// Typed access to the Ceph option table (options.json) and a value checker that accepts exactly what
// Ceph 16.2 accepts when it reads a ceph.conf value (Option::parse_value and the helpers it calls).

import table from './options.json';
import otherOptions from './other-options.json';
import { normalizeConfKey } from '../parse/cephConf';
import { editDistance } from '../suggest';

export type OptionType = 'str' | 'bool' | 'int' | 'uint' | 'size' | 'secs' | 'millisecs' | 'float' | 'addr' | 'addrvec' | 'uuid';

export interface CephOption {
  name: string;
  type: OptionType;
  default: string | number | boolean | null;
  description: string;
  level: 'basic' | 'advanced' | 'dev';
  enum?: string[];
  min?: number;
  max?: number;
  dialect?: 'legacy';
  removed?: string;
  replacedBy?: string;
  gateway?: boolean;
}

export const CEPH_OPTIONS: readonly CephOption[] = table as unknown as CephOption[];

const BY_NAME = new Map<string, CephOption>(CEPH_OPTIONS.map((o) => [o.name, o]));

export function lookupOption(name: string): CephOption | undefined {
  const hit = BY_NAME.get(name);
  if (hit || !/\s/.test(name)) return hit;
  return BY_NAME.get(normalizeConfKey(name));
}

const OTHER_NAMES = new Set<string>(otherOptions.names);

/** Whether Ceph knows the option at all: described in the table, or one of its other (non-gateway) options. */
export function isKnownOption(name: string): boolean {
  return !!lookupOption(name) || OTHER_NAMES.has(normalizeConfKey(name));
}

export function displayName(name: string): string {
  return name.replace(/_/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// Did-you-mean

export function suggestOptions(name: string, max = 3): string[] {
  // Dashes and spaces are the usual slips; Ceph itself only maps whitespace.
  const key = name.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (!key || max <= 0) return [];
  const limit = Math.max(1, Math.min(3, Math.floor(key.length / 4)));
  const scored: { name: string; d: number }[] = [];
  for (const opt of CEPH_OPTIONS) {
    let d = editDistance(key, opt.name, limit);
    // "zone" for "rgw_zone": a missing prefix is one slip, not four.
    if (d > limit && opt.name.startsWith('rgw_') && !key.startsWith('rgw')) {
      d = editDistance(key, opt.name.slice(4), limit) + 1;
    }
    if (d <= limit) scored.push({ name: opt.name, d });
  }
  // Closest first; among equals, prefer options 16.2 still knows.
  const gone = (n: string): number => (BY_NAME.get(n)?.removed ? 1 : 0);
  scored.sort((x, y) => x.d - y.d || gone(x.name) - gone(y.name) || x.name.localeCompare(y.name));
  return scored.slice(0, max).map((s) => s.name);
}

// ---------------------------------------------------------------------------------------------
// Value parsing. Each helper mirrors one C function Ceph uses; the comments name it because the
// odd corners (e.g. "1K5" is a valid size but "4KiB" is not, " 5" is not an int, "5 " is not a bool)
// are Ceph's behaviour, kept on purpose so the checker never disagrees with the daemon.

export type ParsedValue = { ok: true; value: string | number | boolean } | { ok: false; reason: string };

const fail = (reason: string): ParsedValue => ({ ok: false, reason });

const LLONG_MIN = -(2n ** 63n);
const LLONG_MAX = 2n ** 63n - 1n;
const ULLONG_MAX = 2n ** 64n - 1n;
const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;

// C isspace() in the "C" locale.
const isCSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

/** strtoll/strtoull base 10 prefix scan: returns the digits' value and where the scan stopped. */
function scanInteger(s: string): { value: bigint; end: number } | undefined {
  let i = 0;
  while (isCSpace(s[i])) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  const start = i;
  while (isDigit(s[i])) i++;
  if (i === start) return undefined;
  const v = BigInt(s.slice(start, i));
  return { value: neg ? -v : v, end: i };
}

/** strict_strtoll (common/strtol.cc): the whole string must be one base-10 long long. */
function strictStrtoll(s: string): bigint | string {
  const r = scanInteger(s);
  if (!r || r.end !== s.length) return 'expected an integer';
  if (r.value < LLONG_MIN || r.value > LLONG_MAX) return 'integer out of range';
  return r.value;
}

/** strict_strtob (common/strtol.cc): true/false in any case, else an int where non-zero is true. */
function parseBool(s: string): ParsedValue {
  if (s.toLowerCase() === 'false') return { ok: true, value: false };
  if (s.toLowerCase() === 'true') return { ok: true, value: true };
  const n = strictStrtoll(s);
  if (typeof n === 'string' || n < INT_MIN || n > INT_MAX) return fail('expected true, false or an integer');
  return { ok: true, value: n !== 0n };
}

/** strict_si_cast<int64_t|uint64_t> (common/strtol.cc): integer with an optional decimal K/M/G/T/P/E suffix. */
function parseSiInt(s: string, unsigned: boolean): ParsedValue {
  if (s === '') return fail('expected an integer');
  let n = s;
  let exp = 0;
  if (/[^0-9+-]/.test(s)) {
    const idx = 'KMGTPE'.indexOf(s[s.length - 1]);
    // A trailing 'B' is "recognised" but not stripped, so it always ends in a parse error.
    if (idx < 0) return fail(s.endsWith('B') ? 'expected an integer' : 'unknown unit suffix (use K, M, G, T, P or E)');
    exp = 3 * (idx + 1);
    n = s.slice(0, -1);
  }
  const ll = strictStrtoll(n);
  if (typeof ll === 'string') return fail(exp ? 'expected an integer before the unit suffix' : 'expected an integer');
  if (ll < 0n && unsigned) return fail('must not be negative');
  const coef = 10n ** BigInt(exp);
  const [lo, hi] = unsigned ? [0n, ULLONG_MAX] : [LLONG_MIN, LLONG_MAX];
  // C++ integer division truncates toward zero, as BigInt division does.
  if (ll < lo / coef || ll > hi / coef) return fail('integer out of range');
  return { ok: true, value: Number(ll * coef) };
}

/** strict_iec_cast<uint64_t> (common/strtol.cc, as shipped in 16.2): binary K/M/G/T/P/E prefixes. */
function parseSize(s: string): ParsedValue {
  if (s === '') return fail('expected a size such as 4096, 64K or 4M');
  const u = s.search(/[^0-9+-]/);
  let n = s;
  let shift = 0;
  if (u >= 0) {
    n = s.slice(0, u);
    const unit = s.slice(u);
    // 16.2 only looks at the unit's first character, so "4K", "4KB" and "4Ki" are all 4096, but "4KiB" is too long.
    if (unit.endsWith('i') && unit.startsWith('B')) return fail('unknown size unit "Bi"');
    if (unit.length > 2) return fail('size unit must be at most 2 characters (e.g. K, Ki, KB; not KiB)');
    const idx = 'BKMGTPE'.indexOf(unit[0]);
    if (idx < 0) return fail(`unknown size unit "${unit}" (use B, K, M, G, T, P or E)`);
    shift = idx * 10;
  }
  const ll = strictStrtoll(n);
  if (typeof ll === 'string') return fail('expected a size such as 4096, 64K or 4M');
  if (ll < 0n) return fail('size must not be negative');
  if (ll > ULLONG_MAX >> BigInt(shift)) return fail('size too large');
  return { ok: true, value: Number(ll << BigInt(shift)) };
}

const TIMESPAN_UNITS: Record<string, number> = {
  s: 1, sec: 1, second: 1, seconds: 1,
  m: 60, min: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, wk: 604800, week: 604800, weeks: 604800,
  mo: 2592000, month: 2592000, months: 2592000,
  y: 31536000, yr: 31536000, year: 31536000, years: 31536000,
};

/** parse_timespan (common/ceph_time.cc): a sum of "<digits>[ ]<unit>" terms; a bare number is seconds. */
function parseSecs(s: string): ParsedValue {
  let total = 0n;
  let pos = 0;
  while (pos < s.length) {
    while (isCSpace(s[pos])) pos++;
    if (pos >= s.length) break;
    const start = pos;
    while (isDigit(s[pos])) pos++;
    if (start === pos) return fail('expected a duration such as 30, 30s, 5m, 2h or 1d');
    let val = BigInt(s.slice(start, pos));
    if (val > LLONG_MAX) return fail('duration out of range');
    while (isCSpace(s[pos])) pos++;
    const unitStart = pos;
    while (isAlpha(s[pos])) pos++;
    if (unitStart !== pos) {
      const unit = s.slice(unitStart, pos);
      const mult = Object.prototype.hasOwnProperty.call(TIMESPAN_UNITS, unit) ? TIMESPAN_UNITS[unit] : undefined;
      if (mult === undefined) return fail(`unknown time unit "${unit}" (s, m, h, d, w, mo, y and their long forms)`);
      val *= BigInt(mult);
    } else if (pos < s.length) {
      return fail(`unexpected "${s.slice(pos)}" in duration`);
    }
    total += val;
  }
  return { ok: true, value: Number(total) };
}

/** boost::lexical_cast<uint64_t>, which 16.2.15 uses for millisecs: digits only, a '-' wraps around. */
function parseMillisecs(s: string): ParsedValue {
  const m = /^([+-]?)(\d+)$/.exec(s);
  if (!m || BigInt(m[2]) > ULLONG_MAX) return fail('expected a whole number of milliseconds');
  const v = BigInt(m[2]);
  return { ok: true, value: Number(m[1] === '-' && v !== 0n ? 2n ** 64n - v : v) };
}

const DBL_MIN = 2.2250738585072014e-308;
const DEC_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const SPECIAL_FLOAT = /^[+-]?(?:inf|infinity|nan(?:\([0-9A-Za-z_]*\))?)$/i;

/** strict_strtod (common/strtol.cc): C strtod over the whole string; overflow and underflow are errors. */
function parseFloatValue(s: string): ParsedValue {
  let i = 0;
  while (isCSpace(s[i])) i++;
  const t = s.slice(i);
  let v: number;
  let nonzero: boolean;
  if (SPECIAL_FLOAT.test(t)) {
    const lower = t.toLowerCase().replace(/^[+-]/, '');
    const sign = t.startsWith('-') ? -1 : 1;
    return { ok: true, value: lower.startsWith('inf') ? sign * Infinity : NaN };
  } else if (DEC_FLOAT.test(t)) {
    v = Number(t);
    nonzero = /[1-9]/.test(t.replace(/[eE].*$/, ''));
  } else {
    const h = HEX_FLOAT.exec(t);
    if (!h || (h[2] === '' && (h[3] === undefined || h[3] === ''))) return fail('expected a number');
    const digits = h[2] + (h[3] ?? '');
    const exp = Number(h[4] ?? '0') - 4 * (h[3] ?? '').length;
    v = (h[1] === '-' ? -1 : 1) * Number(BigInt('0x' + (digits || '0'))) * 2 ** exp;
    nonzero = /[1-9a-fA-F]/.test(digits);
  }
  if (!Number.isFinite(v)) return fail('number out of range');
  if (nonzero && Math.abs(v) < DBL_MIN) return fail('number too small (underflow)');
  return { ok: true, value: v };
}

/** glibc inet_pton(AF_INET): exactly four decimal octets, no leading zeros. */
function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** inet_pton(AF_INET6) for the hex-and-colon text Ceph hands it (no dotted IPv4 tail can reach it). */
function isIPv6(s: string): boolean {
  if (!/^[0-9a-fA-F:]+$/.test(s)) return false;
  const dbl = s.indexOf('::');
  if (dbl !== s.lastIndexOf('::')) return false;
  const groupsOk = (part: string): string[] | undefined => {
    if (part === '') return [];
    const g = part.split(':');
    return g.every((x) => /^[0-9a-fA-F]{1,4}$/.test(x)) ? g : undefined;
  };
  if (dbl < 0) {
    const g = groupsOk(s);
    return g !== undefined && g.length === 8;
  }
  const head = groupsOk(s.slice(0, dbl));
  const tail = groupsOk(s.slice(dbl + 2));
  return head !== undefined && tail !== undefined && head.length + tail.length <= 7;
}

/** entity_addr_t::parse (msg/msg_types.cc): where the address stopped (-1 if none) and whether it was IPv6. */
function scanAddr(s: string, from: number): { end: number; v6: boolean } {
  let p = from;
  const rest = s.slice(p);
  if (rest.startsWith('v1:') || rest.startsWith('v2:')) p += 3;
  else if (rest.startsWith('any:')) p += 4;
  else if (rest.startsWith('-')) return { end: p + 1, v6: false };
  let brackets = false;
  if (s[p] === '[') {
    brackets = true;
    p++;
  }
  const v4 = /^[0-9.]{0,39}/.exec(s.slice(p))![0];
  const hex = /^[0-9a-fA-F:]{0,64}/.exec(s.slice(p))![0];
  const ipv6 = !isIPv4(v4);
  if (!ipv6) p += v4.length;
  else if (isIPv6(hex)) p += hex.length;
  else return { end: -1, v6: false };
  if (brackets) {
    if (s[p] !== ']') return { end: -1, v6: false };
    p++;
  }
  if (s[p] === ':') {
    p++;
    const port = /^[+-]?\d*/.exec(s.slice(p))![0];
    if (Number(port || '0') > 65535) return { end: -1, v6: false };
    while (isDigit(s[p])) p++;
  }
  if (s[p] === '/') {
    p++;
    while (isDigit(s[p])) p++;
  }
  return { end: p, v6: ipv6 };
}

function parseAddr(s: string): ParsedValue {
  // 16.2 checks only that an address starts the value; whatever follows it is ignored.
  return scanAddr(s, 0).end >= 0 ? { ok: true, value: s } : fail('expected an IP address such as 10.0.0.1, 10.0.0.1:7480 or [::1]:7480');
}

/** entity_addrvec_t::parse (msg/msg_types.cc): one address, or "[addr,addr,...]"; text after it is ignored. */
function parseAddrvec(s: string): ParsedValue {
  const bad = fail('expected an address or a bracketed list such as [v2:10.0.0.1:3300,v1:10.0.0.1:6789]');
  let p = 0;
  let brackets = false;
  if (s[0] === '[') {
    // "[::1]" is one IPv6 address, not a list.
    const first = scanAddr(s, 0);
    if (first.end < 0 || !first.v6) {
      brackets = true;
      p = 1;
    }
  }
  let count = 0;
  while (p < s.length) {
    const { end } = scanAddr(s, p);
    if (end < 0) {
      if (brackets) return bad;
      break;
    }
    count++;
    p = end;
    if (!brackets || s[p] !== ',') break;
    p++;
  }
  if (brackets && s[p] !== ']') return bad;
  return count > 0 ? { ok: true, value: s } : bad;
}

/** uuid_d::parse → boost string_generator: 32 hex digits, dashed 8-4-4-4-12 or not, optionally in braces. */
function parseUuid(s: string): ParsedValue {
  const body = /^\{(.*)\}$/.exec(s)?.[1] ?? s;
  return /^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/.test(body)
    ? { ok: true, value: s }
    : fail('expected a UUID such as 8c2f6a34-5e1b-4c1f-9a8e-0d3b1f6c2a77');
}

/** The validator Ceph installs on every debug_<subsys> option: sscanf("%d/%d"), each level 0..99. */
function parseDebugLevel(s: string): ParsedValue {
  const m = /^\s*([+-]?\d+)(?:\/\s*([+-]?\d+))?/.exec(s);
  if (!m) return fail('expected a log level N or N/M, e.g. 1/5 or 20');
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a < 0 || a > 99 || b < 0 || b > 99) return fail('log levels must be between 0 and 99');
  return { ok: true, value: m[2] === undefined ? `${a}/${a}` : s };
}

/**
 * Checks a value the way Ceph does when it loads it. `raw` is the value after ceph.conf unquoting and
 * trimming. Metavariables ($name, $cluster, ...) are expanded by Ceph only in str options, so they pass
 * there and are rejected elsewhere, as Ceph would.
 */
export function parseOptionValue(option: CephOption, raw: string): ParsedValue {
  let r: ParsedValue;
  switch (option.type) {
    case 'str':
      r = option.name.startsWith('debug_') ? parseDebugLevel(raw) : { ok: true, value: raw };
      break;
    case 'bool': r = parseBool(raw); break;
    case 'int': r = parseSiInt(raw, false); break;
    case 'uint': r = parseSiInt(raw, true); break;
    case 'size': r = parseSize(raw); break;
    case 'secs': r = parseSecs(raw); break;
    case 'millisecs': r = parseMillisecs(raw); break;
    case 'float': r = parseFloatValue(raw); break;
    case 'addr': r = parseAddr(raw); break;
    case 'addrvec': r = parseAddrvec(raw); break;
    case 'uuid': r = parseUuid(raw); break;
  }
  if (!r.ok) return r;
  // Option::validate: min, max, then the enum (which only str options carry).
  if (option.type === 'millisecs' && option.min !== undefined) {
    // 16.2.15 stores the parsed millisecs as a plain integer but the bound as a duration, and compares
    // the two variant alternatives by index, so every value is "below minimum".
    return fail(`Ceph 16.2 rejects every value of ${option.name} (its minimum check is broken)`);
  }
  if (typeof r.value === 'number') {
    if (option.min !== undefined && r.value < option.min) return fail(`must be at least ${option.min}`);
    if (option.max !== undefined && r.value > option.max) return fail(`must be at most ${option.max}`);
  }
  if (option.type === 'str' && option.enum && option.enum.length > 0 && !option.enum.includes(raw)) {
    return fail(`must be one of: ${option.enum.join(', ')}`);
  }
  return r;
}
