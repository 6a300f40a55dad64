// The custom requests and notifications between the extension and the language server, declared once and
// imported by both sides.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { Topology, TopologyPool } from './core/topology';

/** What the client tells the server when it starts (`initializationOptions`). */
export interface InitializationOptions {
  /**
   * The client runs the extension's remote commands (cephFederation.applyZone, ...), so the server may offer them as
   * code lenses and quick fixes. Another editor's client, which runs none of them, gets none.
   */
  remoteCommands?: boolean;
}

/** The federation as the tree view shows it, with the problem counts of the last validation. */
export namespace TopologyRequest {
  export const type = new RequestType0<Topology, void>('cephFederation/topology');
}

/** The pool fields of a zone's infile (the topology counts them), read when a view opens them. */
export namespace ZonePoolsRequest {
  export const type = new RequestType<{ zone: string }, TopologyPool[], void>('cephFederation/zonePools');
}

/** Sent after every validation pass, so views re-read the topology instead of polling. */
export namespace TopologyChangedNotification {
  export const type = new NotificationType<{ pass: number }>('cephFederation/topologyChanged');
}

export interface DiagramParams {
  /**
   * `vscode`: colours from the editor theme's CSS variables and each node's file and position, for the webview.
   * Otherwise the standalone picture `ceph-federation diagram` prints.
   */
  theme?: 'vscode';
}

/** The federation diagram as a standalone SVG document, the same picture `ceph-federation diagram` prints. */
export namespace DiagramRequest {
  export const type = new RequestType<DiagramParams, string, void>('cephFederation/diagram');
}
