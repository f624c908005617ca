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
export function run(bin: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // Decoded as streams, so a character split across two chunks is not garbled.
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: stderr + String(err) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
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
