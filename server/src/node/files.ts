// Reading a federation from disk, for the CLI and the language server's workspace scan.
import { close, closeSync, existsSync, fstat, fstatSync, open, openSync, promises as fs, read, readdirSync, readFile, readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { isCandidateName } from '../core/parse/parseFile';
import type { SourceFile } from '../core/types';

/** Directories that never hold a federation. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test', 'test-artifacts']);

/** What a directory entry is; a symbolic link counts as what it points at (neither when it dangles). */
type EntryKind = 'dir' | 'file' | undefined;
const kindOf = (s: { isDirectory(): boolean; isFile(): boolean } | undefined): EntryKind => (s?.isDirectory() ? 'dir' : s?.isFile() ? 'file' : undefined);

/**
 * Every candidate file under `dir`, in name order. Symbolic links are followed, as operators link shared infiles and
 * ceph.conf into a federation; `seen` holds the real paths of the directories walked, so a link cycle ends.
 */
export async function* walkFederationFiles(dir: string, seen = new Set<string>()): AsyncGenerator<string> {
  let entries;
  try {
    const real = await fs.realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return; // an unreadable subdirectory is skipped, not fatal
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    const kind = e.isSymbolicLink() ? kindOf(await fs.stat(full).catch(() => undefined)) : kindOf(e);
    if (kind === 'dir') {
      if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) yield* walkFederationFiles(full, seen);
    } else if (kind === 'file' && isCandidateName(e.name)) yield full;
  }
}

function statOrNothing(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined; // dangling, a loop of links, or unreadable: skipped like an unreadable directory
  }
}

/**
 * The same walk, synchronous: a command-line run has nothing else to do while it reads, and awaiting each of
 * thousands of small reads costs more than reading them.
 */
export function walkFederationFilesSync(dir: string, out: string[] = [], seen = new Set<string>()): string[] {
  let entries;
  try {
    const real = realpathSync(dir);
    if (seen.has(real)) return out;
    seen.add(real);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out; // an unreadable subdirectory is skipped, not fatal
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    const kind = e.isSymbolicLink() ? kindOf(statOrNothing(full)) : kindOf(e);
    if (kind === 'dir') {
      if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) walkFederationFilesSync(full, out, seen);
    } else if (kind === 'file' && isCandidateName(e.name)) out.push(full);
  }
  return out;
}

// Leaves a byte order mark out of the text, as editors do; `bom` says it was there.
const utf8 = new TextDecoder('utf-8', { fatal: false });
const hasBom = (bytes: Uint8Array) => bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

function source(file: string, bytes: Uint8Array): SourceFile {
  const s: SourceFile = { uri: URI.file(path.resolve(file)).toString(), text: utf8.decode(bytes) };
  if (hasBom(bytes)) s.bom = true;
  return s;
}

/**
 * Larger than any federation file (a period of a thousand zones is a few megabytes): a bucket listing or a log saved
 * as .json beside the infiles is left unread rather than held in memory, or failing a whole run.
 */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

export class FileTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`${(bytes / 1024 / 1024).toFixed(0)} MB, larger than any federation file (the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB): not read`);
  }
}

/** The command line's one-line notice of a file a directory walk skipped. */
export function skippedNotice(file: string, e: FileTooLargeError): string {
  return `ceph-federation: skipped ${path.relative(process.cwd(), file)}: ${e.message}\n`;
}

/**
 * One file, read without blocking. Callbacks rather than a FileHandle, whose promises cost the language server's
 * start-up read of every file noticeably more time and CPU (bench/serverStart.ts compares server bundles).
 */
export function readSource(file: string): Promise<SourceFile> {
  return new Promise((resolve, reject) => {
    open(file, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      const done = (e: Error | null, bytes?: Buffer) =>
        close(fd, () => {
          if (e) return reject(e);
          try {
            resolve(source(file, bytes!));
          } catch (decodeError) {
            reject(decodeError as Error); // thrown in a callback, it would end the server
          }
        });
      fstat(fd, (statError, stats) => {
        if (statError) return done(statError);
        if (stats.size > MAX_FILE_BYTES) return done(new FileTooLargeError(stats.size));
        // One byte more than the size tells a file that grew since: then it is read to its end.
        const bytes = Buffer.allocUnsafe(stats.size + 1);
        read(fd, bytes, 0, bytes.length, 0, (readError, n) => {
          if (readError) done(readError);
          else if (n <= stats.size) done(null, bytes.subarray(0, n));
          else readFile(fd, (e, all) => done(e, all));
        });
      });
    });
  });
}

/** Whether the file on disk starts with a UTF-8 byte order mark: an editor's text of it does not show one. */
export async function startsWithBom(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(3), 0, 3, 0);
    return hasBom(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Every federation file under `dir`, read, in the walk's order; `onSkipped` hears of each file too large to read. */
export async function readFederationDir(dir: string, onSkipped?: (file: string, e: FileTooLargeError) => void): Promise<SourceFile[]> {
  const paths: string[] = [];
  for await (const f of walkFederationFiles(dir)) paths.push(f);
  const read = await Promise.all(
    paths.map((f) =>
      readSource(f).catch((e: unknown) => {
        if (!(e instanceof FileTooLargeError)) throw e;
        onSkipped?.(f, e);
        return undefined;
      }),
    ),
  );
  return read.filter((s): s is SourceFile => s !== undefined);
}

export function readSourceSync(file: string): SourceFile {
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size > MAX_FILE_BYTES) throw new FileTooLargeError(size);
    return source(file, readFileSync(fd));
  } finally {
    closeSync(fd);
  }
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
