/**
 * The remote engine behind the Apply commands and the CLI pipelines (`plan`, `apply`, `sync-status`). No `vscode`
 * import anywhere under remote/: the CLI and the extension both call it.
 *
 *   const session = new RemoteSession({ sshConfigPath, hosts, sudo, radosgwAdmin, rados, cephConf, cluster,
 *                                       onUnknownHostKey, logger });
 *   const plan = await session.planZone(federation, 'us-east', { backupDir });   // read-only: probes, zone get
 *   show(formatPlan(plan)); if (!confirmed) return;                               // hosts, masked commands, backups
 *   const report = await session.apply(plan, { signal, onProgress });            // never throws for remote failures
 *   session.close();
 *
 * Plans: planZone, planRegion (region or zonegroup), planFederation, planSystemUser (report.systemKey holds the
 * keys to write into the infile), planRestore (zone set from a backup file). Read-only: compareZone,
 * compareRegion (live vs infile, normalized, keys masked), syncStatus (parsed `sync status` per zone).
 * Local only: generateAgentConfigs (radosgw-agent configs from the topology).
 *
 * Hosts come from ceph.conf (`host`, else `rgw dns name`), resolved through the ssh config file (HostName, User,
 * Port, IdentityFile, UserKnownHostsFile, ConnectTimeout) and `hosts` overrides; keys from those files and ssh-agent. Host keys
 * are checked against known_hosts (hashed entries too); an unknown key asks `onUnknownHostKey` (absent: refused),
 * a changed or revoked key is always refused. `logger` lines, plans, reports and errors never contain a key.
 * Names are validated (server/src/core/ceph/names.ts) before anything connects; every remote command is an argv
 * joined with POSIX quoting (quote.ts). A plan holds per-target locks (`zone:<name>@<user@host:port>`, `region:...`,
 * one per remote host) while it applies: a second apply of the same target on the same remote, in this process or
 * another on this machine, fails with LockError. Every remote command has a timeout (`commandTimeoutMs`, default
 * 10 min): on expiry it is signalled and its step fails with CommandTimeoutError; a connection dropped under a
 * running command fails its step with ConnectionLostError. Either way the report says what was and was not applied.
 */
export { RemoteSession, RemoteError, commitSpacingKeys } from './session';
export type {
  ApplyOptions,
  ApplyReport,
  Comparison,
  HostSettings,
  LogLevel,
  Logger,
  Phase,
  Plan,
  PlanOptions,
  PlanStep,
  SessionOptions,
  StepOutcome,
  ZoneSyncStatus,
} from './session';
export type { RemoteSettings } from './radosgw';
export type { HostKeyQuestion, UnknownHostKeyHandler } from './ssh';
export { CommandTimeoutError, ConnectionLostError, DEFAULT_COMMAND_TIMEOUT_MS, HostKeyError } from './ssh';
export { LockError } from './lock';
export { ValidationError } from './targets';
export { Masker, MASK } from './mask';
export { shQuote, shJoin } from './quote';
export { parseSyncStatus, describeSyncStatus, type SyncStatus, type DataSyncSource, type SyncState } from './syncStatus';
export { generateAgentConfigs, type AgentConfig } from './agents';
export { formatPlan, formatComparison, formatReport } from './format';
export { normalizeZone, normalizeZonegroup, diffDocs, formatDiff, type DiffEntry } from './normalize';
export { resolveHost, type HostOverride, type ResolvedHost } from './sshConfig';
export { fingerprint, parseKnownHosts, verifyHostKey } from './knownHosts';
