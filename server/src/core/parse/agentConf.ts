import { parseDocument, isMap, isScalar, isPair } from 'yaml';
import { MAX_NESTING, nestingOverflow } from './nesting';

export interface AgentEntry {
  key: string;
  value: unknown;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  /** The value as written holds a `{`, so it may be a placeholder (which YAML reads as a mapping). */
  hasBrace: boolean;
}

export interface AgentSyntaxError {
  start: number;
  end: number;
  message: string;
}

export interface ParsedAgentConf {
  entries: AgentEntry[];
  errors: AgentSyntaxError[];
}

// A line is `key: value`: a key of at most 1,024 characters (YAML rejects a longer implicit key), a colon and
// blanks; a value that starts and ends with a non-blank; trailing blanks. Each part is tested in place, so that no
// match object or line copy is made per line. A value stops at U+2028 and U+2029 too (a line separator to YAML), and
// then the line does not match and the text goes to the YAML parser.
const FLAT_KEY = /[A-Za-z_][A-Za-z0-9_]{0,1023}: +/y;
const FLAT_VALUE = /[^ \n\u2028\u2029](?:[^\n\u2028\u2029]*[^ \n\u2028\u2029])?/y;
const FLAT_END = / *(?:\n|$)/y;
/** A line that starts with a blank and holds nothing else (as String.prototype.trim sees blanks). */
const BLANK_LINE = / [^\S\n]*(?:\n|$)/y;
// A plain scalar that YAML 1.1 reads as a string: no indicator characters, no blanks, not a bool/null word.
const PLAIN_STRING = /^[A-Za-z/][A-Za-z0-9_/.:@+=-]*$/;
const YAML11_WORDS = /^(?:y|yes|n|no|on|off|true|false|null)$/i;
// Keys radosgw generates often start with a digit: a string unless the whole of it is a hex, binary, octal or
// exponent number (0OQQ... is a string; only an exact number form goes to the parser).
const DIGIT_STRING = /^[0-9][A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*$/;
const NUMBER_LIKE = /^(?:0[xX][0-9A-Fa-f]*|0[bB][01]*|0[oO][0-7]*|[0-9]*[eE][0-9]*)$/;

/**
 * The shape every radosgw-agent config in the field has: `key: value` lines and comments, values that are plainly
 * strings, decimal integers or true/false. Read directly, for the same result the YAML parser gives; anything else
 * (quotes, nesting, flow collections, other scalars, duplicates, CRLF) returns undefined and goes to the parser.
 */
function parseFlat(text: string): ParsedAgentConf | undefined {
  if (text.includes('\r') || text.includes('\t')) return undefined;
  // Brackets can stand only in comments here; the general path's nesting guard counts them there too, so a text it
  // would refuse goes to it.
  if ((text.includes('[') || text.includes('{')) && nestingOverflow(text, MAX_NESTING, true) >= 0) return undefined;
  const entries: AgentEntry[] = [];
  const seen = new Set<string>();
  let pos = 0;
  const at = (re: RegExp, from: number): number => {
    re.lastIndex = from;
    return re.test(text) ? re.lastIndex : -1;
  };
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c === 10 /* \n */) {
      pos++;
      continue;
    }
    if (c === 35 /* # */) {
      const end = text.indexOf('\n', pos);
      pos = end < 0 ? text.length : end + 1;
      continue;
    }
    if (c === 32 /* space */) {
      pos = at(BLANK_LINE, pos);
      if (pos < 0) return undefined;
      continue;
    }
    const valueStart = at(FLAT_KEY, pos);
    const valueEnd = valueStart < 0 ? -1 : at(FLAT_VALUE, valueStart);
    const next = valueEnd < 0 ? -1 : at(FLAT_END, valueEnd);
    if (next < 0) return undefined;
    const key = text.slice(pos, text.indexOf(':', pos));
    if (seen.has(key)) return undefined;
    const raw = text.slice(valueStart, valueEnd);
    let value: unknown;
    if (raw === 'true' || raw === 'false') value = raw === 'true';
    else if (/^(?:0|[1-9][0-9]{0,14})$/.test(raw)) value = Number(raw);
    else if (PLAIN_STRING.test(raw) && !raw.endsWith(':') && !YAML11_WORDS.test(raw)) value = raw;
    else if (DIGIT_STRING.test(raw) && !NUMBER_LIKE.test(raw)) value = raw;
    else return undefined;
    seen.add(key);
    // A value read here is a plain string, number or boolean: never a brace in it.
    entries.push({ key, value, keyStart: pos, keyEnd: pos + key.length, valueStart, valueEnd, hasBrace: false });
    pos = next;
  }
  return { entries, errors: [] };
}

/**
 * radosgw-agent loads its config with PyYAML's safe_load, so the file is parsed as YAML 1.1 (`yes`/`no` are
 * booleans there) with source ranges kept for every key and value.
 */
export function parseAgentConf(text: string): ParsedAgentConf {
  const flat = parseFlat(text);
  if (flat) return flat;
  return parseYaml(text);
}

/** The general path: the YAML parser, with ranges. */
export function parseYaml(text: string): ParsedAgentConf {
  const errors: AgentSyntaxError[] = [];
  const entries: AgentEntry[] = [];
  const deep = nestingOverflow(text, MAX_NESTING, true);
  if (deep >= 0) return { entries, errors: [{ start: deep, end: deep + 1, message: `nested deeper than ${MAX_NESTING} levels` }] };
  const doc = parseDocument(text, { version: '1.1', prettyErrors: false, uniqueKeys: true });
  for (const e of doc.errors) {
    const [start, end] = e.pos;
    // Nesting the bracket count above cannot see (block indentation, `- - -`, brackets in quoted scalars) ends in
    // the parser running out of stack; it catches that itself and reports the engine's words.
    const message = e.message.startsWith('Maximum call stack size exceeded') ? 'nested too deeply to read' : e.message.split('\n')[0];
    errors.push({ start, end: Math.max(end, start + 1), message });
  }
  const contents = doc.contents;
  if (contents === null || contents === undefined) return { entries, errors };
  if (!isMap(contents)) {
    const r = (contents as { range?: [number, number, number] }).range ?? [0, text.length, text.length];
    errors.push({ start: r[0], end: r[1], message: 'expected "key: value" lines (a YAML mapping)' });
    return { entries, errors };
  }
  for (const item of contents.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const k = item.key;
    const kr = k.range ?? [0, 0, 0];
    const v = item.value;
    const vr = (v && (v as { range?: [number, number, number] }).range) ?? [kr[1], kr[1], kr[1]];
    entries.push({
      key: String(k.value),
      value: isScalar(v) ? v.value : v ? (v as { toJSON(): unknown }).toJSON() : null,
      keyStart: kr[0],
      keyEnd: kr[1],
      valueStart: vr[0],
      valueEnd: vr[1],
      hasBrace: text.slice(vr[0], vr[1]).includes('{'),
    });
  }
  return { entries, errors };
}
