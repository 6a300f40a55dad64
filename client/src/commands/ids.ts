// The ids of the remote commands: the extension registers them without loading the commands' bundle.
export const REMOTE_COMMAND_IDS = [
  'cephFederation.applyZone',
  'cephFederation.applyRegion',
  'cephFederation.createSystemUser',
  'cephFederation.compareZoneWithLive',
  'cephFederation.showSyncStatus',
  'cephFederation.generateSyncAgentConfigs',
  'cephFederation.restoreZoneFromBackup',
  'cephFederation.storeZoneKeys',
] as const;

export type RemoteCommandId = (typeof REMOTE_COMMAND_IDS)[number];
