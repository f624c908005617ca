/**
 * Retries for API calls that are safe to repeat: conflicts (someone else wrote in between), server
 * errors and an unreachable server, with exponential backoff. Denied access and bad requests are
 * not retried: repeating them cannot help.
 */
import { HelmMigrateError } from './errors.js';

function retryable(err: unknown): boolean {
  if (!(err instanceof HelmMigrateError)) return false;
  if (err.code === 'cluster-unreachable') return true;
  const status = (err.details as { status?: number } | undefined)?.status;
  return err.code === 'kube-api' && (status === undefined || status === 409 || status === 429 || status >= 500);
}

export async function withRetry<T>(fn: () => Promise<T>, opts: { attempts?: number; baseMs?: number } = {}): Promise<T> {
  const attempts = opts.attempts ?? 5;
  let delay = opts.baseMs ?? Number(process.env.HELM_MIGRATE_RETRY_BASE_MS ?? 200);
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !retryable(err)) throw err;
      await new Promise((r) => setTimeout(r, delay));
      delay *= 2;
    }
  }
}
