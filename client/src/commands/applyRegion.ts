import type { FederationNode } from '../federationTree';
import { backupDir, confirmPlan, createSession, loadCheckedFederation, runPlan, type CommandDeps } from './context';
import { pickRegion } from './pick';

/** Apply Region / Zonegroup: zonegroup set + period commit (modern), or the region commands (legacy). */
export async function applyRegion(deps: CommandDeps, node?: FederationNode | string): Promise<void> {
  const fed = await loadCheckedFederation(deps);
  const region = await pickRegion(fed, node);
  if (!region) return;
  const session = createSession(deps);
  try {
    const plan = await session.planRegion(fed, region, { backupDir: backupDir() });
    if (await confirmPlan(deps, plan, 'Apply')) await runPlan(deps, session, plan);
  } finally {
    session.close();
  }
}
