/** Running a process and collecting its output, without blocking the event loop. */
import { spawn } from 'node:child_process';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a process without blocking the event loop: the API server lives in this process, and a
 * synchronous spawn would starve it (clients then see TLS handshake timeouts).
 */
export function run(bin: string, args: string[], env: NodeJS.ProcessEnv, input?: string, killAfterMs = 120_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    // Decoded as streams, so a character split across two chunks is not garbled.
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    // A hang ends the test; it never passes as an exit code (a killed helm is no `.not.toBe(0)`).
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, killAfterMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${bin} could not run: ${String(err)}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killed) reject(new Error(`${bin} ${args.join(' ')} still running after ${killAfterMs} ms: killed by the test harness\n${stderr.slice(-2000)}`));
      else if (code === null) reject(new Error(`${bin} ${args.join(' ')} ended by ${signal}\n${stderr.slice(-2000)}`));
      else resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** Resolves once `check` holds, checked now and whenever something in `dir` changes (fs.watch): a wait on state, not on time. */
export async function untilFile(dir: string, what: string, check: () => boolean, ms = 120_000): Promise<void> {
  const { watch } = await import('node:fs');
  if (check()) return;
  await new Promise<void>((resolve, reject) => {
    const w = watch(dir, () => {
      if (!check()) return;
      clearTimeout(timer);
      w.close();
      resolve();
    });
    const timer = setTimeout(() => {
      w.close();
      reject(new Error(`never happened: ${what}`));
    }, ms);
    // A change between the first check and the watch starting is not missed.
    if (check()) {
      clearTimeout(timer);
      w.close();
      resolve();
    }
  });
}
