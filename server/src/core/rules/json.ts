import { getLanguageService, type JSONDocument } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { JsonFile } from '../parse/parseFile';
import { schemaByKind } from '../schemas';
import { closest } from '../suggest';
import { defineRules, type Reporter } from './rule';

export const jsonRules = defineRules({
  jsonSyntax: { code: 'json-syntax', severity: 'error', summary: 'Not valid JSON: radosgw-admin rejects the infile.' },
  schema: { code: 'schema', severity: 'error', summary: "The infile does not match its kind's schema." },
});

const service = getLanguageService({});

/** Property names a schema allows at the path of an offending key, for a did-you-mean. */
function allowedNames(doc: JSONDocument, offset: number, kindSchema: Record<string, unknown>): string[] {
  const node = doc.getNodeFromOffset(offset);
  const path: (string | number)[] = [];
  for (let n = node?.parent?.parent; n && n.parent; n = n.parent) {
    if (n.parent.type === 'property') path.unshift(n.parent.keyNode.value);
    else if (n.parent.type === 'array') path.unshift(0);
    if (n.parent.type === 'property') n = n.parent;
  }
  let schema: Record<string, unknown> | undefined = kindSchema;
  const defs = (kindSchema.definitions ?? {}) as Record<string, Record<string, unknown>>;
  const deref = (s: Record<string, unknown> | undefined) => {
    const ref = s?.$ref;
    return typeof ref === 'string' && ref.startsWith('#/definitions/') ? defs[ref.slice(14)] : s;
  };
  for (const step of path) {
    schema = deref(schema);
    if (!schema) return [];
    if (typeof step === 'number') schema = schema.items as Record<string, unknown> | undefined;
    else {
      const props = schema.properties as Record<string, Record<string, unknown>> | undefined;
      const additional = schema.additionalProperties;
      schema = props?.[step] ?? (typeof additional === 'object' ? (additional as Record<string, unknown>) : undefined);
    }
  }
  schema = deref(schema);
  return Object.keys((schema?.properties as object | undefined) ?? {});
}

/** json-syntax from our parse, then `schema` from vscode-json-languageservice when the JSON itself is sound. */
export async function checkJsonFile(file: JsonFile, report: Reporter): Promise<void> {
  // Only the first error: the ones after it are mostly its echo.
  for (const e of file.json.errors.slice(0, 1)) {
    report.report(jsonRules.jsonSyntax, file.uri, file.lines.range(e.offset, e.offset + Math.max(1, e.length)), `${e.message}: radosgw-admin rejects the file`);
  }
  if (file.json.errors.length) return;
  const schema = schemaByKind[file.kind];
  const textDocument = TextDocument.create(file.uri, 'json', 0, file.text);
  const jsonDocument = service.parseJSONDocument(textDocument);
  const results = await service.doValidation(textDocument, jsonDocument, { schemaValidation: 'error', trailingCommas: 'error', comments: 'error' }, schema as never);
  for (const d of results) {
    const start = textDocument.offsetAt(d.range.start);
    const end = textDocument.offsetAt(d.range.end);
    let message = d.message;
    const unknown = /^Property (.+) is not allowed\.$/.exec(message);
    if (unknown) {
      const guess = closest(unknown[1], allowedNames(jsonDocument, start, schema), 2);
      message = `unknown key "${unknown[1]}": radosgw-admin ignores it and the setting falls back to its default${guess.length ? `; did you mean ${guess.map((g) => `"${g}"`).join(' or ')}?` : ''}`;
    }
    const rule = d.severity === 1 ? jsonRules.schema : { ...jsonRules.schema, severity: 'warning' as const };
    report.report(rule, file.uri, file.lines.range(start, end), message);
  }
}
