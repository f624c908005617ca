/**
 * Retries with exponential backoff. By default, for API calls that are safe to repeat:
 * conflicts (someone else wrote in between), server errors and an unreachable server. Denied
 * access and bad requests are not retried: repeating them cannot help. A caller with its own
 * idea of a transient failure (a whole helm command) passes it, with its own pace.
 */
import { HelmMigrateError } from './errors.js';

function retryableApiError(err: unknown): boolean {
  if (!(err instanceof HelmMigrateError)) return false;
  if (err.code === 'cluster-unreachable') return true;
  const status = (err.details as { status?: number } | undefined)?.status;
  return err.code === 'kube-api' && (status === undefined || status === 409 || status === 429 || status >= 500);
}

export interface RetryOptions {
  /** Tries in all, the first included (default 5). */
  attempts?: number;
  /** The first wait (default HELM_MIGRATE_RETRY_BASE_MS, else 200 ms); each next one `factor` times longer (default 2). */
  baseMs?: number;
  factor?: number;
  retryable?: (err: unknown) => boolean;
  /** Told before each wait, with the attempt about to be made. */
  onRetry?: (err: unknown, attempt: number, attempts: number) => void;
}

export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 5;
  const retryable = opts.retryable ?? retryableApiError;
  let delay = opts.baseMs ?? Number(process.env.HELM_MIGRATE_RETRY_BASE_MS ?? 200);
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !retryable(err)) throw err;
      opts.onRetry?.(err, i + 1, attempts);
      await new Promise((r) => setTimeout(r, delay));
      delay *= opts.factor ?? 2;
    }
  }
}
