// Applies from different machines (an operator's editor, a pipeline) never interleave on one cluster: each apply
// takes an exclusive RADOS lock (cls_lock, `rados lock get`) on one object in a root pool of the cluster (where
// radosgw keeps realm, zonegroup and zone configs) before its first backup, and breaks it after its last step. The
// lock expires on its own, so an apply that died holding it blocks the others for lockDurationS() at most; the
// refusal says who holds it and how to break it. The local lock files (lock.ts) still refuse a second apply on the
// same machine at once, without a round trip.
import * as os from 'node:os';

/** Where radosgw keeps realm, zonegroup and zone configs unless the instance sets another root pool. */
export const DEFAULT_ROOT_POOL = '.rgw.root';
const OBJECT = 'ceph-federation.apply';
const NAME = 'apply';

/** rados arguments (after the program and its cluster options) of the three lock operations. */
export const lockArgs = {
  take: (pool: string, cookie: string, durationS: number, description: string) => ['-p', pool, 'lock', 'get', OBJECT, NAME, '--lock-cookie', cookie, '--lock-duration', String(durationS), '--lock-description', description],
  info: (pool: string) => ['-p', pool, 'lock', 'info', OBJECT, NAME],
  release: (pool: string, locker: string, cookie: string) => ['-p', pool, 'lock', 'break', OBJECT, NAME, locker, '--lock-cookie', cookie],
};

/** How long a lock outlives an apply that died holding it: longer than any apply, given its command timeout. */
export function lockDurationS(commandTimeoutMs: number): number {
  return Math.max(30 * 60, Math.ceil((3 * commandTimeoutMs) / 1000));
}

/** Who takes the lock, for whoever finds it held. */
export function lockDescription(what: string, now = new Date()): string {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry for this uid (containers): the pid and host still say who.
  }
  return `ceph-federation: apply ${what} by ${user}@${os.hostname()} (pid ${process.pid}), started ${now.toISOString()}`;
}

export interface Locker {
  /** The client instance that holds it (`client.4174`): `lock break` needs it. */
  name: string;
  cookie: string;
  description: string;
  expiration?: string;
}

/** `rados lock info` output (JSON in every release that has the command). */
export function parseLockInfo(stdout: string): Locker[] {
  const start = stdout.indexOf('{');
  if (start < 0) throw new Error(`rados lock info printed no JSON: ${stdout.slice(0, 200)}`);
  const info = JSON.parse(stdout.slice(start)) as { lockers?: Partial<Locker>[] };
  return (info.lockers ?? []).filter((l): l is Locker => typeof l.name === 'string' && typeof l.cookie === 'string').map((l) => ({ ...l, description: l.description ?? '' }));
}

/** `rados lock get` refused because another client holds the lock. */
export function isBusy(stderr: string): boolean {
  return /\(16\)|Device or resource busy/.test(stderr);
}

/** `rados lock break` found no such holder and cookie: the lock expired (someone else may hold it now). */
export function isGone(stderr: string): boolean {
  return /\(2\)|No such file or directory/.test(stderr);
}

/** The pool does not exist: a cluster whose gateways never ran (radosgw-admin creates it on its first write). */
export function isPoolMissing(stderr: string): boolean {
  return /error opening pool/.test(stderr);
}

/** The refusal: who holds the lock, until when, and the command that breaks it if that apply is gone. */
export function heldMessage(where: string, pool: string, holder: Locker, breakCommand: string): string {
  return (
    `another apply holds the apply lock of this cluster (object ${OBJECT} in pool ${pool} on ${where}): ${holder.description || '(no description)'}; ` +
    `held by ${holder.name}${holder.expiration ? ` until ${holder.expiration}` : ''}. Wait for it to finish; if it is no longer running, break its lock with: ${breakCommand}`
  );
}
