/** The by-hand equivalent of each step, shown in the plan so a person can review or run it. */
import type { ObjectRef } from '../kube/types.js';
import { chartArgs, type ChartSource } from './chart-source.js';
import type { ReleaseId } from './types.js';

/** Quotes a word for a POSIX shell only when it needs it. */
export const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

function kindArg(r: ObjectRef): string {
  const group = r.apiVersion.includes('/') ? r.apiVersion.split('/')[0] : '';
  return `${r.kind.toLowerCase()}${group ? `.${group}` : ''}/${r.name}`;
}

export function annotateCommand(objects: ObjectRef[], to: ReleaseId): string {
  const lines: string[] = [];
  const byNs = new Map<string, ObjectRef[]>();
  for (const o of objects) byNs.set(o.namespace ?? '', [...(byNs.get(o.namespace ?? '') ?? []), o]);
  for (const [ns, objs] of byNs) {
    const nsFlag = ns ? ` -n ${shellQuote(ns)}` : '';
    const names = objs.map(kindArg).join(' ');
    lines.push(`kubectl annotate --overwrite${nsFlag} ${names} meta.helm.sh/release-name=${shellQuote(to.name)} meta.helm.sh/release-namespace=${shellQuote(to.namespace)}`);
    lines.push(`kubectl label --overwrite${nsFlag} ${names} app.kubernetes.io/managed-by=Helm`);
  }
  return lines.join('\n');
}

export function deleteRecordsCommand(r: ReleaseId, kind: 'Secret' | 'ConfigMap'): string {
  const field = kind === 'Secret' ? ' --field-selector type=helm.sh/release.v1' : '';
  return `kubectl -n ${shellQuote(r.namespace)} delete ${kind.toLowerCase()}${field} -l name=${shellQuote(r.name)},owner=helm`;
}

export function applyCrdsCommand(chart: ChartSource): string {
  return `helm show crds ${chartArgs(chart).map(shellQuote).join(' ')} | kubectl apply --server-side --force-conflicts --field-manager=helm-migrate -f -`;
}

export function helmCommand(r: ReleaseId, chart: ChartSource, valuesFile: string, createNamespace: boolean): string {
  return [
    'helm upgrade --install',
    shellQuote(r.name),
    ...chartArgs(chart).map(shellQuote),
    '-n',
    shellQuote(r.namespace),
    ...(createNamespace ? ['--create-namespace'] : []),
    '--reset-values -f',
    shellQuote(valuesFile),
  ].join(' ');
}
