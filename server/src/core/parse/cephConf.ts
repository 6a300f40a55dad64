// A parser for ceph.conf as Ceph's ConfFile reads it. Hand-written because no maintained INI library implements
// Ceph's dialect (whitespace runs in keys mean `_`, `;`/`#` comments anywhere, quoted values, `\` continuations).

export interface ConfEntry {
  /** The key exactly as written, e.g. `rgw  zone` or `rgw-zone`. */
  rawKey: string;
  /** The key as Ceph looks it up: trimmed, each run of whitespace replaced by one `_`. */
  key: string;
  value: string;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  /** Start and end offsets of the whole line (continuations included). */
  lineStart: number;
  lineEnd: number;
}

export interface ConfSection {
  /** The name as Ceph reads it: blanks kept, escapes taken (`[client\\.a]` is client.a). */
  name: string;
  /** Offsets of the name's text inside the brackets (longer than `name` when it holds escapes); -1 for entries before any header. */
  nameStart: number;
  nameEnd: number;
  headerStart: number;
  headerEnd: number;
  entries: ConfEntry[];
}

/** Whether the section's name is written as Ceph reads it, character for character (no escape, no continued line). */
export function nameVerbatim(s: ConfSection): boolean {
  return s.nameEnd - s.nameStart === s.name.length;
}

export interface ConfSyntaxError {
  start: number;
  end: number;
  message: string;
}

export interface ParsedConf {
  sections: ConfSection[];
  errors: ConfSyntaxError[];
}

// A few dozen distinct keys fill every ceph.conf: each is normalized once.
const normalizedKeys = new Map<string, string>();

