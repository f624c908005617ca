import type { ErrorCode } from '../core/errors.js';

/**
 * Exit codes, stable for scripts and CI (documented in the README):
 *   0  success (for --check: nothing left to migrate)
 *   1  the input cannot be migrated or an operation failed; nothing was written or changed
 *   2  usage error (unknown flag, missing argument, conflicting options)
 *   3  --check: the file still needs migration
 *   4  the cluster cannot be reached, or access was denied
 *   5  a saved plan is stale, changed since it was written, in use, or for another cluster; nothing was changed
 *   6  apply stopped part-way; resume with `apply --resume` or undo with `rollback`
 *   7  --verify: a customization is not in force on the migrated render, or the migrated render does
 *      something the old one did not and the migration does not say so (the files were written)
 *  70  internal error (a bug: please report it)
 * 130  interrupted (Ctrl-C); nothing further was changed
 */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  needsMigration: 3,
  cluster: 4,
  stalePlan: 5,
  partialApply: 6,
  verifyFoundLosses: 7,
  internal: 70,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeFor(code: ErrorCode): ExitCodeValue {
  switch (code) {
    case 'usage':
    case 'not-a-terminal':
      return ExitCode.usage;
    case 'cluster-unreachable':
    case 'access-denied':
    case 'kube-api':
      return ExitCode.cluster;
    case 'plan-stale':
    case 'plan-changed':
    case 'plan-locked':
    case 'plan-context-mismatch':
      return ExitCode.stalePlan;
    case 'apply-failed':
      return ExitCode.partialApply;
    case 'aborted':
      return ExitCode.interrupted;
    case 'internal':
      return ExitCode.internal;
    default:
      return ExitCode.failed;
  }
}
