/**
 * What was reviewed is what runs: a plan carries a sha256 over its own content (every step,
 * pin and argument) and over each values file beside it. `apply` and `rollback` refuse a plan or
 * a values file that changed since `plan` wrote it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HelmMigrateError } from '../core/errors.js';
import type { Plan } from './types.js';

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with keys sorted at every level, so the digest does not depend on key order or YAML layout. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function planDigest(plan: Plan): string {
  const { digest: _, ...metadata } = plan.metadata;
  return `sha256:${sha256(canonical({ ...plan, metadata }))}`;
}

/** Sets the plan's digest (after every values file's sha256 is in its step). */
export function seal(plan: Plan): Plan {
  plan.metadata.digest = planDigest(plan);
  return plan;
}

/** The plan and its values files are exactly what `plan` wrote, or a plan-changed error (exit 5). */
export function assertSealed(plan: Plan, planPath: string, sidecar: string): void {
  if (!plan.metadata.digest || plan.metadata.digest !== planDigest(plan)) {
    throw new HelmMigrateError('plan-changed', `${planPath} changed since helm-migrate wrote it (its digest no longer matches): make a new plan and review that. Nothing was changed.`);
  }
  for (const step of plan.stages.flatMap((s) => s.steps)) {
    const sealed = step.type === 'helm-upgrade-install' ? step.values : step.type === 'apply-crds' ? step.manifest : undefined;
    if (!sealed) continue;
    const file = join(sidecar, sealed.file);
    if (!existsSync(file)) throw new HelmMigrateError('plan-invalid', `file ${file} is missing from the plan's folder`);
    if (sha256(readFileSync(file)) !== sealed.sha256) {
      throw new HelmMigrateError('plan-changed', `${file} changed since the plan was written (sha256 mismatch): make a new plan. Nothing was changed.`);
    }
  }
}
