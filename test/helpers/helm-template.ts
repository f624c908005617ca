/**
 * Every `helm template` the suite runs goes through here, and its output is cached by content:
 * the helm binary, every file of the chart, the values text, the release, the namespace and the
 * other flags (a `--set-file` by its file's content). A render is a pure function of those, so a
 * second run with unchanged charts renders nothing, and one run never renders a thing twice.
 *
 * The cache lives in node_modules/.cache (git ignores it; a fresh clone starts cold). Entries are
 * written to a temporary name and renamed, so concurrent test processes never read half a file;
 * two processes rendering the same thing at once both write the same bytes.
 *
 * `fresh` renders again without reading or writing the cache: charts that generate certificates
 * or random names are rendered twice on purpose, to find the fields that change by themselves.
 * HELM_MIGRATE_RENDER_CACHE=off turns the disk cache off (a run that must see helm itself).
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { helm4 } from './binaries.js';
import { run } from './run.js';
import { repoRoot, sharedDir } from './shared.js';

export interface TemplateRequest {
  chart: string;
  values: string;
  release: string;
  namespace: string;
  /** Further flags (`--set`, `--set-file`, `--api-versions`, …). */
  args?: string[];
  helm?: string;
  /** Render again, neither reading nor writing the cache. */
  fresh?: boolean;
}

export interface TemplateResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const renderCacheDir = join(repoRoot, 'node_modules', '.cache', 'helm-migrate-renders');
const diskCache = process.env.HELM_MIGRATE_RENDER_CACHE !== 'off';

const digests = new Map<string, string>();

/** A file's or a folder's content digest; charts under ../shared never change during a run, so theirs are kept. */
function digestOf(path: string): string {
  const abs = resolve(path);
  const keep = abs.startsWith(resolve(sharedDir));
  const have = keep ? digests.get(abs) : undefined;
  if (have) return have;
  const h = createHash('sha256');
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) walk(join(p, name));
    } else {
      h.update(`${relative(abs, p)}\0${st.size}\0`);
      h.update(readFileSync(p));
    }
  };
  walk(abs);
  const d = h.digest('hex');
  if (keep) digests.set(abs, d);
  return d;
}

/** The binary by path, size and modification time: re-extracted binaries get new entries. */
function binaryId(bin: string): string {
  const st = statSync(bin);
  return `${resolve(bin)}\0${st.size}\0${st.mtimeMs}`;
}

/** Flags naming files stand for their content. */
function argsKey(args: string[]): string[] {
  return args.map((a, i) => (args[i - 1] === '--set-file' ? a.replace(/=(.*)$/, (_, f: string) => `=${digestOf(f)}`) : a));
}

function keyOf(req: TemplateRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([binaryId(req.helm ?? helm4), digestOf(req.chart), req.release, req.namespace, req.values, argsKey(req.args ?? [])]))
    .digest('hex');
}

function entryPath(key: string): string {
  return join(renderCacheDir, key.slice(0, 2), `${key}.json.gz`);
}

function readEntry(key: string): TemplateResult | undefined {
  if (!diskCache) return undefined;
  try {
    return JSON.parse(gunzipSync(readFileSync(entryPath(key))).toString('utf8')) as TemplateResult;
  } catch {
    return undefined; // absent, or unreadable: render again
  }
}

function writeEntry(key: string, r: TemplateResult): void {
  if (!diskCache) return;
  const file = entryPath(key);
  mkdirSync(join(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, gzipSync(JSON.stringify(r), { level: 1 }));
  renameSync(tmp, file);
}

/** helm's own homes in a throwaway folder, and the values in a file there. */
function withScratch<T>(req: TemplateRequest, fn: (bin: string, args: string[], env: NodeJS.ProcessEnv) => T, cleanup: (dir: string, out: T) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'hm-template-'));
  const file = join(dir, 'values.yaml');
  writeFileSync(file, req.values);
  const args = ['template', req.release, req.chart, '--namespace', req.namespace, '-f', file, ...(req.args ?? [])];
  const env = { ...process.env, HELM_CACHE_HOME: dir, HELM_CONFIG_HOME: dir, HELM_DATA_HOME: dir };
  return cleanup(dir, fn(req.helm ?? helm4, args, env));
}

const inFlight = new Map<string, Promise<TemplateResult>>();
let running = 0;
const waiting: (() => void)[] = [];
const limit = Math.max(2, cpus().length);

async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= limit) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** `helm template`, cached; at most as many helm processes at once as the machine has cores. */
export function template(req: TemplateRequest): Promise<TemplateResult> {
  const key = req.fresh ? '' : keyOf(req);
  const pending = key ? inFlight.get(key) : undefined;
  if (pending) return pending;
  const p = (async () => {
    const hit = key ? readEntry(key) : undefined;
    if (hit) return hit;
    const r = await slot(() =>
      withScratch(
        req,
        (bin, args, env) => run(bin, args, env),
        (dir, out) => out.finally(() => rmSync(dir, { recursive: true, force: true })),
      ),
    );
    if (key) writeEntry(key, r);
    return r;
  })();
  if (key) {
    // Only while it runs: once written, the disk holds it (memory would hold every render of a run).
    inFlight.set(key, p);
    void p.finally(() => inFlight.delete(key)).catch(() => {});
  }
  return p;
}

/** The same, for tests that render synchronously. */
export function templateSync(req: TemplateRequest): TemplateResult {
  const key = req.fresh ? '' : keyOf(req);
  const hit = key ? readEntry(key) : undefined;
  if (hit) return hit;
  const r = withScratch(
    req,
    (bin, args, env) => {
      const out = spawnSync(bin, args, { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      if (out.error) throw out.error;
      return { code: out.status ?? 1, stdout: out.stdout, stderr: out.stderr };
    },
    (dir, out) => {
      rmSync(dir, { recursive: true, force: true });
      return out;
    },
  );
  if (key) writeEntry(key, r);
  return r;
}
