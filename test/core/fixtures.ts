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
