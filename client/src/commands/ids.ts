// The ids of the remote commands: the extension registers them without loading the commands' bundle.
import { COMMAND_IDS } from '../../../server/src/core/commands';

export const REMOTE_COMMAND_IDS = Object.values(COMMAND_IDS);

export type RemoteCommandId = (typeof COMMAND_IDS)[keyof typeof COMMAND_IDS];
