// Plans and reports as text, for the CLI and the extension's output channel alike. Everything here is masked.
import type { ApplyReport, Comparison, Plan } from './session';

export function formatPlan(plan: Plan): string {
  const lines: string[] = [];
  lines.push(`plan: ${plan.kind} ${plan.target}`);
  for (const r of plan.remotes) lines.push(`remote ${r.host}: ${r.dialect === 'legacy' ? 'legacy (region/regionmap)' : `realm/period${r.realm ? ` (realm ${r.realm})` : ''}`}`);
  lines.push('hosts:');
  for (const h of plan.hosts) lines.push(`  ${h.host} -> ${h.destination}${h.instances.length ? ` [${h.instances.join(', ')}]` : ''}`);
  lines.push('steps:');
  for (const s of plan.steps) {
    lines.push(`  ${String(s.n).padStart(2)}. [${s.phase}] ${s.host}: ${s.description}`);
    if (s.command) lines.push(`        $ ${s.command}`);
  }
  lines.push('backups:');
  for (const b of plan.backups) lines.push(`  ${b}`);
  if (!plan.backups.length) lines.push('  (none: nothing is overwritten)');
  if (plan.notes.length) {
    lines.push('notes:');
    for (const n of plan.notes) lines.push(`  - ${n}`);
  }
  return lines.join('\n');
}

export function formatComparison(c: Comparison): string {
  const head = `${c.kind} ${c.name} on ${c.host} (${c.instance}): `;
  if (c.absent) return head + 'absent on the remote';
  if (!c.diff.length) return head + 'same as the infile';
  return [head + `${c.diff.length} difference${c.diff.length === 1 ? '' : 's'}`, ...c.lines.map((l) => `  ${l}`)].join('\n');
}

export function formatReport(r: ApplyReport): string {
  return r.summary;
}
