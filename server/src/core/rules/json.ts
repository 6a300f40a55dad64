import type { ErrorObject } from 'ajv';
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { JsonFile } from '../parse/parseFile';
import { locate, type Span } from '../parse/json';
import { schemaValidator } from '../schemaValidators';
import { closest, didYouMean } from '../suggest';
import type { Range } from '../types';
import { defineRules, type Reporter } from './rule';

export const jsonRules = defineRules({
  jsonSyntax: { code: 'json-syntax', severity: 'error', summary: 'Not valid JSON: radosgw-admin rejects the infile.' },
  schema: { code: 'schema', severity: 'error', summary: "The infile does not match its kind's schema." },
});

const schemaWarning = { ...jsonRules.schema, severity: 'warning' as const };

type Segment = string | number;

function segments(instancePath: string): Segment[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** `placement_pools[0].val.index_type`: how a property is named in messages. */
function pathName(path: Segment[]): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}

function article(type: string): string {
  return type === 'array' || type === 'object' || type === 'integer' ? `an ${type}` : type === 'null' ? 'null' : `a ${type}`;
}

const show = (v: unknown) => JSON.stringify(v);

/** One readable line per ajv error, naming the property; the editor's own errorMessage wins where a schema has one. */
function describe(e: ErrorObject, path: Segment[]): string {
  const name = pathName(path);
  const at = (s: string) => (name ? `${name}: ${s}` : s);
  const own = (e.parentSchema as Record<string, unknown> | undefined) ?? {};
  const custom = typeof own.errorMessage === 'string' ? own.errorMessage : undefined;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `missing required key "${p.missingProperty}"${name ? ` in ${name}` : ''}`;
    case 'type': {
      const types = (Array.isArray(p.type) ? p.type : String(p.type).split(',')) as string[];
      return at(custom ?? `expected ${types.map(article).join(' or ')}, not ${typeName(e.data)}`);
    }
    case 'enum':
      return at(custom ?? `${show(e.data)} is not one of ${(p.allowedValues as unknown[]).map(show).join(', ')}`);
    case 'const':
      return at(custom ?? `must be ${show(p.allowedValue)}, not ${show(e.data)}`);
    case 'minimum':
    case 'exclusiveMinimum':
      return at(`${show(e.data)} is below the minimum of ${p.limit}`);
    case 'pattern':
      return at(typeof own.patternErrorMessage === 'string' ? own.patternErrorMessage : `${show(e.data)} does not match the pattern ${p.pattern}`);
    default:
      return at(e.message ?? e.keyword);
  }
}

/**
 * Replaces the branch errors of a failed anyOf by what the author meant: the branch's errorMessage when it has one,
 * else the errors of the branches whose type fits the value, else the list of accepted types.
 */
function collapseAnyOf(errors: ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword !== 'anyOf') {
      out.push(e);
      continue;
    }
    const prefix = e.instancePath;
    const within = (x: ErrorObject) => x.instancePath === prefix || x.instancePath.startsWith(prefix + '/');
    // Branch errors come right before the anyOf error that sums them up.
    let start = out.length;
    while (start > 0 && within(out[start - 1])) start--;
    const branch = out.splice(start);
    const custom = branch.find((b) => typeof (b.parentSchema as Record<string, unknown> | undefined)?.errorMessage === 'string');
    if (custom) {
      out.push({ ...custom, instancePath: prefix, data: e.data });
      continue;
    }
    const atTop = (b: ErrorObject) => b.instancePath === prefix;
    let kept = branch.filter((b) => !(atTop(b) && b.keyword === 'type'));
    if (kept.some((b) => !(atTop(b) && (b.keyword === 'const' || b.keyword === 'enum')))) {
      kept = kept.filter((b) => !(atTop(b) && (b.keyword === 'const' || b.keyword === 'enum')));
    }
    if (kept.length) out.push(...kept);
    else {
      const types = [...new Set(branch.flatMap((b) => (b.keyword === 'type' ? String((b.params as { type: unknown }).type).split(',') : [])))];
      out.push({ ...e, keyword: 'type', params: { type: types }, parentSchema: {} });
    }
  }
  return out;
}

/** rangeOf on text read by the fast path, from spans found by scanning instead of a tree. */
function spanRangeOf(file: JsonFile, e: ErrorObject, path: Segment[]): Range {
  const at = locate(file.text, path);
  // A path that leads nowhere falls back to the root, as the tree lookup does.
  const span = at ?? locate(file.text, [])!;
  const key = (s: Span) => file.lines.range(s.keyOffset!, s.keyOffset! + s.keyLength!);
  if (e.keyword === 'additionalProperties') {
    const prop = locate(file.text, [...(at ? path : []), (e.params as { additionalProperty: string }).additionalProperty]);
    if (prop) return key(prop);
  }
  if (e.keyword === 'required') return span.keyOffset !== undefined ? key(span) : file.lines.range(span.offset, span.offset + 1);
  return file.lines.range(span.offset, span.offset + span.length);
}

