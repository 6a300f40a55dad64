// A period commit makes every gateway of the realm reload. Ceph before Reef can hang a secondary gateway for good
// when a second reload arrives while it is still restarting sync after the first (ceph tracker 61461; seen on the
// lab with 16.2.15 when an apply and a restore committed 0.4 s apart). So commits to one remote are kept a few
// seconds apart, across the processes of this machine (the extension and the CLI), by a time stamp file.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { stateFile } from './lock';

export const COMMIT_SPACING_MS = 3000;

const stampFile = (destination: string) => stateFile(`commit-${destination}`, 'last');

/** Waits until COMMIT_SPACING_MS have passed since the last commit to `destination`; returns how long it waited. */
export async function awaitCommitSpacing(destination: string, signal?: AbortSignal): Promise<number> {
  const last = (await fs.stat(stampFile(destination)).catch(() => undefined))?.mtimeMs ?? 0;
  const wait = Math.min(COMMIT_SPACING_MS, last + COMMIT_SPACING_MS - Date.now());
  if (wait <= 0) return 0;
  if (signal?.aborted) throw new Error('cancelled');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, wait);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('cancelled'));
    }, { once: true });
  });
  return wait;
}

/** Records a commit to `destination` that reached the remote (its gateways are reloading from now). */
export async function recordCommit(destination: string): Promise<void> {
  const file = stampFile(destination);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await fs.writeFile(file, new Date().toISOString(), { mode: 0o600 });
}
