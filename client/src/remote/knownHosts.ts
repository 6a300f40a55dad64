// OpenSSH known_hosts, checked the way ssh does: plain and hashed (|1|salt|hmac) host patterns, [host]:port
// names for other ports, wildcards, negations and @revoked markers.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface KnownHostEntry {
  marker?: '@revoked' | '@cert-authority';
  patterns: string[];
  keyType: string;
  key: Buffer;
  file: string;
  line: number;
}

export type HostKeyVerdict =
  | { status: 'known'; entry: KnownHostEntry }
  /** known_hosts has keys for this host, none of them this one: possibly a man in the middle. */
  | { status: 'changed'; known: KnownHostEntry[] }
  | { status: 'revoked'; entry: KnownHostEntry }
  | { status: 'unknown' };

export function parseKnownHosts(text: string, file = 'known_hosts'): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    const marker = fields[0] === '@revoked' || fields[0] === '@cert-authority' ? (fields.shift() as KnownHostEntry['marker']) : undefined;
    const [hosts, keyType, b64] = fields;
    if (!hosts || !keyType || !b64) return;
    out.push({ marker, patterns: hosts.split(','), keyType, key: Buffer.from(b64, 'base64'), file, line: i + 1 });
  });
  return out;
}

export async function readKnownHosts(files: string[]): Promise<KnownHostEntry[]> {
  const out: KnownHostEntry[] = [];
  for (const f of files) {
    try {
      out.push(...parseKnownHosts(await fs.readFile(f, 'utf8'), f));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return out;
}

/** The name known_hosts uses: "host" on port 22, "[host]:port" otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
    const want = Buffer.from(hash, 'base64');
    return want.length === mac.length && timingSafeEqual(mac, want);
  }
  return globMatch(pattern, name);
}

/** An entry applies to a name when a pattern matches it and no negated pattern (!pat) does. */
export function entryMatches(entry: KnownHostEntry, name: string): boolean {
  let hit = false;
  for (const p of entry.patterns) {
    if (p.startsWith('!')) {
      if (patternMatches(p.slice(1), name)) return false;
    } else if (patternMatches(p, name)) hit = true;
  }
  return hit;
}

/** The key types known_hosts holds for a host: asking the server for one of them makes a mismatch meaningful. */
export function knownKeyTypes(entries: KnownHostEntry[], names: string[]): string[] {
  return [...new Set(entries.filter((e) => !e.marker && names.some((n) => entryMatches(e, n))).map((e) => e.keyType))];
}

/** The SSH wire-format key's type name (its first string). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const n = key.readUInt32BE(0);
  return key.subarray(4, 4 + n).toString('latin1');
}

/** `SHA256:...` as ssh-keygen -l prints it. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The verdict on a presented key for the names the host is known by (e.g. `[127.0.0.1]:2222`, the alias). */
export function verifyHostKey(entries: KnownHostEntry[], names: string[], key: Buffer): HostKeyVerdict {
  const applicable = entries.filter((e) => names.some((n) => entryMatches(e, n)));
  const revoked = applicable.find((e) => e.marker === '@revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  const plain = applicable.filter((e) => !e.marker);
  const match = plain.find((e) => e.key.length === key.length && timingSafeEqual(e.key, key));
  if (match) return { status: 'known', entry: match };
  return plain.length ? { status: 'changed', known: plain } : { status: 'unknown' };
}

/** Appends an accepted key the way ssh's accept-new does. */
export async function appendKnownHost(file: string, name: string, key: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const text = await fs.readFile(file, 'utf8');
    if (text && !text.endsWith('\n')) prefix = '\n';
  } catch {
    // a new file
  }
  await fs.appendFile(file, `${prefix}${name} ${keyTypeOf(key)} ${key.toString('base64')}\n`, { mode: 0o600 });
}