/** Where the editor puts a schema problem: the key for unknown and missing keys, else the value. */
function rangeOf(file: JsonFile, e: ErrorObject, path: Segment[]): Range {
  if (file.json.fast) return spanRangeOf(file, e, path);
  const root = file.json.root!;
  const node = findNodeAtLocation(root, path) ?? root;
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    const prop = node.children?.find((c) => c.children?.[0]?.value === key);
    const k = prop?.children?.[0];
    if (k) return file.lines.range(k.offset, k.offset + k.length);
  }
  if (e.keyword === 'required') {
    const k = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    return k ? file.lines.range(k.offset, k.offset + k.length) : file.lines.range(node.offset, node.offset + 1);
  }
  return file.lines.range(node.offset, node.offset + node.length);
}

function reportDuplicateKeys(file: JsonFile, node: Node | undefined, report: Reporter): void {
  if (!node?.children) return;
  if (node.type === 'object') {
    const seen = new Map<string, Node | true>();
    for (const prop of node.children) {
      const k = prop.children?.[0];
      if (!k) continue;
      const first = seen.get(k.value);
      if (first) {
        const message = `"${k.value}" appears more than once in this object: radosgw-admin reads only one of the values`;
        report.report(schemaWarning, file.uri, file.lines.range(k.offset, k.offset + k.length), message);
        if (first !== true) report.report(schemaWarning, file.uri, file.lines.range(first.offset, first.offset + first.length), message);
        seen.set(k.value, true);
      } else seen.set(k.value, k);
    }
  }
  for (const c of node.children) reportDuplicateKeys(file, c.type === 'property' ? c.children?.[1] : c, report);
}

/**
 * What radosgw-admin does with the file, measured with `zone set --infile` (16.2.15): its JSON reader (json_spirit)
 * refuses most errors ("failed to parse JSON") but reads past a trailing comma, and stops after the first document,
 * ignoring whatever follows it.
 */
function syntaxMessage(file: JsonFile, e: { offset: number; message: string }): string {
  const root = file.json.root;
  // An object left open (a file cut short) also ends where the text does: only a closed one can have text after it.
  const closed = !file.json.errors.some((x) => x.code === 'CloseBraceExpected');
  if (root && closed && e.offset >= root.offset + root.length && root.type === 'object') {
    return 'text after the JSON document: radosgw-admin reads the first document and silently ignores the rest';
  }
  if (e.offset >= file.text.trimEnd().length) {
    return 'the file ends inside the JSON document (a closing } or ] is missing): radosgw-admin rejects the file';
  }
  let k = e.offset - 1;
  while (k >= 0 && /\s/.test(file.text[k])) k--;
  if (file.text[k] === ',' && (file.text[e.offset] === '}' || file.text[e.offset] === ']')) {
    return 'a trailing comma is not JSON: radosgw-admin reads past it, but other JSON tools (jq, Python) reject the file';
  }
  return `${e.message}: radosgw-admin rejects the file`;
}

/** json-syntax from our parse, then `schema` from the kind's compiled schema when the JSON itself is sound. */
export function checkJsonFile(file: JsonFile, report: Reporter): void {
  // Measured with radosgw-admin 16.2.15: `zone set --infile` of a file with one fails with "failed to parse JSON".
  if (file.bom) {
    report.report(jsonRules.jsonSyntax, file.uri, file.lines.range(0, Math.min(1, file.text.length)), 'the file starts with a UTF-8 byte order mark: radosgw-admin fails on it ("failed to parse JSON"); save it as UTF-8 without one');
  }
  // Only the first error: the ones after it are mostly its echo.
  for (const e of file.json.errors.slice(0, 1)) {
    report.report(jsonRules.jsonSyntax, file.uri, file.lines.range(e.offset, e.offset + Math.max(1, e.length)), syntaxMessage(file, e));
  }
  const json = file.json;
  // The fast path read valid JSON without repeated keys, as plain data: the tree is left unbuilt unless a schema
  // error needs its range.
  if (!json.fast) {
    if (json.errors.length || !json.root) return;
    reportDuplicateKeys(file, json.root, report);
  }
  const validate = schemaValidator(file.kind);
  if (validate(json.fast ? json.value : JSON.parse(file.text))) return;
  for (const e of collapseAnyOf(validate.errors ?? [])) {
    const path = segments(e.instancePath);
    let message = describe(e, path);
    if (e.keyword === 'additionalProperties') {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys(((e.parentSchema as Record<string, unknown> | undefined)?.properties as object | undefined) ?? {});
      const guess = closest(key, allowed, 2);
      message = `unknown key "${key}"${path.length ? ` in ${pathName(path)}` : ''}: radosgw-admin ignores it and the setting falls back to its default${didYouMean(guess, (g) => `"${g}"`)}`;
    }
    report.report(jsonRules.schema, file.uri, rangeOf(file, e, path), message);
  }
}
