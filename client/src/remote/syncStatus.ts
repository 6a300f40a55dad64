// `radosgw-admin sync status` as data. Its output is text for people (no JSON form in 16.2), so the parser reads
// the lines it knows and keeps every line it does not know as a note rather than guessing.

export type SyncState = 'caught-up' | 'behind' | 'master' | 'error' | 'unknown';

/** How far one sync (metadata, or data from one source zone) has come. */
export interface SyncProgress {
  state: SyncState;
  /** `syncing`, `init`, ... as printed. */
  phase?: string;
  fullSync?: { done: number; total: number };
  incrementalSync?: { done: number; total: number };
  behindShards: number;
  behindShardList: number[];
  oldestChange?: string;
  errors: string[];
}

export interface DataSyncSource extends SyncProgress {
  id: string;
  name?: string;
  recoveringShards: number;
  recoveringShardList: number[];
}

export interface SyncStatus {
  realm?: { id: string; name?: string };
  zonegroup?: { id: string; name?: string };
  zone?: { id: string; name?: string };
  metadata: SyncProgress;
  /** Set when the zone's period is not the master's: it has not seen the latest commit. */
  periodMismatch?: { master: string; local: string };
  data: DataSyncSource[];
  /** Lines the parser does not know. */
  notes: string[];
  /** Caught up everywhere, on the master's period, with no errors. */
  healthy: boolean;
}

const idName = (s: string) => {
  const m = /^(\S+)(?:\s+\((.*)\))?$/.exec(s.trim());
  return m ? { id: m[1], ...(m[2] !== undefined ? { name: m[2] } : {}) } : { id: s.trim() };
};
const shardList = (s: string) => (s.match(/\d+/g) ?? []).map(Number);
const ratio = (s: string) => {
  const m = /(\d+)\/(\d+)/.exec(s);
  return m ? { done: Number(m[1]), total: Number(m[2]) } : undefined;
};

export function parseSyncStatus(text: string): SyncStatus {
  const st: SyncStatus = { metadata: { state: 'unknown', behindShards: 0, behindShardList: [], errors: [] }, data: [], notes: [], healthy: false };
  let section: 'head' | 'metadata' | 'data' = 'head';
  let src: DataSyncSource | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    let m: RegExpExecArray | null;
    if ((m = /^realm\s+(.+)$/.exec(line)) && section === 'head') st.realm = idName(m[1]);
    else if ((m = /^zonegroup\s+(.+)$/.exec(line)) && section === 'head') st.zonegroup = idName(m[1]);
    else if ((m = /^zone\s+(.+)$/.exec(line)) && section === 'head') st.zone = idName(m[1]);
    else if ((m = /^metadata sync\s*(.*)$/.exec(line))) {
      section = 'metadata';
      const rest = m[1];
      if (/zone is master/.test(rest)) st.metadata.state = 'master';
      else st.metadata.phase = rest || undefined;
    } else if ((m = /^data sync source:\s*(.+)$/.exec(line))) {
      section = 'data';
      src = { ...idName(m[1]), state: 'unknown', behindShards: 0, behindShardList: [], recoveringShards: 0, recoveringShardList: [], errors: [] };
      st.data.push(src);
    } else if ((m = /master is on a different period: master_period=(\S+) local_period=(\S+)/.exec(line))) {
      st.periodMismatch = { master: m[1], local: m[2] };
    } else if (section === 'metadata') {
      const md = st.metadata;
      if ((m = /^full sync:\s*(.*)$/.exec(line))) md.fullSync = ratio(m[1]);
      else if ((m = /^incremental sync:\s*(.*)$/.exec(line))) md.incrementalSync = ratio(m[1]);
      else if (/metadata is caught up with master/.test(line)) md.state = 'caught-up';
      else if ((m = /metadata is behind on (\d+) shards?/.exec(line))) [md.state, md.behindShards] = ['behind', Number(m[1])];
      else if ((m = /^behind shards:\s*(.*)$/.exec(line))) md.behindShardList = shardList(m[1]);
      else if ((m = /^oldest incremental change not applied:\s*(.*)$/.exec(line))) md.oldestChange = m[1];
      else if (/error|failed/i.test(line)) [md.state, md.errors] = [md.state === 'master' ? 'master' : 'error', [...md.errors, line]];
      else st.notes.push(line);
    } else if (section === 'data' && src) {
      if ((m = /^full sync:\s*(.*)$/.exec(line))) src.fullSync = ratio(m[1]);
      else if ((m = /^incremental sync:\s*(.*)$/.exec(line))) src.incrementalSync = ratio(m[1]);
      else if (/data is caught up with source/.test(line)) src.state = src.state === 'error' ? 'error' : 'caught-up';
      else if ((m = /data is behind on (\d+) shards?/.exec(line))) [src.state, src.behindShards] = ['behind', Number(m[1])];
      else if ((m = /^behind shards:\s*(.*)$/.exec(line))) src.behindShardList = shardList(m[1]);
      else if ((m = /^oldest incremental change not applied:\s*(.*)$/.exec(line))) src.oldestChange = m[1];
      else if ((m = /^(\d+) shards? (?:are|is) recovering/.exec(line))) src.recoveringShards = Number(m[1]);
      else if ((m = /^recovering shards:\s*(.*)$/.exec(line))) src.recoveringShardList = shardList(m[1]);
      else if (/error|failed/i.test(line)) [src.state, src.errors] = ['error', [...src.errors, line]];
      else if (/^[a-z-]+$/.test(line) && !src.phase) src.phase = line;
      else st.notes.push(line);
    } else st.notes.push(line);
  }
  const md = st.metadata;
  st.healthy =
    !st.periodMismatch &&
    (md.state === 'master' || md.state === 'caught-up') &&
    st.data.every((d) => d.state === 'caught-up' && d.recoveringShards === 0);
  return st;
}

/** One line per zone for people. */
export function describeSyncStatus(zone: string, s: SyncStatus): string[] {
  const lines: string[] = [];
  const md = s.metadata;
  const meta =
    md.state === 'master' ? 'metadata: master (no sync)'
    : md.state === 'caught-up' ? 'metadata: caught up'
    : md.state === 'behind' ? `metadata: ${md.behindShards} shard${md.behindShards === 1 ? '' : 's'} behind${md.oldestChange ? ` (oldest ${md.oldestChange})` : ''}`
    : md.state === 'error' ? `metadata: error: ${md.errors.join('; ')}`
    : 'metadata: unknown';
  lines.push(`${zone}: ${s.healthy ? 'OK' : 'NOT SYNCED'}; ${meta}`);
  if (s.periodMismatch) lines.push(`  period: on ${s.periodMismatch.local}, the master is on ${s.periodMismatch.master}`);
  for (const d of s.data) {
    const what =
      d.state === 'caught-up' ? 'caught up'
      : d.state === 'behind' ? `${d.behindShards} shard${d.behindShards === 1 ? '' : 's'} behind${d.oldestChange ? ` (oldest ${d.oldestChange})` : ''}`
      : d.state === 'error' ? `error: ${d.errors.join('; ')}`
      : d.phase ?? 'unknown';
    lines.push(`  data from ${d.name ?? d.id}: ${what}${d.recoveringShards ? `, ${d.recoveringShards} recovering` : ''}`);
  }
  return lines;
}
