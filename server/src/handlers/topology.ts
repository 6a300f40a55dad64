import type { Connection } from 'vscode-languageserver/node';
import { buildTopology, zonePools, type Topology } from '../core/topology';
import type { Diagnostic } from '../core/types';
import type { FederationWorkspace } from '../core/workspace';
import { TopologyChangedNotification, TopologyRequest, ZonePoolsRequest } from '../protocol';
import { runSafe } from './runSafe';

const emptyTopology: Topology = { regions: [], unlistedZones: [], orphanInstances: [], syncPairs: [] };

/** Serves the topology and tells the client when it changed; `published` is called after each validation pass. */
export function registerTopologyHandler(connection: Connection, workspace: FederationWorkspace): { published(diagnostics: Map<string, Diagnostic[]>): void } {
  let diagnostics: Diagnostic[] = [];
  let pass = 0;
  connection.onRequest(TopologyRequest.type, (token) =>
    runSafe(connection, 'topology', () => buildTopology(workspace.federation, diagnostics), emptyTopology, token),
  );
  connection.onRequest(ZonePoolsRequest.type, (params, token) => runSafe(connection, 'zone pools', () => zonePools(workspace.federation, params.zone), [], token));
  return {
    published(byUri) {
      diagnostics = [...byUri.values()].flat();
      void connection.sendNotification(TopologyChangedNotification.type, { pass: ++pass });
    },
  };
}
