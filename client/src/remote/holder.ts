// Who holds a lock file: the pid and the start time of the process. A pid alone is not enough: after a crash the
// system gives the pid to another process sooner or later, and a lock naming it would then never be released.
import { readFileSync } from 'node:fs';

/** A process's start time (/proc/<pid>/stat field 22, clock ticks since boot); undefined where there is no /proc. */
export function processStart(pid: string | number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What a lock file holds to name this process: `pid start` (`pid` where there is no /proc). */
export const holderRecord = (): string => `${process.pid} ${processStart(process.pid) ?? ''}`.trim();

/** The pid a lock file names (`pid` or `pid start`). */
export const holderPid = (record: string): string => record.trim().split(/\s+/)[0] ?? '';

/**
 * Whether the process a record names still runs: a recycled pid has another start time. A pid alone (a file from an
 * older version), or a start time that cannot be read here, leaves the pid to decide.
 */
export function holderAlive(record: string): boolean {
  const [pid, start] = record.trim().split(/\s+/);
  if (!/^\d+$/.test(pid ?? '') || !pidAlive(Number(pid))) return false;
  if (!start) return true;
  const now = processStart(pid);
  return now === undefined || now === start;
}
