import type { ApplyReport, Plan } from '../remote';
import type { FederationNode } from '../federationTree';
import { backupDir, confirmPlan, createSession, loadCheckedFederation, runPlan, showText, type CommandDeps } from './context';
import { formatPlan } from '../remote';
import { pickZone } from './pick';

export interface ApplyResult {
  plan?: Plan;
  report?: ApplyReport;
}

/** Apply Zone: zone set on every instance that must know the zone, then the map update, after a confirmed plan. */
export async function applyZone(deps: CommandDeps, node?: FederationNode | string, options: { planOnly?: boolean } = {}): Promise<ApplyResult> {
  const fed = await loadCheckedFederation(deps);
  const zone = await pickZone(fed, node);
  if (!zone) return {};
  const session = createSession(deps);
  try {
    const plan = await session.planZone(fed, zone, { backupDir: backupDir() });
    if (options.planOnly) {
      await showText(deps, `plan-zone-${zone}.txt`, formatPlan(plan));
      return { plan };
    }
    if (!(await confirmPlan(deps, plan, 'Apply'))) return { plan };
    return { plan, report: await runPlan(deps, session, plan) };
  } finally {
    session.close();
  }
}

/** Show Apply Zone Plan: the same plan, shown and returned, with nothing applied. */
export function planZone(deps: CommandDeps, node?: FederationNode | string): Promise<ApplyResult> {
  return applyZone(deps, node, { planOnly: true });
}
