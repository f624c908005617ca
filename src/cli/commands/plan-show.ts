/**
 * `helm-migrate plan --show plan.yaml`: exactly what `apply` would run, step by step with the
 * command each step stands for, after the same checks apply makes (schema, digest, values files).
 * Reads no cluster.
 */
import { readPlan } from '../../plan/plan-file.js';
import { Journal } from '../../plan/journal.js';
import { ExitCode } from '../exit-codes.js';
import type { CommandIO } from '../io.js';

export function showPlan(planPath: string, io: CommandIO): number {
  const { plan, sidecar } = readPlan(planPath);
  const journal = new Journal(sidecar);
  const lines = [`# ${plan.pack} ${plan.from} → ${plan.to} on ${plan.cluster.context} (${plan.cluster.server}), helm storage: ${plan.cluster.helmDriver}`, `# ${plan.metadata.digest}`];
  let n = 0;
  for (const stage of plan.stages) {
    lines.push('', `## stage ${stage.from} → ${stage.to}: ${stage.summary}`);
    for (const step of stage.steps) {
      const state = journal.isDone(step.id) ? ' (done)' : journal.wasStarted(step.id) ? ' (started, not finished)' : '';
      lines.push(`[${++n}] ${step.id}${state}: ${step.description}`, ...step.command.split('\n').map((l) => `    ${l}`));
    }
  }
  if (plan.preflight.blocked.length) lines.push('', `# BLOCKED: apply refuses this plan (${plan.preflight.blocked.length} problem(s))`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return ExitCode.ok;
}
