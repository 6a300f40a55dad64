// Two applies of the same zone or region never interleave, within one process or across processes (CLI and the
// extension on one machine): an exclusive lock file per target, naming its holder (see holder.ts), refused while held.
// Applies from other machines meet in the cluster instead (clusterLock.ts).
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { holderAlive, holderPid, holderRecord } from './holder';

export class LockError extends Error {}

const held = new Set<string>();

/** Where this machine's apply state lives (locks, commit time stamps), one file per key. */
export function stateFile(key: string, extension: string): string {
  return path.join(os.tmpdir(), 'ceph-federation-locks', `${key.replace(/[^A-Za-z0-9_-]/g, '_')}.${extension}`);
}

async function acquireOne(key: string): Promise<() => Promise<void>> {
  const what = key.replace(':', ' ').replace('@', ' on ');
  if (held.has(key)) throw new LockError(`another apply of ${what} is running in this process`);
  // Reserved before the first await: two applies in one process can never both get past this point.
  held.add(key);
  const file = stateFile(key, 'lock');
  const release = async () => {
    held.delete(key);
    await fs.rm(file, { force: true });
  };
  try {
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const h = await fs.open(file, 'wx', 0o600);
        await h.writeFile(holderRecord());
        await h.close();
        return release;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const holder = (await fs.readFile(file, 'utf8').catch(() => '')).trim();
        if (holder && holderAlive(holder)) throw new LockError(`another apply of ${what} is running (pid ${holderPid(holder)}, lock ${file})`);
        // An empty file is a lock being taken right now (its holder not written yet), unless it is old.
        const age = Date.now() - ((await fs.stat(file).catch(() => undefined))?.mtimeMs ?? 0);
        if (!holder && age < 10_000) throw new LockError(`another apply of ${what} is starting (lock ${file})`);
        // The holder died without releasing it (its pid may since run another process).
        await fs.rm(file, { force: true });
      }
    }
    throw new LockError(`cannot take the lock for ${what}`);
  } catch (e) {
    held.delete(key);
    throw e;
  }
}

/** Takes every lock (sorted, so two callers never deadlock) or none. */
export async function acquireLocks(keys: string[]): Promise<() => Promise<void>> {
  const releases: (() => Promise<void>)[] = [];
  try {
    for (const k of [...new Set(keys)].sort()) releases.push(await acquireOne(k));
  } catch (e) {
    for (const r of releases.reverse()) await r();
    throw e;
  }
  return async () => {
    for (const r of releases.reverse()) await r();
  };
}
