import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { MAX_NESTING, nestingOverflow } from './nesting';

export type JsonNode = Node;

export interface JsonSyntaxError {
  offset: number;
  length: number;
  message: string;
  /** jsonc-parser's name for the error (`CloseBraceExpected`, ...), when it found it. */
  code?: string;
}

export interface ParsedJson {
  /** The tolerant parser's tree, with offsets. A file read on the fast path builds it on first access. */
  readonly root: JsonNode | undefined;
  readonly errors: JsonSyntaxError[];
  /** The document as plain data: what JSON.parse gives, or for broken text what the tree holds (last key wins). */
  readonly value: unknown;
  /** Read by JSON.parse: valid, an object, no repeated keys, not too deep. */
  readonly fast: boolean;
  /** Whether a string value may hold a `{` (always true off the fast path): only then can it hold a placeholder. */
  readonly valueBraces: boolean;
}

class JsonDocument implements ParsedJson {
  #root: JsonNode | undefined | null;

  constructor(
    private readonly text: string,
    readonly value: unknown,
    readonly errors: JsonSyntaxError[],
    readonly fast: boolean,
    readonly valueBraces: boolean,
    root: JsonNode | undefined | null,
  ) {
    this.#root = root;
  }

  get root(): JsonNode | undefined {
    if (this.#root === null) this.#root = parseTree(this.text, [], { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    return this.#root;
  }
}

const errorText: Record<string, string> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name expected',
  ValueExpected: 'value expected',
  ColonExpected: 'colon expected',
  CommaExpected: 'comma expected',
  CloseBraceExpected: 'closing brace expected',
  CloseBracketExpected: 'closing bracket expected',
  EndOfFileExpected: 'end of file expected',
  InvalidCommentToken: 'comments are not JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character',
};

// What the walk over a JSON.parse result counts; module state, so the walk allocates nothing.
let props = 0;
let stringColons = 0;
let braces = false;

function countColons(s: string): void {
  for (let i = s.indexOf(':'); i >= 0; i = s.indexOf(':', i + 1)) stringColons++;
}

/** Counts properties and colons inside strings; false when nesting exceeds MAX_NESTING. */
function walk(v: object, depth: number): boolean {
  if (depth > MAX_NESTING) return false;
  if (Array.isArray(v)) {
    for (const x of v) {
      if (typeof x === 'string') {
        if (x.indexOf('{') >= 0) braces = true;
        countColons(x);
      } else if (typeof x === 'object' && x !== null && !walk(x, depth + 1)) return false;
    }
    return true;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    props++;
    countColons(k);
    const x = o[k];
    if (typeof x === 'string') {
      if (x.indexOf('{') >= 0) braces = true;
      countColons(x);
    } else if (typeof x === 'object' && x !== null && !walk(x, depth + 1)) return false;
  }
  return true;
}

/**
 * Nearly every infile is plain valid JSON: JSON.parse reads it far faster than a tree parser, and the tree (for
 * ranges) is built only for files that get a diagnostic or that an editor feature reads. A repeated key is the one
 * thing JSON.parse hides; it shows as more colons outside strings than properties. `\u` escapes (which could spell
 * a colon or a repeated key differently) and anything JSON.parse rejects take the tolerant parser.
 */
function parseFast(text: string): ParsedJson | undefined {
  if (text.indexOf('\\u') >= 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  props = 0;
  stringColons = 0;
  braces = false;
  if (!walk(value, 1)) return undefined;
  let colons = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) colons++;
  if (colons - stringColons !== props) return undefined;
  return new JsonDocument(text, value, [], true, braces, null);
}

/** Plain data from a (possibly partial) tree, read as `child` reads it: the last of repeated keys wins. */
function treeValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const k = prop.children?.[0];
        if (!k) continue;
        Object.defineProperty(out, String(k.value), { value: prop.children?.[1] ? treeValue(prop.children[1]) : undefined, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(treeValue);
    default:
      return node.value;
  }
}

/**
 * Tolerant parse with exact offsets. radosgw-admin's JSON parser rejects comments and trailing commas, so both are
 * errors here even though the tree is still built (completion and hover keep working on broken text).
 */
