/** `helm-migrate apply plan.yaml` and `helm-migrate rollback plan.yaml`. */
import { HelmMigrateError } from '../../core/errors.js';
import { registry } from '../packs.js';
import { Journal } from '../../plan/journal.js';
import { readPlan } from '../../plan/plan-file.js';
import type { Plan } from '../../plan/types.js';
import { ExitCode } from '../exit-codes.js';
import { isPromptInterrupt } from '../interrupt.js';
import type { CommandIO } from '../io.js';
import { connect, type ClusterOptions } from './cluster-options.js';
import { summarizePlan } from './plan.js';

export interface ApplyOptions extends ClusterOptions {
  plan: string;
  yes?: boolean;
  resume?: boolean;
  format?: 'text' | 'json';
  /** Test hook (HELM_MIGRATE_STOP_AFTER): stop after this step, as if killed. */
  stopAfter?: string;
}

/**
 * How helm stores releases is the plan's, not the environment's: a plan made with configmap
 * storage applied from a shell without HELM_DRIVER would write the new releases as Secrets.
 */
function planEnv(plan: Plan, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, HELM_DRIVER: plan.cluster.helmDriver };
}

async function confirm(message: string, io: CommandIO, yes?: boolean): Promise<void> {
  if (yes) return;
  if (!io.stdin?.isTTY) {
    throw new HelmMigrateError('not-a-terminal', `${message.split('?')[0]}: no terminal to confirm on; pass --yes to proceed without asking`);
  }
  const { confirm: ask } = await import('@inquirer/prompts');
  let ok: boolean;
  try {
    ok = await ask({ message, default: false }, { output: process.stderr });
  } catch (err) {
    // Only the user ending the prompt is an interruption; anything else keeps its own error.
    if (isPromptInterrupt(err)) throw new HelmMigrateError('aborted', 'interrupted; nothing was changed');
    throw err;
  }
  if (!ok) throw new HelmMigrateError('aborted', 'not confirmed; nothing was changed');
}

export async function runApply(opts: ApplyOptions, io: CommandIO): Promise<number> {
  const { plan, sidecar } = readPlan(opts.plan);
  const journal = new Journal(sidecar);
  if (!journal.isEmpty() && !opts.resume) {
    throw new HelmMigrateError('usage', journal.finished() ? 'this plan was already applied' : 'this plan was partly applied: continue with --resume, or undo with rollback');
  }
  if (journal.finished()) {
    io.log.info('the plan was already applied: nothing to do');
    return ExitCode.ok;
  }
  const pack = registry.byName(plan.pack);
  if (!pack) throw new HelmMigrateError('plan-invalid', `the plan is for pack ${plan.pack}, which this helm-migrate does not know`);
  const { kube, helm } = await connect({ ...opts, kubeContext: opts.kubeContext ?? plan.cluster.context }, planEnv(plan, io.env));
  const { applyPlan, assertFresh } = await import('../../plan/apply.js');
  await assertFresh(plan, kube, helm, journal);
  if (plan.preflight.blocked.length) throw new HelmMigrateError('preflight-blocked', `the plan has ${plan.preflight.blocked.length} blocking problem(s); fix them and make a new plan`);
  for (const l of summarizePlan(plan)) io.log.info(l);
  await confirm(`Apply ${plan.stages.flatMap((s) => s.steps).length} steps to ${plan.cluster.context}?`, io, opts.yes);
  const result = await applyPlan(plan, sidecar, {
    kube,
    helm,
    pack,
    progress: (line) => io.log.info(line),
    stopAfter: opts.stopAfter,
  });
  if (opts.format === 'json') io.stdout.write(`${JSON.stringify({ schemaVersion: 1, kind: 'apply-result', ...result, finished: new Journal(sidecar).finished() }, null, 2)}\n`);
  io.log.info(new Journal(sidecar).finished() ? `applied: ${result.ran.length} steps run, ${result.skipped.length} already done` : `stopped after ${result.ran.at(-1)}: resume with --resume`);
  for (const f of plan.followUps) io.log.info(`follow-up: ${f}`);
  return ExitCode.ok;
}

export async function runRollback(opts: ApplyOptions, io: CommandIO): Promise<number> {
  const { plan, sidecar } = readPlan(opts.plan);
  const { kube, helm } = await connect({ ...opts, kubeContext: opts.kubeContext ?? plan.cluster.context }, planEnv(plan, io.env));
  const { assertSameCluster } = await import('../../plan/same-cluster.js');
  await assertSameCluster(plan, kube, helm);
  await confirm(`Roll back what was applied from ${opts.plan} on ${plan.cluster.context}?`, io, opts.yes);
  const { rollbackPlan } = await import('../../plan/rollback.js');
  const r = await rollbackPlan(plan, sidecar, { kube, helm, progress: (l) => io.log.info(l) });
  io.log.info(`rolled back: ${r.rolledBack.length} release(s) rolled back in place, ${r.restored.length} release record(s) restored, ${r.reverted} object(s) handed back`);
  return ExitCode.ok;
}
