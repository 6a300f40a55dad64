// Reading a federation from disk, for the CLI and the language server's workspace scan.
import { existsSync, promises as fs, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { isCandidateName } from '../core/parse/parseFile';
import type { SourceFile } from '../core/types';

/** Directories that never hold a federation. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test', 'test-artifacts']);

export async function* walkFederationFiles(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return; // an unreadable subdirectory is skipped, not fatal
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) yield* walkFederationFiles(full);
    } else if (e.isFile() && isCandidateName(e.name)) yield full;
  }
}

/**
 * The same walk, synchronous: a command-line run has nothing else to do while it reads, and awaiting each of
 * thousands of small reads costs more than reading them.
 */
export function walkFederationFilesSync(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out; // an unreadable subdirectory is skipped, not fatal
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) walkFederationFilesSync(full, out);
    } else if (e.isFile() && isCandidateName(e.name)) out.push(full);
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export async function readSource(file: string): Promise<SourceFile> {
  const bytes = await fs.readFile(file);
  return { uri: URI.file(path.resolve(file)).toString(), text: utf8.decode(bytes) };
}

/** Every federation file under `dir`, read, in the walk's order. */
export async function readFederationDir(dir: string): Promise<SourceFile[]> {
  const paths: string[] = [];
  for await (const f of walkFederationFiles(dir)) paths.push(f);
  return Promise.all(paths.map(readSource));
}

export function readSourceSync(file: string): SourceFile {
  return { uri: URI.file(path.resolve(file)).toString(), text: utf8.decode(readFileSync(file)) };
}

export function uriToPath(uri: string): string {
  return URI.parse(uri).fsPath;
}

/** A path given on the command line that cannot be read; its message is the one-line reason. */
export class UnreadablePathError extends Error {}

/**
 * The federation named by command-line paths: every candidate file under each directory, and each file given
 * itself (`explicit`: an unrecognisable one is reported instead of skipped).
 */
export function collectFederationFiles(paths: string[]): { files: string[]; explicit: Set<string> } {
  const files: string[] = [];
  const explicit = new Set<string>();
  for (const p of paths) {
    let stat;
    try {
      stat = statSync(p);
    } catch (e) {
      throw new UnreadablePathError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    }
    if (stat.isDirectory()) walkFederationFilesSync(p, files);
    else {
      files.push(p);
      explicit.add(path.resolve(p));
    }
  }
  return { files: [...new Set(files.map((f) => path.resolve(f)))], explicit };
}

/** The package root, found from the running file, so the bundled example is found wherever the CLI is installed. */
export function packageRoot(from: string): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'examples'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}
