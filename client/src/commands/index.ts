// The remote commands, bundled apart from the extension (dist/commands.js) and loaded on first use, so activation
// never pays for ssh2 or the engine.
import { applyRegion } from './applyRegion';
import { applyZone, planZone } from './applyZone';
import { compareZoneWithLive } from './compareWithLive';
import { reportFailure, type CommandDeps } from './context';
import { createSystemUser } from './createSystemUser';
import { generateAgentConfigs } from './generateAgentConfigs';
import { restoreZone } from './restoreZone';
import { showSyncStatus } from './showSyncStatus';
import { storeZoneKeys } from './storeZoneKeys';
import type { RemoteCommandId } from './ids';
import { COMMAND_IDS as ID } from '../../../server/src/core/commands';

export type { CommandDeps } from './context';

type Command = (deps: CommandDeps, ...args: never[]) => Promise<unknown>;

export const remoteCommands: Record<RemoteCommandId, { title: string; run: Command }> = {
  [ID.applyZone]: { title: 'Apply Zone', run: applyZone as Command },
  [ID.planZone]: { title: 'Show Apply Zone Plan', run: planZone as Command },
  [ID.applyRegion]: { title: 'Apply Region / Zonegroup', run: applyRegion as Command },
  [ID.createSystemUser]: { title: 'Create Zone System User', run: createSystemUser as Command },
  [ID.compareZoneWithLive]: { title: 'Compare Zone with Live', run: compareZoneWithLive as Command },
  [ID.showSyncStatus]: { title: 'Show Sync Status', run: showSyncStatus as Command },
  [ID.generateSyncAgentConfigs]: { title: 'Generate Sync Agent Configs', run: generateAgentConfigs as Command },
  [ID.restoreZoneFromBackup]: { title: 'Restore Zone from Backup', run: restoreZone as Command },
  [ID.storeZoneKeys]: { title: 'Store Zone Keys in Secret Storage', run: storeZoneKeys as Command },
};

/**
 * Runs a command; a failure is reported to the user and returned as `{ error }` (the command's own result
 * otherwise), so a caller such as another extension or a test sees what happened.
 */
export async function runRemoteCommand(id: RemoteCommandId, deps: CommandDeps, args: unknown[]): Promise<unknown> {
  const command = remoteCommands[id];
  try {
    return await command.run(deps, ...(args as never[]));
  } catch (e) {
    await reportFailure(deps, command.title, e);
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
