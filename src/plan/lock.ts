/**
 * One process at a time per plan: apply and rollback hold `plan.yaml.d/lock` while they run. A
 * lock left by a process that is gone (killed) on this host is taken over; one held elsewhere, or
 * by a live process, stops the second command before it changes anything.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { HelmMigrateError } from '../core/errors.js';

export interface Lock {
  release(): void;
}

/**
 * Whether a process of this host is still running (EPERM: it is, as another user). A zombie
 * (killed, not yet reaped: common in containers whose init does not reap) is not.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ...": the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // No /proc (not Linux): signal 0 is all there is.
  }
}

/** Runs `fn` holding the plan's lock, released however `fn` ends. */
export async function withLock<T>(sidecar: string, what: string, fn: () => Promise<T>): Promise<T> {
  const lock = acquireLock(sidecar, what);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

export function acquireLock(sidecar: string, what: string): Lock {
  const path = join(sidecar, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), what, at: new Date().toISOString() }));
      closeSync(fd);
      return { release: () => unlinkSync(path) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let held: { pid?: number; host?: string; what?: string; at?: string } = {};
      try {
        held = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        // Written by a process killed between create and write: nobody holds it.
      }
      const stale = !held.pid || (held.host === hostname() && !alive(held.pid));
      if (!stale) {
        throw new HelmMigrateError('plan-locked', `the plan is in use by ${held.what ?? 'another helm-migrate'} (pid ${held.pid} on ${held.host}, since ${held.at}); wait for it to finish, or remove ${path} if that process is gone. Nothing was changed.`);
      }
      unlinkSync(path);
    }
  }
  throw new HelmMigrateError('plan-locked', `cannot take the lock ${path}`);
}
