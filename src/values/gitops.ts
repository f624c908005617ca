/**
 * GitOps manifests that carry Helm values: Flux `HelmRelease` (chart in `spec.chart.spec`, values
 * in `spec.values`) and Argo CD `Application` (`spec.source.chart`, `targetRevision`,
 * `helm.valuesObject` or `helm.values` as a YAML string). The values are edited in place inside
 * the manifest, so the comments around and inside them survive.
 */
import { Document, isMap, isScalar, parseDocument, Scalar, YAMLMap } from 'yaml';
import type { PlainMap } from '../core/plain.js';
import { detectStyle } from './style.js';
import { parseOptions, YamlValues } from './yaml-values.js';

export type GitOpsKind = 'flux' | 'argo';

export interface GitOpsObject {
  kind: GitOpsKind;
  doc: Document;
  name: string;
  chart: string;
  version: string;
  /** The values, editable; for Argo `helm.values` a document parsed from the string. */
  values: YamlValues;
  /** Writes edited values back (Argo's string form needs it). */
  commit(): void;
  valuesFrom: boolean;
}

function getMap(doc: Document, path: readonly (string | number)[]): YAMLMap | undefined {
  const n = doc.getIn(path, true);
  return isMap(n) ? n : undefined;
}

/** A values document whose root is a map inside a larger manifest. */
class EmbeddedValues extends YamlValues {
  constructor(doc: Document, at: readonly (string | number)[], source: string) {
    super(doc, undefined, detectStyle(source));
    this.rootPath = at;
  }
}

export function detectGitOps(doc: Document): GitOpsKind | undefined {
  const apiVersion = String(doc.get('apiVersion') ?? '');
  const kind = String(doc.get('kind') ?? '');
  if (kind === 'HelmRelease' && apiVersion.startsWith('helm.toolkit.fluxcd.io/')) return 'flux';
  if (kind === 'Application' && apiVersion.startsWith('argoproj.io/')) return 'argo';
  return undefined;
}

export function readGitOps(doc: Document, source: string): GitOpsObject | undefined {
  const kind = detectGitOps(doc);
  if (!kind) return undefined;
  const name = String(doc.getIn(['metadata', 'name']) ?? '');
  if (kind === 'flux') {
    const chart = String(doc.getIn(['spec', 'chart', 'spec', 'chart']) ?? '');
    const version = String(doc.getIn(['spec', 'chart', 'spec', 'version']) ?? '');
    if (!getMap(doc, ['spec', 'values'])) doc.setIn(['spec', 'values'], new YAMLMap());
    return { kind, doc, name, chart, version, values: new EmbeddedValues(doc, ['spec', 'values'], source), commit: () => {}, valuesFrom: doc.hasIn(['spec', 'valuesFrom']) };
  }
  const base = doc.hasIn(['spec', 'source']) ? ['spec', 'source'] : ['spec', 'sources', 0];
  const chart = String(doc.getIn([...base, 'chart']) ?? '');
  const version = String(doc.getIn([...base, 'targetRevision']) ?? '');
  const valuesFrom = doc.hasIn([...base, 'helm', 'valueFiles']);
  const text = doc.getIn([...base, 'helm', 'values']);
  if (typeof text === 'string') {
    // Values as a YAML string: edit a document of their own, then write the string back.
    const inner = parseDocument(text, parseOptions);
    const values = new YamlValues(inner, text, detectStyle(text));
    return {
      kind,
      doc,
      name,
      chart,
      version,
      values,
      commit: () => {
        const node = doc.getIn([...base, 'helm', 'values'], true);
        const out = String(values);
        if (isScalar(node)) node.value = out;
        else doc.setIn([...base, 'helm', 'values'], new Scalar(out));
      },
      valuesFrom,
    };
  }
  if (!getMap(doc, [...base, 'helm', 'valuesObject'])) doc.setIn([...base, 'helm', 'valuesObject'], new YAMLMap());
  return { kind, doc, name, chart, version, values: new EmbeddedValues(doc, [...base, 'helm', 'valuesObject'], source), commit: () => {}, valuesFrom };
}

/** Points the manifest at another chart and version (and, for a new release, another name). */
export function retarget(o: GitOpsObject, chart: string, version: string, name?: string): void {
  const base = o.kind === 'flux' ? ['spec', 'chart', 'spec'] : o.doc.hasIn(['spec', 'source']) ? ['spec', 'source'] : ['spec', 'sources', 0];
  o.doc.setIn([...base, 'chart'], chart);
  o.doc.setIn([...base, o.kind === 'flux' ? 'version' : 'targetRevision'], version);
  if (name) {
    o.doc.setIn(['metadata', 'name'], name);
    if (o.kind === 'flux') o.doc.setIn(['spec', 'releaseName'], name);
    else o.doc.setIn([...base, 'helm', 'releaseName'], name);
  }
}

/** A copy of a manifest, for a chart a split adds, with new values. */
export function cloneFor(o: GitOpsObject, values: PlainMap): GitOpsObject {
  const doc = parseDocument(String(o.doc), parseOptions);
  // A new object: no file header, and values referenced from elsewhere belong to the original.
  doc.commentBefore = null;
  const first = isMap(doc.contents) ? doc.contents.items[0] : undefined;
  if (first && isScalar(first.key)) first.key.commentBefore = undefined;
  if (o.kind === 'flux') doc.deleteIn(['spec', 'valuesFrom']);
  const copy = readGitOps(doc, String(o.doc))!;
  for (const k of copy.values.keys([])) copy.values.delete([k]);
  for (const [k, v] of Object.entries(values)) copy.values.set([k], v);
  copy.commit();
  return copy;
}

/** Orders releases: Flux `dependsOn`, Argo CD sync waves. */
export function order(o: GitOpsObject, dependsOn: string[], wave: number): void {
  if (o.kind === 'flux') {
    if (dependsOn.length) o.doc.setIn(['spec', 'dependsOn'], dependsOn.map((name) => ({ name })));
  } else {
    o.doc.setIn(['metadata', 'annotations', 'argocd.argoproj.io/sync-wave'], String(wave));
  }
}

export { EmbeddedValues };
