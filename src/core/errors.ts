/**
 * The one error type helm-migrate throws on purpose. Adapters wrap library errors into it, the
 * CLI's error boundary (src/cli/main.ts) maps `code` to an exit code, and tests assert codes,
 * never message text.
 */
export type ErrorCode =
  // the user's command line
  | 'usage'
  // the input: files, YAML, charts and versions
  | 'file-not-found'
  | 'file-unreadable'
  | 'binary-input'
  | 'input-too-large'
  | 'yaml-syntax'
  | 'yaml-not-mapping'
  | 'yaml-multiple-documents'
  | 'yaml-alias-bomb'
  | 'unknown-pack'
  | 'unknown-chart'
  | 'unknown-version'
  | 'ambiguous-version'
  | 'downgrade'
  | 'wrong-chart'
  | 'chart-not-at-version'
  | 'output-exists'
  | 'write-failed'
  // the cluster and helm
  | 'cluster-unreachable'
  | 'access-denied'
  | 'release-not-found'
  | 'not-a-known-chart'
  | 'target-chart-not-found'
  | 'helm-failed'
  | 'record-unreadable'
  | 'kube-api'
  | 'preflight-blocked'
  // saved plans
  | 'plan-invalid'
  | 'plan-stale'
  | 'plan-context-mismatch'
  | 'apply-failed'
  | 'nothing-to-resume'
  | 'rollback-impossible'
  | 'backup-corrupt'
  | 'plan-changed'
  | 'plan-locked'
  | 'not-a-terminal'
  | 'aborted'
  // a bug: something the code did not expect
  | 'internal';

/** Marks the errors of every copy of this module (see HelmMigrateError's instanceof). */
const brand = Symbol.for('helm-migrate.error');

export class HelmMigrateError extends Error {
  /**
   * instanceof asks for the mark, not this very class: the CLI's front (dist/main.cjs) and its
   * commands (dist/engine.cjs) are bundled apart, each with a copy of this module, and the
   * front's error boundary must know the commands' errors. No class extends this one.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && brand in value;
  }

  readonly code: ErrorCode;
  /** Extra, structured facts for machine output (never secret values). */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HelmMigrateError';
    this.code = code;
    this.details = options.details;
    Object.defineProperty(this, brand, { value: true });
  }
}

export function isHelmMigrateError(err: unknown, code?: ErrorCode): err is HelmMigrateError {
  return err instanceof HelmMigrateError && (code === undefined || err.code === code);
}
