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

/** One pair of kubectl lines per namespace the objects are in. */
function perNamespace(objects: ObjectRef[], lines: (nsFlag: string, names: string) => string[]): string {
  const byNs = new Map<string, ObjectRef[]>();
  for (const o of objects) byNs.set(o.namespace ?? '', [...(byNs.get(o.namespace ?? '') ?? []), o]);
  return [...byNs].flatMap(([ns, objs]) => lines(ns ? ` -n ${shellQuote(ns)}` : '', objs.map(kindArg).join(' '))).join('\n');
}

export function annotateCommand(objects: ObjectRef[], to: ReleaseId): string {
  return perNamespace(objects, (nsFlag, names) => [
    `kubectl annotate --overwrite${nsFlag} ${names} meta.helm.sh/release-name=${shellQuote(to.name)} meta.helm.sh/release-namespace=${shellQuote(to.namespace)}`,
    `kubectl label --overwrite${nsFlag} ${names} app.kubernetes.io/managed-by=Helm`,
  ]);
}

/**
 * Installs a chart over an object it renders that exists already, by hand: Helm adopts an
 * existing object only when it carries the new release's annotations and managed-by label (on
 * helm 3 and helm 4 alike), so those come first. One line, so a note can hold it.
 */
export function adoptCommand(object: ObjectRef, release: ReleaseId, chart: ChartSource): string {
  const install = ['helm install', shellQuote(release.name), ...chartArgs(chart).map(shellQuote), '-n', shellQuote(release.namespace), '--create-namespace'].join(' ');
  return [...annotateCommand([object], release).split('\n'), install].join(' && ');
}

/** Takes Helm's ownership off objects (kubectl's `key-` removes an annotation or label). */
export function disownCommand(objects: ObjectRef[]): string {
  return perNamespace(objects, (nsFlag, names) => [
    `kubectl annotate${nsFlag} ${names} meta.helm.sh/release-name- meta.helm.sh/release-namespace-`,
    `kubectl label${nsFlag} ${names} app.kubernetes.io/managed-by-`,
  ]);
}

export function backupCommand(r: ReleaseId, kind: 'Secret' | 'ConfigMap'): string {
  return `kubectl get ${kind.toLowerCase()} -n ${shellQuote(r.namespace)} -l owner=helm,name=${shellQuote(r.name)} -o json > backup.json`;
}

export function deleteRecordsCommand(r: ReleaseId, kind: 'Secret' | 'ConfigMap'): string {
  const field = kind === 'Secret' ? ' --field-selector type=helm.sh/release.v1' : '';
  return `kubectl -n ${shellQuote(r.namespace)} delete ${kind.toLowerCase()}${field} -l name=${shellQuote(r.name)},owner=helm`;
}

export function applyCrdsCommand(chart: ChartSource): string {
  // Replaced whole, not merged by a server-side apply with what other managers own (see putCrd
  // in apply.ts); replace skips the CRDs that do not exist yet, which create then makes.
  return `helm show crds ${chartArgs(chart).map(shellQuote).join(' ')} > crds.yaml && { kubectl replace -f crds.yaml || kubectl create -f crds.yaml; }`;
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