export function normalizeConfKey(raw: string): string {
  let key = normalizedKeys.get(raw);
  if (key === undefined) {
    if (normalizedKeys.size > 10_000) normalizedKeys.clear();
    normalizedKeys.set(raw, (key = raw.trim().replace(/\s+/g, '_')));
  }
  return key;
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\f' || c === '\v';

const isConfSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';

/** Ceph trims the value it keeps with isspace, quoted or not (conf_line_t). */
function trimConfSpace(v: string): string {
  let a = 0;
  let b = v.length;
  while (a < b && isConfSpace(v[a])) a++;
  while (b > a && isConfSpace(v[b - 1])) b--;
  return a === 0 && b === v.length ? v : v.slice(a, b);
}

/**
 * Splits a logical line's value part into the value and where it ends, as Ceph's grammar does (common/ConfUtils.cc):
 * a backslash takes the next character as it is; an unescaped `#` or `;` starts a comment, and inside quotes (double
 * or single) it is an error that rejects the file; after a closing quote only a comment may follow.
 */
function scanValue(text: string, start: number, end: number): { value: string; start: number; end: number; error?: string } {
  let i = start;
  while (i < end && isSpace(text[i])) i++;
  const quote = text[i];
  if (quote === '"' || quote === "'") {
    let out = '';
    let j = i + 1;
    while (j < end && text[j] !== quote) {
      const c = text[j];
      if (c === '\\' && j + 1 < end) {
        out += text[j + 1];
        j += 2;
        continue;
      }
      if (c === '#' || c === ';') {
        return { value: out, start: i, end: j + 1, error: `"${c}" inside a quoted value starts a comment for Ceph, which then rejects the file: write \\${c}` };
      }
      out += c;
      j++;
    }
    if (j >= end) return { value: out, start: i, end, error: 'unterminated quoted value' };
    const close = j + 1;
    let k = close;
    while (k < end && isSpace(text[k])) k++;
    if (k < end && text[k] !== ';' && text[k] !== '#') {
      return { value: out, start: i, end: close, error: 'unexpected text after the closing quote' };
    }
    return { value: trimConfSpace(out), start: i, end: close };
  }
  // The comment found with indexOf, not a loop over every character: a start-up check runs this code cold, where
  // a builtin is many times faster than interpreted code. Only a value with a backslash is stepped through.
  const backslash = text.indexOf('\\', i);
  if (backslash < 0 || backslash >= end) {
    const comment = commentStart(text, i);
    let e = comment >= 0 && comment < end ? comment : end;
    while (e > i && isSpace(text[e - 1])) e--;
    return { value: text.slice(i, e), start: i, end: e };
  }
  let out = '';
  let j = i;
  while (j < end && text[j] !== '#' && text[j] !== ';') {
    if (text[j] === '\\' && j + 1 < end) j++;
    out += text[j++];
  }
  let e = j;
  while (e > i && isSpace(text[e - 1])) e--;
  return { value: trimConfSpace(out), start: i, end: e };
}

/** A source offset for offset `k` of a logical line: `map` for continued lines, else `lineStart + k`, up to the line's end. */
function sourceOffset(k: number, map: number[] | undefined, lineStart: number, lineEnd: number, length: number): number {
  if (map) return k < map.length ? map[k] : lineEnd;
  return k < length ? lineStart + k : lineEnd;
}

const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_FROM = /[^\x00-\x7f]/g;

/**
 * Ceph's config grammar (boost::spirit, common/ConfUtils.cc) tests characters with `isblank` wherever it skips blanks,
 * which asserts on a byte past ASCII: every daemon and tool reading the file aborts. Comments and quoted values are
 * read without that test. Measured with ceph-conf 16.2.15: `rgw zone = us-wést` aborts, `rgw zone = "us-wést"` and
 * `# café` do not.
 */
function nonAsciiError(line: string, from: number, to: number, at: (k: number) => number): ConfSyntaxError | undefined {
  NON_ASCII_FROM.lastIndex = from;
  const m = NON_ASCII_FROM.exec(line);
  if (!m || m.index >= to) return undefined;
  const ch = String.fromCodePoint(line.codePointAt(m.index)!);
  return {
    start: at(m.index),
    end: at(m.index + ch.length - 1) + 1,
    message: `"${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) is not ASCII: outside a comment or a quoted value Ceph's config parser aborts on it, in every daemon and tool that reads this file`,
  };
}

/** Measured with ceph-conf 16.2.15: a last option or section header without a line break after it fails the parse. */
function noFinalNewline(end: number): ConfSyntaxError {
  return { start: Math.max(0, end - 1), end, message: 'no line break at the end of the file: Ceph needs one after the last option or section header, and rejects the file without it ("expected <empty_line>")' };
}

function oddBackslashesBefore(text: string, end: number, from: number): boolean {
  let n = 0;
  while (end - n - 1 >= from && text[end - n - 1] === '\\') n++;
  return n % 2 === 1;
}

/** The first of `chars` at or after `from` that no backslash escapes, or -1. */
function unescapedIndex(line: string, from: number, chars: string): number {
  for (let k = from; k < line.length; k++) {
    if (line[k] === '\\') k++;
    else if (chars.includes(line[k])) return k;
  }
  return -1;
}

/** A backslash takes the next character as it is (Ceph's `text_char`). */
function unescape(source: string): string {
  return source.replace(/\\([\s\S])/g, '$1');
}

/** The first `;` or `#` at or after `from`, or -1. */
function commentStart(line: string, from: number): number {
  const a = line.indexOf(';', from);
  const b = line.indexOf('#', from);
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

/**
 * One line of the usual ceph.conf, matched where the previous one ended: blank, a comment, a `[section]` header, or
 * `key = value` with an optional comment. Tested, not executed, so that no match object is made per line: the
 * parts are then found with indexOf, within the line the test has vouched for.
 */
const PLAIN_LINE = /[ \t\f\v]*(?:[;#][^\n]*|\[[^\];#\n]*\][ \t\f\v]*(?:[;#][^\n]*)?|[^=;#\n[ \t\f\v][^=;#\n]*=[^;#\n]*(?:[;#][^\n]*)?)?(?:\n|$)/y;
/** A value, up to a comment or the end of its line. */
const PLAIN_VALUE = /[^;#\n]*/y;

/**
 * The usual ceph.conf (no continuation, escape, quote, CR, character past ASCII, padded section name, missing final
 * line break or error) read a line per regex test: the regex engine scans the text, so a start-up check, which runs
 * this code cold, is not left stepping through characters in interpreted code. Anything else returns undefined and
 * goes to the general parser, which gives the same result.
 */
function parsePlain(text: string): ParsedConf | undefined {
  if (text.includes('\\') || text.includes('"') || text.includes("'") || text.includes('\r') || NON_ASCII.test(text)) return undefined;
  if (text.length && text.charCodeAt(text.length - 1) !== 10) return undefined;
  const sections: ConfSection[] = [];
  let current: ConfSection | undefined;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < text.length) {
    PLAIN_LINE.lastIndex = pos;
    if (!PLAIN_LINE.test(text)) return undefined;
    const lineStart = pos;
    pos = PLAIN_LINE.lastIndex;
    const lineEnd = text.charCodeAt(pos - 1) === 10 ? pos - 1 : pos;
    let start = lineStart;
    while (start < lineEnd && isSpace(text[start])) start++;
    const first = text[start];
    if (start === lineEnd || first === ';' || first === '#') continue;
    if (first === '[') {
      const close = text.indexOf(']', start);
      const name = text.slice(start + 1, close);
      if (!name || name !== name.trim()) return undefined;
      const nameStart = start + 1;
      current = { name, nameStart, nameEnd: nameStart + name.length, headerStart: start, headerEnd: close + 1, entries: [] };
      sections.push(current);
      continue;
    }
    const eq = text.indexOf('=', start);
    const rawKey = text.slice(start, eq).trimEnd();
    if (!rawKey || !current) return undefined;
    let valueStart = eq + 1;
    while (valueStart < lineEnd && isSpace(text[valueStart])) valueStart++;
    PLAIN_VALUE.lastIndex = valueStart;
    PLAIN_VALUE.test(text);
    let valueEnd = PLAIN_VALUE.lastIndex;
    while (valueEnd > valueStart && isSpace(text[valueEnd - 1])) valueEnd--;
    current.entries.push({
      rawKey,
      key: normalizeConfKey(rawKey),
      value: text.slice(valueStart, valueEnd),
      keyStart: start,
      keyEnd: start + rawKey.length,
      valueStart,
      valueEnd,
      lineStart,
      lineEnd,
    });
  }
  return { sections, errors: [] };
}

/** Never throws: every malformed line becomes an error with its range and parsing goes on. */
export function parseCephConf(text: string): ParsedConf {
  return parsePlain(text) ?? parseCephConfLines(text);
}

/** The general parser: continuations, quotes, CRLF, and an error for each malformed line. */
export function parseCephConfLines(text: string): ParsedConf {
  const sections: ConfSection[] = [];
  const errors: ConfSyntaxError[] = [];
  let current: ConfSection | undefined;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const hasCR = text.includes('\r');

  while (pos < text.length) {
    // A logical line may continue over physical lines ending in a backslash.
    const lineStart = pos;
    let lineEnd = pos;
    let joined = '';
    // Offsets are kept only for continued lines; a single physical line maps by adding lineStart.
    let offsets: number[] | undefined;
    for (;;) {
      let e: number;
      if (hasCR) {
        e = lineEnd;
        while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
      } else {
        e = text.indexOf('\n', lineEnd);
        if (e < 0) e = text.length;
      }
      const next = text[e] === '\r' && text[e + 1] === '\n' ? e + 2 : e < text.length ? e + 1 : e;
      // A backslash before a line break continues the line, unless it is the second of an escaped pair (`\\`);
      // at the end of the text it is a character.
      if (e > lineEnd && text[e - 1] === '\\' && e < text.length && oddBackslashesBefore(text, e, lineEnd)) {
        offsets ??= [];
        for (let k = lineEnd; k < e - 1; k++) offsets.push(k);
        joined += text.slice(lineEnd, e - 1);
        lineEnd = next;
        continue;
      }
      if (offsets) for (let k = lineEnd; k < e; k++) offsets.push(k);
      joined += text.slice(lineEnd, e);
      pos = next;
      lineEnd = e;
      break;
    }
    // Map an offset in `joined` back to the source text.
    const map = offsets;
    const length = joined.length;
    const at = (k: number) => sourceOffset(k, map, lineStart, lineEnd, length);
    const line = joined;
    let i = 0;
    while (i < line.length && isSpace(line[i])) i++;
    if (i >= line.length || line[i] === ';' || line[i] === '#') continue;

    if (line[i] === '[') {
      const close = unescapedIndex(line, i + 1, ']');
      if (close < 0) {
        errors.push({ start: at(i), end: lineEnd, message: 'section header without a closing "]"' });
        continue;
      }
      // The section is still opened, so that its options are checked where they belong.
      const comment = unescapedIndex(line.slice(0, close), i + 1, '#;');
      if (comment >= 0) {
        errors.push({ start: at(comment), end: at(comment) + 1, message: `"${line[comment]}" inside a section name starts a comment for Ceph, which then rejects the file: write \\${line[comment]}` });
      }
      // Ceph keeps blanks inside the brackets: `[ client.a ]` is a section no daemon looks up. A backslash takes
      // the next character as it is: `[client\.a]` is client.a.
      const source = line.slice(i + 1, close);
      const name = source.includes('\\') ? unescape(source) : source;
      const nameStart = at(i + 1);
      current = {
        name,
        nameStart,
        nameEnd: close > i + 1 ? at(close - 1) + 1 : nameStart,
        headerStart: at(i),
        headerEnd: at(close) + 1,
        entries: [],
      };
      sections.push(current);
      // `[]` fails Ceph's parse; `[ ]` is a section named " " (see conf-section-blanks).
      if (!name) errors.push({ start: at(i), end: at(close) + 1, message: 'empty section name' });
      const nonAscii = nonAsciiError(line, i, close, at);
      if (nonAscii) errors.push(nonAscii);
      let k = close + 1;
      while (k < line.length && isSpace(line[k])) k++;
      if (k < line.length && line[k] !== ';' && line[k] !== '#') {
        errors.push({ start: at(k), end: lineEnd, message: 'unexpected text after the section header' });
      }
      if (pos === lineEnd) errors.push(noFinalNewline(lineEnd));
      continue;
    }

    // In a key too a backslash takes the next character as it is (`a\#b` is not a comment); Ceph keeps the key as
    // written, backslash included.
    const escapes = line.includes('\\', i);
    const eq = escapes ? unescapedIndex(line, i, '=') : line.indexOf('=', i);
    const comment = escapes ? unescapedIndex(line, i, '#;') : commentStart(line, i);
    if (eq < 0 || (comment >= 0 && comment < eq)) {
      const end = comment >= 0 ? comment : line.length;
      errors.push({ start: at(i), end: at(end - 1) + 1, message: `"${line.slice(i, end).trim()}" is not "key = value" nor a [section] header` });
      continue;
    }
    const rawKey = line.slice(i, eq).trimEnd();
    if (!rawKey) {
      errors.push({ start: at(i), end: at(eq) + 1, message: 'missing option name before "="' });
      continue;
    }
    const v = scanValue(line, eq + 1, line.length);
    const valueStart = at(v.start);
    const valueEnd = v.end > v.start ? at(v.end - 1) + 1 : valueStart;
    if (v.error) errors.push({ start: valueStart, end: valueEnd, message: v.error });
    // Only the key and an unquoted value: a quoted value is read without the test that aborts.
    const nonAscii = nonAsciiError(line, i, line[v.start] === '"' || line[v.start] === "'" ? eq : v.end, at);
    if (nonAscii) errors.push(nonAscii);
    const entry: ConfEntry = {
      rawKey,
      key: normalizeConfKey(rawKey),
      value: v.value,
      keyStart: at(i),
      keyEnd: at(i + rawKey.length - 1) + 1,
      valueStart,
      valueEnd,
      lineStart,
      lineEnd,
    };
    if (!current) {
      errors.push({ start: entry.keyStart, end: entry.keyEnd, message: 'option outside any [section]: Ceph rejects the file' });
      current = { name: '', nameStart: -1, nameEnd: -1, headerStart: lineStart, headerEnd: lineStart, entries: [] };
      sections.push(current);
    }
    current.entries.push(entry);
    if (pos === lineEnd) errors.push(noFinalNewline(lineEnd));
  }
  return { sections, errors };
}
