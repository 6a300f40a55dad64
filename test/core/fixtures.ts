// Test fixtures: multi-file federations as inline text (`//- path` headers) or loaded from examples/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { checkFiles } from '../../server/src/core/check';
import type { Diagnostic } from '../../server/src/core/types';

export type Files = Record<string, string>;

export const ROOT = path.resolve(__dirname, '..', '..');
export const uriOf = (name: string) => `file:///fed/${name}`;

/** `//- us.json` lines start a new file; everything up to the next header is its text. */
export function multiFile(text: string): Files {
  const files: Files = {};
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^\/\/- (\S+)\s*$/.exec(line);
    if (m) {
      current = m[1];
      files[current] = '';
    } else if (current !== undefined) files[current] += line + '\n';
  }
  return files;
}

export function loadDir(dir: string): Files {
  const files: Files = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(dir, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

export const seedExample = () => loadDir(path.join(ROOT, 'examples', 'seed'));
export const modernExample = () => loadDir(path.join(ROOT, 'examples', 'modern'));

export async function check(files: Files, explicit: string[] = []): Promise<Diagnostic[]> {
  const result = await checkFiles(
    Object.entries(files).map(([name, text]) => ({ uri: uriOf(name), text })),
    { explicit: new Set(explicit.map(uriOf)) },
  );
  return [...result.diagnostics.values()].flat();
}

/** A readable one-line form for assertions and failure messages: `file:line code`. */
export function brief(d: Diagnostic): string {
  return `${d.uri.replace('file:///fed/', '')}:${d.range.start.line + 1} ${d.code}`;
}

/** Edits a JSON file of a fixture through its parsed value, keeping the 4-space layout radosgw-admin prints. */
export function editJson(files: Files, name: string, edit: (v: any) => void): Files {
  const value = JSON.parse(files[name]);
  edit(value);
  return { ...files, [name]: JSON.stringify(value, null, 4) + '\n' };
}

export function editText(files: Files, name: string, from: string | RegExp, to: string): Files {
  const text = files[name];
  const next = text.replace(from, to);
  if (next === text) throw new Error(`fixture edit did not apply to ${name}: ${from}`);
  return { ...files, [name]: next };
}

export function lastLineOf(files: Files, name: string, needle: string): number {
  const i = files[name].lastIndexOf(needle);
  if (i < 0) throw new Error(`${needle} not in ${name}`);
  return files[name].slice(0, i).split('\n').length;
}

/** The line (1-based) of the first occurrence of `needle` in a fixture file. */
export function lineOf(files: Files, name: string, needle: string): number {
  const i = files[name].indexOf(needle);
  if (i < 0) throw new Error(`${needle} not in ${name}`);
  return files[name].slice(0, i).split('\n').length;
}

/** The position of `needle` (plus `delta` characters) in a fixture file: the cursor of a feature test. */
export function at(files: Files, name: string, needle: string, delta = 0): { line: number; character: number } {
  const text = files[name];
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not in ${name}`);
  const before = text.slice(0, i + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

interface AnyEdit {
  changes?: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]>;
  documentChanges?: (
    | { textDocument: { uri: string }; edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[] }
    | { kind: 'rename'; oldUri: string; newUri: string }
    | { kind: 'create'; uri: string }
    | { kind: 'delete'; uri: string }
  )[];
}

function offsetOf(text: string, p: { line: number; character: number }): number {
  let offset = 0;
  for (let l = 0; l < p.line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset + p.character;
}

/** Applies a WorkspaceEdit to a fixture, the way an editor would. */
export function applyEdit(files: Files, edit: AnyEdit): Files {
  const out: Files = { ...files };
  const nameOf = (uri: string) => uri.replace('file:///fed/', '').split('/').map(decodeURIComponent).join('/');
  const applyText = (uri: string, edits: NonNullable<AnyEdit['changes']>[string]) => {
    const name = nameOf(uri);
    let text = out[name] ?? '';
    const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
    for (const e of sorted) text = text.slice(0, offsetOf(text, e.range.start)) + e.newText + text.slice(offsetOf(text, e.range.end));
    out[name] = text;
  };
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) applyText(uri, edits);
  for (const c of edit.documentChanges ?? []) {
    if ('textDocument' in c) applyText(c.textDocument.uri, c.edits);
    else if (c.kind === 'create') out[nameOf(c.uri)] ??= '';
    else if (c.kind === 'rename') {
      out[nameOf(c.newUri)] = out[nameOf(c.oldUri)];
      delete out[nameOf(c.oldUri)];
    }
  }
  return out;
}

/** A feature context over a fixture, as the language server holds it. */
export async function contextOf(files: Files, languageIds: Record<string, string> = {}) {
  const result = await checkFiles(Object.entries(files).map(([name, text]) => ({ uri: uriOf(name), text, languageId: languageIds[name] })));
  return { federation: result.federation, diagnostics: [...result.diagnostics.values()].flat() };
}
