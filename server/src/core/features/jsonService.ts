// vscode-json-languageservice, one instance per file kind, each bound to that kind's schema: completion and hover
// inside JSON infiles come from the schemas' descriptions.
import { getLanguageService, type JSONDocument, type LanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { JsonFile, JsonKind } from '../parse/parseFile';
import { schemaByKind } from '../schemas';

const services = new Map<JsonKind, LanguageService>();

export function serviceFor(kind: JsonKind): LanguageService {
  let service = services.get(kind);
  if (!service) {
    service = getLanguageService({});
    service.configure({ validate: false, allowComments: false, schemas: [{ uri: `ceph-federation://schemas/${kind}.schema.json`, fileMatch: ['*'], schema: schemaByKind[kind] as never }] });
    services.set(kind, service);
  }
  return service;
}

const documents = new WeakMap<JsonFile, { textDocument: TextDocument; jsonDocument: JSONDocument }>();

export function jsonDocumentOf(file: JsonFile): { textDocument: TextDocument; jsonDocument: JSONDocument } {
  let d = documents.get(file);
  if (!d) {
    const textDocument = TextDocument.create(file.uri, 'json', 0, file.text);
    d = { textDocument, jsonDocument: serviceFor(file.kind).parseJSONDocument(textDocument) };
    documents.set(file, d);
  }
  return d;
}
