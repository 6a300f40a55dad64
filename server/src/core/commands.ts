// The extension's command ids that the language server names too (quick fixes that run a command).
export const COMMAND_IDS = {
  applyZone: 'cephFederation.applyZone',
  planZone: 'cephFederation.planZone',
  applyRegion: 'cephFederation.applyRegion',
  createSystemUser: 'cephFederation.createSystemUser',
  compareZoneWithLive: 'cephFederation.compareZoneWithLive',
  showSyncStatus: 'cephFederation.showSyncStatus',
  generateSyncAgentConfigs: 'cephFederation.generateSyncAgentConfigs',
  restoreZoneFromBackup: 'cephFederation.restoreZoneFromBackup',
  storeZoneKeys: 'cephFederation.storeZoneKeys',
} as const;
