import * as vscode from 'vscode';
import { describeSyncStatus } from '../remote';
import { createSession, loadFederation, showText, type CommandDeps } from './context';

/** Show Sync Status: `radosgw-admin sync status` of every zone, parsed into the tree and a readable report. */
export async function showSyncStatus(deps: CommandDeps): Promise<void> {
  const { federation: fed } = await loadFederation(deps);
  const session = createSession(deps);
  try {
    const list = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Ceph: reading sync status' }, () => session.syncStatus(fed));
    const states = new Map<string, string>();
    const lines: string[] = [];
    for (const s of list) {
      if (s.status) {
        states.set(s.zone, s.status.healthy ? 'in sync' : 'behind');
        lines.push(...describeSyncStatus(s.zone, s.status), '');
      } else {
        states.set(s.zone, 'sync status unavailable');
        lines.push(`${s.zone}: ERROR on ${s.host}: ${s.error}`, '');
      }
    }
    deps.setSyncStates(states);
    await showText(deps, 'sync-status.txt', lines.join('\n'));
  } finally {
    session.close();
  }
}
