import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { MAX_NESTING, nestingOverflow } from './nesting';

export type JsonNode = Node;

export interface JsonSyntaxError {
  offset: number;
  length: number;
  message: string;
}

export interface ParsedJson {
  root: JsonNode | undefined;
  errors: JsonSyntaxError[];
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

/**
 * Tolerant parse with exact offsets. radosgw-admin's JSON parser rejects comments and trailing commas, so both are
 * errors here even though the tree is still built (completion and hover keep working on broken text).
 */
export function parseJson(text: string): ParsedJson {
  const deep = nestingOverflow(text, MAX_NESTING);
  if (deep >= 0) return { root: undefined, errors: [{ offset: deep, length: 1, message: `nested deeper than ${MAX_NESTING} levels` }] };
  const raw: ParseError[] = [];
  const root = parseTree(text, raw, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const errors = raw.map((e) => {
    const code = printParseErrorCode(e.error);
    return { offset: e.offset, length: e.length, message: errorText[code] ?? code };
  });
  if (root && root.type !== 'object' && errors.length === 0) {
    errors.push({ offset: root.offset, length: root.length, message: 'expected a JSON object' });
  }
  return { root, errors };
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
