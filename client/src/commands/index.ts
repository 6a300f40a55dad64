// The remote commands, bundled apart from the extension (dist/commands.js) and loaded on first use, so activation
// never pays for ssh2 or the engine.
import { applyRegion } from './applyRegion';
import { applyZone } from './applyZone';
import { compareZoneWithLive } from './compareWithLive';
import { reportFailure, type CommandDeps } from './context';
import { createSystemUser } from './createSystemUser';
import { generateAgentConfigs } from './generateAgentConfigs';
import { restoreZone } from './restoreZone';
import { showSyncStatus } from './showSyncStatus';
import { storeZoneKeys } from './storeZoneKeys';
import type { RemoteCommandId } from './ids';

export type { CommandDeps } from './context';

type Command = (deps: CommandDeps, ...args: never[]) => Promise<void>;

export const remoteCommands: Record<RemoteCommandId, { title: string; run: Command }> = {
  'cephFederation.applyZone': { title: 'Apply Zone', run: applyZone as Command },
  'cephFederation.applyRegion': { title: 'Apply Region / Zonegroup', run: applyRegion as Command },
  'cephFederation.createSystemUser': { title: 'Create Zone System User', run: createSystemUser as Command },
  'cephFederation.compareZoneWithLive': { title: 'Compare Zone with Live', run: compareZoneWithLive as Command },
  'cephFederation.showSyncStatus': { title: 'Show Sync Status', run: showSyncStatus as Command },
  'cephFederation.generateSyncAgentConfigs': { title: 'Generate Sync Agent Configs', run: generateAgentConfigs as Command },
  'cephFederation.restoreZoneFromBackup': { title: 'Restore Zone from Backup', run: restoreZone as Command },
  'cephFederation.storeZoneKeys': { title: 'Store Zone Keys in Secret Storage', run: storeZoneKeys as Command },
};

export async function runRemoteCommand(id: RemoteCommandId, deps: CommandDeps, args: unknown[]): Promise<void> {
  const command = remoteCommands[id];
  try {
    await command.run(deps, ...(args as never[]));
  } catch (e) {
    await reportFailure(deps, command.title, e);
  }
}
