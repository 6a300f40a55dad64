// Serves the federation diagram as SVG, drawn from the topology and the diagnostics of the last validation pass.
import type { Connection } from 'vscode-languageserver/node';
import { diagramSvg } from '../core/diagram';
import { buildTopology } from '../core/topology';
import type { Diagnostic } from '../core/types';
import type { FederationWorkspace } from '../core/workspace';
import { DiagramRequest } from '../protocol';
import { runSafe } from './runSafe';

const SETTLE_POLL_MS = 25;
const SETTLE_LIMIT_MS = 2000;

/**
 * Computing diagnostics while an edit awaits validation would take those changes from the server's publishing
 * pass, so the diagram waits for the pass; if edits keep coming, it draws without problem counts this time.
 */
async function settledDiagnostics(workspace: FederationWorkspace): Promise<Diagnostic[]> {
  for (let waited = 0; workspace.pending && waited < SETTLE_LIMIT_MS; waited += SETTLE_POLL_MS) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
  }
  if (workspace.pending) return [];
  return [...(await workspace.diagnostics()).values()].flat();
}

export function registerDiagramHandler(connection: Connection, workspace: FederationWorkspace): void {
  // Views ask again after every validation pass; most passes leave the picture as it was, and layout is the cost.
  const last = new Map<string, { key: string; svg: string }>();
  connection.onRequest(DiagramRequest.type, (params, token) =>
    runSafe(connection, 'diagram', async () => {
      const theme = params?.theme === 'vscode' ? 'vscode' : 'neutral';
      const topology = buildTopology(workspace.federation, await settledDiagnostics(workspace));
      const key = JSON.stringify(topology);
      const cached = last.get(theme);
      if (cached?.key === key) return cached.svg;
      // The webview's nodes carry their file for click-to-open; the standalone picture, like the CLI's, does not.
      const svg = await diagramSvg(topology, { theme, places: theme === 'vscode' });
      last.set(theme, { key, svg });
      return svg;
    }, '', token),
  );
}
