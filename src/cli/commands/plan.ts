/** `helm-migrate plan`: read live releases and write a reviewable plan. Changes nothing. */
import { HelmMigrateError } from '../../core/errors.js';
import { buildPlan } from '../../plan/build.js';
import { renderPlan, sidecarDir, writePlan, type PlanWrite } from '../../plan/plan-file.js';
import type { Plan } from '../../plan/types.js';
import { ExitCode } from '../exit-codes.js';
import type { CommandIO } from '../io.js';
import { VERSION } from '../version.js';
import { registry } from '../packs.js';
import { connect, type ClusterOptions } from './cluster-options.js';

export interface PlanOptions extends ClusterOptions {
  release?: string;
  namespace?: string;
  allNamespaces?: boolean;
  to?: string;
  output?: string;
  chartsDir?: string;
  format?: 'text' | 'json';
}

export function summarizePlan(plan: Plan): string[] {
  const lines = [`plan: ${plan.pack} ${plan.from} → ${plan.to} on ${plan.cluster.context} (${plan.cluster.server})`];
  for (const s of plan.stages) {
    lines.push(`  stage ${s.from} → ${s.to}: ${s.steps.length} steps`);
    for (const st of s.steps) lines.push(`    ${st.id}: ${st.description}`);
  }
  const counts = new Map<string, number>();
  for (const o of plan.preflight.objects) counts.set(o.class, (counts.get(o.class) ?? 0) + 1);
  lines.push(`  preflight: ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ') || 'no objects'}`);
  for (const n of plan.preflight.notes) lines.push(`  note: ${n}`);
  for (const b of plan.preflight.blocked) lines.push(`  BLOCKED (${b.stage}): ${b.message}${b.hint ? ` — ${b.hint}` : ''}`);
  for (const f of plan.followUps) lines.push(`  follow-up: ${f}`);
  return lines;
}

export async function runPlan(opts: PlanOptions, io: CommandIO): Promise<number> {
  if (!opts.to) throw new HelmMigrateError('usage', '--to is required (e.g. --to 2.12 or --to latest)');
  if (!opts.allNamespaces && !opts.release) throw new HelmMigrateError('usage', 'name the release with --release NAME (and -n NAMESPACE), or use --all-namespaces');
  const { kube, helm, driver } = await connect(opts, io.env);
  const built = await buildPlan(
    {
      release: opts.release,
      namespace: opts.namespace ?? io.env.HELM_NAMESPACE ?? 'default',
      allNamespaces: opts.allNamespaces,
      to: opts.to,
      chartsDir: opts.chartsDir,
      driver,
      tool: `helm-migrate ${VERSION}`,
    },
    { kube, helm, packs: registry },
  );
  io.log.addSecrets(built.secrets);
  const { plan } = built;
  if (opts.output && opts.output !== '-') {
    reportPlanWrite(writePlan(opts.output, plan, built.valuesFiles, built.secrets), io);
    if (opts.format === 'json') io.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    for (const l of summarizePlan(plan)) io.log.info(l);
    io.log.info(`wrote ${opts.output} (values files and journal go in ${sidecarDir(opts.output)})`);
  } else {
    io.stdout.write(opts.format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan));
    for (const l of summarizePlan(plan)) io.log.info(l);
    io.log.info('review only: save the plan with -o plan.yaml to apply it');
  }
  if (plan.preflight.blocked.length) {
    io.log.error(`${plan.preflight.blocked.length} blocking problem(s): apply will refuse this plan`);
    return ExitCode.failed;
  }
  return ExitCode.ok;
}

/** What writing the plan did to folders already there: said, since the user may look for them. */
export function reportPlanWrite(w: PlanWrite, io: CommandIO): void {
  if (w.setAside) io.log.info(`the earlier plan at this path had ended: its folder (journal, backups) and a copy of it were moved to ${w.setAside}`);
  if (w.tightened.length) io.log.warn(`the plan's folder was open to other users: made private (folders 0700, files 0600): ${w.tightened.join(', ')}`);
}
