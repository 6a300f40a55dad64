import type { FederationNode } from '../federationTree';
import { backupDir, confirmPlan, createSession, loadCheckedFederation, runPlan, type CommandDeps } from './context';
import { pickZone } from './pick';

/** Apply Zone: zone set on every instance that must know the zone, then the map update, after a confirmed plan. */
export async function applyZone(deps: CommandDeps, node?: FederationNode | string): Promise<void> {
  const fed = await loadCheckedFederation(deps);
  const zone = await pickZone(fed, node);
  if (!zone) return;
  const session = createSession(deps);
  try {
    const plan = await session.planZone(fed, zone, { backupDir: backupDir() });
    if (await confirmPlan(deps, plan, 'Apply')) await runPlan(deps, session, plan);
  } finally {
    session.close();
  }
}
