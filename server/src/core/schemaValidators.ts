// Schema validators compiled with ajv, one per file kind, compiled on first use. The bundles (esbuild.mjs) replace
// this module with the same validators precompiled to standalone code, so the server and the CLI never pay for
// compiling at start-up; tests and tools that run the sources compile here with the same options.
import Ajv, { type ValidateFunction } from 'ajv';
import { schemaByKind } from './schemas';
import type { JsonKind } from './parse/parseFile';

/**
 * strict: false lets ajv ignore the editor's own keywords (defaultSnippets, errorMessage, patternErrorMessage).
 * verbose keeps the failing schema on each error, which is where those messages are read from.
 * Keep in step with the precompiling plugin in esbuild.mjs.
 */
export const AJV_OPTIONS = { strict: false, allErrors: true, verbose: true } as const;

let ajv: Ajv | undefined;
const compiled = new Map<JsonKind, ValidateFunction>();

export function schemaValidator(kind: JsonKind): ValidateFunction {
  let v = compiled.get(kind);
  if (!v) {
    ajv ??= new Ajv(AJV_OPTIONS);
    v = ajv.compile(schemaByKind[kind]);
    compiled.set(kind, v);
  }
  return v;
}
