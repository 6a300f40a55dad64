// Starts a bundle (the CLI, the language server) through V8's code cache: the bytecode a run compiled is kept in the
// user's cache directory, and the next start of the same bundle on the same Node skips compiling it (`npm run bench`
// gives the CLI's time on a first run beside a later one's). Node 22.1 offers this as module.enableCompileCache; the
// Node 20 that VS Code 1.100 runs, and Debian 12's Node 18, do not. NODE_DISABLE_COMPILE_CACHE, Node's own switch for
// it, turns this one off too.
// Only Node's built-in modules here: this file is loaded before the bundle, and its own cost is paid on every start.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { Script } from 'node:vm';

/** The user's cache directory, as the platform names it; undefined when there is none or the cache is turned off. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  let base = env.XDG_CACHE_HOME;
  if (!base) {
    const home = homedir();
    if (!home) return undefined;
    base = process.platform === 'win32' ? env.LOCALAPPDATA : process.platform === 'darwin' ? path.join(home, 'Library', 'Caches') : path.join(home, '.cache');
  }
  return base ? path.join(base, 'ceph-federation') : undefined;
}

/**
 * Runs `file` as the main module. Its cache entry is named by a hash of the code, Node's version and the machine:
 * V8 itself checks only the code's length and its own flags before trusting cached bytecode. The entry is written
 * at exit, so that it holds every function the run compiled, not only the top level; a long-running program (the
 * language server, which its editor may end with a signal) also writes it `saveAfterMs` after the start.
 */
export function runBundle(file: string, saveAfterMs?: number): void {
  let code = readFileSync(file, 'utf8');
  // The CLI's `#!` line is not JavaScript inside the module wrapper; a comment keeps every offset in place.
  if (code.startsWith('#!')) code = `//${code.slice(2)}`;
  const dir = cacheDirectory();
  const name = path.basename(file, '.js');
  const entry = dir && path.join(dir, `${name}-${createHash('sha256').update(`${process.version} ${process.arch}\n`).update(code).digest('hex').slice(0, 32)}.v8`);
  let cachedData: Buffer | undefined;
  try {
    if (entry) cachedData = readFileSync(entry);
  } catch {
    // none yet, or unreadable: compiled as usual
  }
  // A bundle loads what it keeps apart with require: import() has no loader in a script compiled here.
  const script = new Script(Module.wrap(code), { filename: file, cachedData });
  if (entry && (!cachedData || script.cachedDataRejected)) {
    let saved = false;
    const saveOnce = () => {
      if (!saved) save(dir, name, entry, () => script.createCachedData());
      saved = true;
    };
    process.once('exit', saveOnce);
    if (saveAfterMs !== undefined) setTimeout(saveOnce, saveAfterMs).unref();
  }
  const bundle = new Module(file);
  bundle.filename = file;
  const bundleRequire = createRequire(file);
  // The bundle is the program: `require.main === module` holds in it as when Node starts it directly.
  Object.assign(bundleRequire, { main: bundle });
  (script.runInThisContext() as (...args: unknown[]) => void).call(bundle.exports, bundle.exports, bundleRequire, bundle, file, path.dirname(file));
}

/** Writes the entry whole or not at all, and removes the bundle's older entries. A cache that cannot be written is no error. */
function save(dir: string, name: string, entry: string, data: () => Buffer): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temp = `${entry}.${process.pid}.tmp`;
    writeFileSync(temp, data(), { mode: 0o600 });
    renameSync(temp, entry);
    const older = new RegExp(`^${name}-[0-9a-f]{32}\\.v8$`);
    for (const f of readdirSync(dir)) if (older.test(f) && path.join(dir, f) !== entry) rmSync(path.join(dir, f), { force: true });
  } catch {
    // read-only home, full disk: the next start compiles again
  }
}
