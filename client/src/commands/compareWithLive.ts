import * as vscode from 'vscode';
import type { FederationNode } from '../federationTree';
import { createSession, loadFederation, showText, type CommandDeps } from './context';
import { pickZone } from './pick';

/** Compare Zone with Live: the live `zone get` beside the infile, both normalized and with keys masked. */
export async function compareZoneWithLive(deps: CommandDeps, node?: FederationNode | string): Promise<void> {
  const { federation: fed } = await loadFederation(deps);
  const zone = await pickZone(fed, node);
  if (!zone) return;
  const session = createSession(deps);
  try {
    const c = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Ceph: reading zone ${zone} from its gateway` }, () => session.compareZone(fed, zone));
    deps.log.info(`compare zone ${zone} with ${c.host} (${c.instance}): ${c.absent ? 'absent' : `${c.diff.length} difference(s)`}`);
    if (c.local && c.live) {
      const left = await showText(deps, `${zone}.infile.json`, JSON.stringify(c.local, null, 4) + '\n', 'json');
      const right = await showText(deps, `${zone}.live-${c.host}.json`, JSON.stringify(c.live, null, 4) + '\n', 'json');
      await vscode.commands.executeCommand('vscode.diff', left, right, `${zone}: infile ↔ live on ${c.host}`);
    } else {
      await showText(deps, `${zone}.compare.txt`, [`zone ${zone}: infile vs live on ${c.host} (${c.instance})`, '', ...(c.lines.length ? c.lines : ['no differences'])].join('\n') + '\n');
    }
  } finally {
    session.close();
  }
}
