// A period commit makes every gateway of the realm reload: it pauses its frontends, waits for the requests in flight,
// closes its store and starts sync again. A commit that arrives during that reload is queued, and its reload starts
// the moment the first one resumes, while sync is still starting. radosgw 16.2 can then hang for good: on the
// lab (16.2.15) the secondary stopped after "Frontends paused" and answered nothing until killed. So commits to one
// remote, and to one realm through any remote, are kept apart across the processes of this machine (the extension
// and the CLI), by time stamp files, for longer than a reload takes: on the lab a reload took 0.2-9.3 s from pause
// to resume on a busy machine.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { stateFile } from './lock';

export const COMMIT_SPACING_MS = 15_000;

/** The key commits to one realm are spaced under, whichever host they are made through (a destination is the other). */
export const realmSpacingKey = (realmId: string) => `realm-${realmId}`;

/**
 * The keys a period commit is spaced under: the remote it is made through (`destination`), and its realm when known,
 * since the master pushes each period to the other zones' gateways and a commit made through another host of the
 * realm reloads them too.
 */
export const periodCommitSpacingKeys = (destination: string, realmId?: string): string[] => [destination, ...(realmId ? [realmSpacingKey(realmId)] : [])];

const stampFile = (key: string) => stateFile(`commit-${key}`, 'last');
const keyList = (keys: string | readonly string[]): readonly string[] => (typeof keys === 'string' ? [keys] : keys);

/**
 * Waits until COMMIT_SPACING_MS have passed since the last commit recorded under any of `keys` (destinations or
 * realms); returns how long it waited. One wait, for the newest stamp: `onWait` hears how long it will be, and under
 * which key, before it starts, so that a user is not left looking at a still progress.
 */
export async function awaitCommitSpacing(keys: string | readonly string[], signal?: AbortSignal, onWait?: (ms: number, key: string) => void): Promise<number> {
  let newest: { key: string; last: number } | undefined;
  for (const key of keyList(keys)) {
    const last = (await fs.stat(stampFile(key)).catch(() => undefined))?.mtimeMs ?? 0;
    if (!newest || last > newest.last) newest = { key, last };
  }
  if (!newest) return 0;
  const wait = Math.min(COMMIT_SPACING_MS, newest.last + COMMIT_SPACING_MS - Date.now());
  if (wait <= 0) return 0;
  if (signal?.aborted) throw new Error('cancelled');
  onWait?.(wait, newest.key);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, wait);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('cancelled'));
    }, { once: true });
  });
  return wait;
}

/** Records, under each of `keys`, a commit that reached the remote (its gateways are reloading from now). */
export async function recordCommit(keys: string | readonly string[]): Promise<void> {
  for (const key of keyList(keys)) {
    const file = stampFile(key);
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await fs.writeFile(file, new Date().toISOString(), { mode: 0o600 });
  }
}
