/** Rendering real charts with the real helm binary, and reading the manifests back. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { helm4 } from './binaries.js';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [k: string]: unknown;
}

export interface RenderResult {
  ok: boolean;
  error?: string;
  objects: K8sObject[];
  text: string;
}

/** `helm template` a chart with values text; a failed render is a result, not an exception. */
export function renderChart(chartPath: string, values: string, opts: { release?: string; namespace?: string; set?: string[]; helm?: string; apiVersions?: string[] } = {}): RenderResult {
  const dir = mkdtempSync(join(tmpdir(), 'hm-render-'));
  try {
    const file = join(dir, 'values.yaml');
    writeFileSync(file, values);
    const args = ['template', opts.release ?? 'release', chartPath, '--namespace', opts.namespace ?? 'linkerd', '-f', file, ...(opts.set ?? []).flatMap((s) => ['--set', s]), ...(opts.apiVersions ?? []).flatMap((a) => ['--api-versions', a])];
    let text: string;
    try {
      text = execFileSync(opts.helm ?? helm4, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HELM_CACHE_HOME: dir, HELM_CONFIG_HOME: dir, HELM_DATA_HOME: dir } });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      return { ok: false, error: e.stderr || e.message, objects: [], text: '' };
    }
    const objects = parseAllDocuments(text)
      .map((d) => d.toJS() as K8sObject | null)
      .filter((o): o is K8sObject => Boolean(o && o.kind));
    return { ok: true, objects, text };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function findObject(r: RenderResult, kind: string, name: string): K8sObject | undefined {
  return r.objects.find((o) => o.kind === kind && o.metadata?.name === name);
}

/** The containers of a Deployment/DaemonSet/etc. by name. */
export function container(obj: K8sObject | undefined, name: string): Record<string, any> | undefined {
  const spec = (obj as any)?.spec?.template?.spec;
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].find((c: any) => c.name === name);
}

export function envOf(c: Record<string, any> | undefined, name: string): string | undefined {
  return c?.env?.find((e: any) => e.name === name)?.value;
}

/** Whether a Deployment's container runs with an argument. */
export function containerArg(r: RenderResult, deployment: string, name: string, arg: string): boolean {
  return (container(findObject(r, 'Deployment', deployment), name)?.args ?? []).includes(arg);
}
