/**
 * Backups of old release records: written and read back by the backup step, which records each
 * file's sha256 in the journal; delete and rollback trust only files that still match.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HelmMigrateError } from '../core/errors.js';
import { sameRelease } from './classify.js';
import { sha256 } from './digest.js';
import type { Journal } from './journal.js';
import type { BackupStep, Plan, ReleaseId } from './types.js';

export interface BackedUp {
  name: string;
  resourceVersion: string;
  sha256: string;
}

/** The backup step of a release in the stage that holds `step` (each stage backs up what it changes). */
export function backupStepOf(plan: Plan, release: ReleaseId, step: string): BackupStep | undefined {
  const stage = plan.stages.find((s) => s.steps.some((x) => x.id === step));
  return stage?.steps.find((s): s is BackupStep => s.type === 'backup-release' && sameRelease(s.release, release));
}

/** The finished, intact backup of a release, from the journal and the files it names. */
export function verifiedBackup(plan: Plan, release: ReleaseId, sidecar: string, journal: Journal, inStageOf: string): BackedUp[] {
  const step = backupStepOf(plan, release, inStageOf);
  const saved = step ? (journal.doneDetail(step.id)?.backup as BackedUp[] | undefined) : undefined;
  if (!step || !saved?.length) throw new HelmMigrateError('apply-failed', `release ${release.namespace}/${release.name} has no finished backup`);
  for (const b of saved) {
    const file = join(sidecar, step.dir, `${b.name}.json`);
    if (!existsSync(file) || sha256(readFileSync(file)) !== b.sha256) throw new HelmMigrateError('apply-failed', `the backup ${file} is missing or changed since it was written`);
  }
  return saved;
}

