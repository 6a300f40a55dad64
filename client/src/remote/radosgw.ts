// radosgw-admin command lines, the remote's dialect, and reading its JSON output.

export interface RemoteSettings {
  /** The radosgw-admin program on the remote (default `radosgw-admin`). */
  radosgwAdmin?: string;
  /** The rados program on the remote (default `rados`), for the cluster's apply lock. */
  rados?: string;
  /** Run it through `sudo -n` (never prompts: a password prompt would hang a non-interactive session). */
  sudo?: boolean;
  /** Remote ceph.conf path (`-c`); default: Ceph's own search. */
  cephConf?: string;
  /** Cluster name (`--cluster`); default: ceph. */
  cluster?: string;
}

/** A Ceph tool run as a gateway instance: its ceph.conf section gives it the cluster, keyring and pools. */
function cephTool(program: string, settings: RemoteSettings, instance: string | undefined, args: string[]): string[] {
  return [
    ...(settings.sudo ? ['sudo', '-n', '--'] : []),
    program,
    ...(settings.cephConf ? ['-c', settings.cephConf] : []),
    ...(settings.cluster ? ['--cluster', settings.cluster] : []),
    ...(instance ? ['--name', instance] : []),
    ...args,
  ];
}

export function radosgwAdmin(settings: RemoteSettings, instance: string | undefined, args: string[]): string[] {
  return cephTool(settings.radosgwAdmin || 'radosgw-admin', settings, instance, args);
}

export function rados(settings: RemoteSettings, instance: string | undefined, args: string[]): string[] {
  return cephTool(settings.rados || 'rados', settings, instance, args);
}

/** What the remote's radosgw-admin speaks. */
export type RemoteDialect =
  /** Jewel and later: realm/zonegroup/period. `realm` is undefined when no realm exists (no period to commit). */
  | { kind: 'modern'; realm?: { id: string; name?: string } }
  /** Dumpling to Hammer: region/regionmap. */
  | { kind: 'legacy' };

export function isUnrecognized(stderr: string): boolean {
  return /Unrecognized argument|unrecognized command|unknown command/i.test(stderr);
}

export function parseJsonOutput<T>(stdout: string, what: string): T {
  // Some radosgw-admin versions print warnings before the JSON.
  const start = stdout.search(/[{[]/);
  try {
    return JSON.parse(start > 0 ? stdout.slice(start) : stdout) as T;
  } catch {
    throw new Error(`${what} did not print JSON: ${stdout.slice(0, 200)}`);
  }
}

/** `realm list` output to a dialect: modern tools answer JSON, legacy ones do not know the word. */
export function dialectFrom(code: number | null, stdout: string, stderr: string): RemoteDialect | undefined {
  if (code === 0) {
    const r = parseJsonOutput<{ default_info?: string; realms?: string[] }>(stdout, 'radosgw-admin realm list');
    if (r.default_info) return { kind: 'modern', realm: { id: r.default_info, name: r.realms?.length === 1 ? r.realms[0] : undefined } };
    return { kind: 'modern' };
  }
  if (isUnrecognized(stderr)) return { kind: 'legacy' };
  return undefined;
}