export function parseJson(text: string): ParsedJson {
  const fast = parseFast(text);
  if (fast) return fast;
  const deep = nestingOverflow(text, MAX_NESTING);
  if (deep >= 0) return new JsonDocument(text, undefined, [{ offset: deep, length: 1, message: `nested deeper than ${MAX_NESTING} levels` }], false, true, undefined);
  const raw: ParseError[] = [];
  const root = parseTree(text, raw, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const errors: JsonSyntaxError[] = raw.map((e) => {
    const code = printParseErrorCode(e.error);
    return { offset: e.offset, length: e.length, message: errorText[code] ?? code, code };
  });
  if (root && root.type !== 'object' && errors.length === 0) {
    errors.push({ offset: root.offset, length: root.length, message: 'expected a JSON object' });
  }
  return new JsonDocument(text, root ? treeValue(root) : undefined, errors, false, true, root);
}

/** A step into a JSON document: a key (the last of repeated keys, as `child` reads), an array index, or the n-th property of an object. */
export type Segment = string | number | { prop: number };

/** Where a value is in the text, and for a property value where its key is. */
export interface Span {
  offset: number;
  length: number;
  keyOffset?: number;
  keyLength?: number;
}

function skipSpace(t: string, i: number): number {
  for (;;) {
    const c = t.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** The end of the string token opening at `i`. */
function stringEnd(t: string, i: number): number {
  for (let q = t.indexOf('"', i + 1); ; q = t.indexOf('"', q + 1)) {
    let slashes = 0;
    while (t.charCodeAt(q - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return q + 1;
  }
}

const STRUCTURE = /["{}[\]]/g;

/** The end of the value starting at `i`. */
function valueEnd(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c === 34) return stringEnd(t, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    STRUCTURE.lastIndex = i;
    for (;;) {
      // test, not exec: no match object per bracket. The text is valid JSON, so the structure always closes.
      STRUCTURE.test(t);
      const k = STRUCTURE.lastIndex - 1;
      const ch = t.charCodeAt(k);
      if (ch === 34) STRUCTURE.lastIndex = stringEnd(t, k);
      else if (ch === 123 || ch === 91) depth++;
      else if (--depth === 0) return k + 1;
    }
  }
  let j = i;
  for (;;) {
    const ch = t.charCodeAt(j);
    if (j >= t.length || ch === 44 || ch === 125 || ch === 93 || ch === 32 || ch === 10 || ch === 13 || ch === 9) return j;
    j++;
  }
}

function keyIs(t: string, start: number, end: number, key: string): boolean {
  const slash = t.indexOf('\\', start);
  if (slash < 0 || slash >= end) return end - start - 2 === key.length && t.startsWith(key, start + 1);
  return JSON.parse(t.slice(start, end)) === key;
}

/**
 * The value at `path` in text the fast path read (valid JSON, no repeated keys), found by scanning its structure:
 * the same offsets as the tolerant parser's node, without building a tree. Undefined when there is no such value.
 */
export function locate(text: string, path: readonly Segment[]): Span | undefined {
  const root = skipSpace(text, 0);
  // Where the root ends is scanned for only when the root itself is asked for: a path descends from offsets alone.
  if (!path.length) return { offset: root, length: valueEnd(text, root) - root };
  let span: Span | undefined;
  let at = root;
  for (const seg of path) {
    const open = text.charCodeAt(at);
    let j = skipSpace(text, at + 1);
    let found: Span | undefined;
    if (typeof seg === 'number') {
      if (open !== 91 || text.charCodeAt(j) === 93) return undefined;
      for (let n = 0; ; n++) {
        const end = valueEnd(text, j);
        if (n === seg) {
          found = { offset: j, length: end - j };
          break;
        }
        j = skipSpace(text, end);
        if (text.charCodeAt(j) !== 44) break;
        j = skipSpace(text, j + 1);
      }
    } else {
      if (open !== 123 || text.charCodeAt(j) === 125) return undefined;
      for (let n = 0; ; n++) {
        const keyEnd = stringEnd(text, j);
        const v = skipSpace(text, skipSpace(text, keyEnd) + 1);
        const end = valueEnd(text, v);
        // Without repeated keys the first match is the only one.
        if (typeof seg === 'string' ? keyIs(text, j, keyEnd, seg) : n === seg.prop) {
          found = { offset: v, length: end - v, keyOffset: j, keyLength: keyEnd - j };
          break;
        }
        j = skipSpace(text, end);
        if (text.charCodeAt(j) !== 44) break;
        j = skipSpace(text, j + 1);
      }
    }
    if (!found) return undefined;
    span = found;
    at = found.offset;
  }
  return span;
}

/** The value node of property `key` of an object node. */
export function child(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!node || node.type !== 'object' || !node.children) return undefined;
  // Last one wins, as in Ceph's decoder.
  for (let i = node.children.length - 1; i >= 0; i--) {
    const prop = node.children[i];
    const k = prop.children?.[0];
    if (k && k.value === key) return prop.children?.[1];
  }
  return undefined;
}

/** The property node (key and value) of `key`, for ranges that should cover the key. */
export function property(node: JsonNode | undefined, key: string): JsonNode | undefined {
  const value = child(node, key);
  return value?.parent;
}

export function keyNode(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return property(node, key)?.children?.[0];
}

export function elements(node: JsonNode | undefined): JsonNode[] {
  return node && node.type === 'array' && node.children ? node.children : [];
}

export function keys(node: JsonNode | undefined): string[] {
  if (!node || node.type !== 'object' || !node.children) return [];
  const out: string[] = [];
  for (const p of node.children) {
    const k = p.children?.[0];
    if (k && typeof k.value === 'string') out.push(k.value);
  }
  return out;
}

export function stringValue(node: JsonNode | undefined): string | undefined {
  return node && node.type === 'string' ? (node.value as string) : undefined;
}

/** Every string value in a tree (not keys), for rules that look at all values such as `placeholder`. */
export function* stringNodes(node: JsonNode | undefined): Generator<JsonNode> {
  if (!node) return;
  const stack: JsonNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'string') {
      // A property key is the first child of a 'property' node: skip it.
      if (!(n.parent?.type === 'property' && n.parent.children?.[0] === n)) yield n;
    } else if (n.children) {
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
  }
}

/**
 * Ceph's JSON decoder reads a bool from true/false, the strings "true"/"false" (what releases up to Quincy print)
 * and integers. Returns undefined for anything else.
 */
export function cephBool(node: JsonNode | undefined): boolean | undefined {
  if (!node) return undefined;
  if (node.type === 'boolean') return node.value as boolean;
  if (node.type === 'string') {
    if (node.value === 'true') return true;
    if (node.value === 'false') return false;
    return undefined;
  }
  if (node.type === 'number') return node.value !== 0;
  return undefined;
}
