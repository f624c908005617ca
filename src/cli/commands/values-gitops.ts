/**
 * `helm-migrate values` on Flux HelmRelease, Argo CD Application and kustomize manifests: the
 * migration itself is src/values/gitops-migrate.ts; this file writes its report.
 */
import type { GitOpsMigration } from '../../values/gitops-migrate.js';
import { ExitCode } from '../exit-codes.js';
import type { CommandIO } from '../io.js';
import { renderValuesReport } from '../render-values-report.js';
import { buildValuesReport } from '../values-report.js';
import type { ValuesOptions } from './values.js';

/** The GitOps report (docs/schemas/gitops-report.v1.json). */
export function gitOpsReport(r: GitOpsMigration) {
  return { schemaVersion: 1, kind: 'gitops-migration', changed: r.changed, manifests: r.results.map((x) => buildValuesReport(x)), runbook: r.runbook, notes: r.notes };
}

export function reportGitOps(r: GitOpsMigration, io: CommandIO, opts: ValuesOptions): number {
  if (opts.json) io.stdout.write(`${JSON.stringify(gitOpsReport(r), null, 2)}\n`);
  else if (opts.report === 'json') io.stderr.write(`${JSON.stringify(gitOpsReport(r), null, 2)}\n`);
  else if (!opts.quiet) {
    for (const rep of r.results) io.log.raw(renderValuesReport(buildValuesReport(rep), io.log.color));
    for (const n of r.notes) io.log.warn(n);
    if (r.runbook.length) io.log.raw(`cluster-side steps the GitOps controller cannot do:\n${r.runbook.map((l) => `  ${l}`).join('\n')}\n`);
  }
  return opts.check && r.changed ? ExitCode.needsMigration : ExitCode.ok;
}
