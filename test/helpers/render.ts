/** Rendering real charts with the real helm binary, and reading the manifests back. */
import { parseAllDocuments } from 'yaml';
import { templateSync } from './helm-template.js';

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

/** `helm template` a chart with values text (cached, see helm-template.ts); a failed render is a result, not an exception. */
export function renderChart(chartPath: string, values: string, opts: { release?: string; namespace?: string; set?: string[]; helm?: string; apiVersions?: string[]; fresh?: boolean } = {}): RenderResult {
  const args = [...(opts.set ?? []).flatMap((s) => ['--set', s]), ...(opts.apiVersions ?? []).flatMap((a) => ['--api-versions', a])];
  const r = templateSync({ chart: chartPath, values, release: opts.release ?? 'release', namespace: opts.namespace ?? 'linkerd', args, helm: opts.helm, fresh: opts.fresh });
  if (r.code !== 0) return { ok: false, error: r.stderr || `helm exited ${r.code}`, objects: [], text: '' };
  const objects = parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => Boolean(o && o.kind));
  return { ok: true, objects, text: r.stdout };
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
