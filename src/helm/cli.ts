/**
 * The helm command-line adapter: the only importer of execa for helm. Runs `HELM_BIN` when set
 * (Helm sets it for plugins), else `helm` from PATH, with the same kubeconfig and context as the
 * rest of helm-migrate, and turns failures into HelmMigrateErrors.
 */
import { execa } from 'execa';
import { HelmMigrateError } from '../core/errors.js';

export interface HelmOptions {
  env: NodeJS.ProcessEnv;
  kubeconfig?: string;
  context?: string;
}

export interface Helm {
  bin: string;
  /** The flags that point helm at the cluster helm-migrate uses. */
  clusterFlags: string[];
  /** `onSpawn` learns helm's pid as soon as it starts (the journal keeps it for recovery). */
  run(args: string[], opts?: { cluster?: boolean; onSpawn?(pid: number): void }): Promise<string>;
  /** `helm version --short` without the build suffix, e.g. v3.18.4 (asked once). */
  version(): Promise<string>;
}

/**
 * Helm's error as one line. Template errors span several (`Error: file:line:col`, then the
 * include chain, then the cause): the location and the innermost cause are what say what is wrong.
 */
export function errorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const at = lines.findIndex((l) => l.startsWith('Error:'));
  const first = (at >= 0 ? lines[at] : lines[lines.length - 1] ?? 'helm failed').replace(/^Error:\s*/, '');
  if (at < 0 || !/^[\w./-]+:\d+:\d+$/.test(first)) return first;
  const cause = lines.slice(at + 1).filter((l) => !/^Use --debug/.test(l)).pop();
  return cause ? `${first}: ${cause}` : first;
}

/**
 * A helm failure worth running the same command again for: the API server was briefly
 * unavailable, overloaded, or lost a race. Helm leaves at worst a failed or pending record,
 * which the helm step clears before trying again.
 */
export function transientHelmFailure(err: unknown): boolean {
  if (!(err instanceof HelmMigrateError)) return false;
  if (err.code === 'cluster-unreachable') return true;
  return err.code === 'helm-failed' && /etcdserver|connection reset|unexpected EOF|\bEOF\b|TLS handshake timeout|i\/o timeout|http2: client connection lost|the server is currently unable|Internal error occurred|too many requests|the object has been modified|server_error|\b(500|502|503|504)\b/i.test(err.message);
}

function classify(stderr: string, args: string[]): HelmMigrateError {
  const msg = `helm ${args[0]}: ${errorLine(stderr)}`;
  if (/Kubernetes cluster unreachable|connection refused|no such host|i\/o timeout/i.test(stderr)) return new HelmMigrateError('cluster-unreachable', msg);
  if (/forbidden|Unauthorized/i.test(stderr)) return new HelmMigrateError('access-denied', msg);
  if (/failed to download|path .* not found|no such file or directory|not a valid chart|repo .* not found/i.test(stderr)) return new HelmMigrateError('target-chart-not-found', msg);
  return new HelmMigrateError('helm-failed', msg);
}

export function helmAdapter(opts: HelmOptions): Helm {
  const bin = opts.env.HELM_BIN || 'helm';
  const clusterFlags = [...(opts.kubeconfig ? ['--kubeconfig', opts.kubeconfig] : []), ...(opts.context ? ['--kube-context', opts.context] : [])];
  let version: Promise<string> | undefined;
  const helm: Helm = {
    bin,
    clusterFlags,
    version() {
      version ??= helm.run(['version', '--short'], { cluster: false }).then((out) => out.trim().replace(/\+.*$/, ''));
      return version;
    },
    async run(args, o = {}) {
      const full = [...args, ...(o.cluster === false ? [] : clusterFlags)];
      let r;
      try {
        const child = execa(bin, full, { env: opts.env, reject: false, stripFinalNewline: false, timeout: 15 * 60_000 });
        if (child.pid !== undefined) o.onSpawn?.(child.pid);
        r = await child;
      } catch (err) {
        throw new HelmMigrateError('helm-failed', `cannot run ${bin}: ${(err as Error).message}`, { cause: err });
      }
      if ((r as { code?: string }).code === 'ENOENT' || /ENOENT/.test(String(r.stderr ?? '')) && r.exitCode === undefined) {
        throw new HelmMigrateError('helm-failed', `helm not found: set HELM_BIN or put helm on PATH`);
      }
      if (r.exitCode !== 0) throw classify(String(r.stderr ?? ''), args);
      return String(r.stdout ?? '');
    },
  };
  return helm;
}
