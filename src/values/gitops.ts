/**
 * GitOps manifests that carry Helm values, edited in place so the comments around and inside
 * the values survive:
 * - Flux `HelmRelease`: chart in `spec.chart.spec`, values in `spec.values`, `valuesFrom`;
 * - Argo CD `Application`: `spec.source`, or the chart source among `spec.sources`
 *   (`targetRevision`, `helm.valuesObject` or the `helm.values` string, `helm.valueFiles`);
 * - kustomize `Kustomization`: every entry of `helmCharts` (`name`, `version`, `repo`,
 *   `valuesInline`, `valuesFile`).
 * Each chart reference is one `GitOpsObject`; a document may hold several (kustomize).
 */
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { HelmMigrateError } from '../core/errors.js';
import type { PlainMap } from '../core/plain.js';
import { assertNestingBounded } from './nesting.js';
import { assertUniqueKeys } from './parse.js';
import { detectStyle } from './style.js';
import { parseOptions, YamlValues } from './yaml-values.js';

export type GitOpsKind = 'flux' | 'argo' | 'kustomize';
type At = (string | number)[];

/** Values the manifest takes from somewhere the tool cannot edit. */
export interface ValuesRef {
  /** As the user wrote it, for the report: `Secret/mesh-identity`, `$values/mesh/values.yaml`. */
  what: string;
  /** Flux: the values path the referenced key lands on; undefined for a whole values document. */
  targetPath?: string;
  /** Where the entry sits in the document, so a moved targetPath can be rewritten. */
  at: At;
  /** A shell command that prints the referenced values, when there is one. */
  fetch?: string;
  /** A file beside the manifest (in its repository) holding the values. */
  file?: string;
}

export interface GitOpsObject {
  kind: GitOpsKind;
  doc: Document;
  /** The chart reference inside the document: `spec.chart.spec`, `spec.sources.1`, `helmCharts.0`. */
  at: At;
  name: string;
  chart: string;
  version: string;
  repo?: string;
  /** The values, editable; for Argo `helm.values` a document parsed from the string. */
  values: YamlValues;
  /** Writes edited values back (Argo's string form needs it). */
  commit(): void;
  valuesFrom: ValuesRef[];
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
  if (kind === 'Kustomization' && apiVersion.startsWith('kustomize.config.k8s.io/') && isSeq(doc.get('helmCharts', true))) return 'kustomize';
  // kustomize takes both header fields as optional, and many kustomization.yaml files have
  // neither: such a file is known by its helmCharts, a list of chart entries.
  if (!apiVersion && !kind && isHelmChartsList(doc.get('helmCharts', true))) return 'kustomize';
  return undefined;
}

/** A kustomize `helmCharts` list: every entry a map naming a chart, with its version or repository. */
function isHelmChartsList(node: unknown): boolean {
  if (!isSeq(node) || node.items.length === 0) return false;
  return node.items.every((e) => isMap(e) && typeof e.get('name') === 'string' && (e.has('version') || e.has('repo')));
}

/** Whether values read as plain data may be a manifest this module reads (the file is then parsed as documents). */
export function mayBeGitOps(plain: PlainMap): boolean {
  return (typeof plain.apiVersion === 'string' && typeof plain.kind === 'string') || (plain.apiVersion === undefined && plain.kind === undefined && Array.isArray(plain.helmCharts));
}

/** kustomize's own file names: such a file is a kustomization whatever it holds. */
export const isKustomizationFile = (name: string) => /(^|[\\/])(kustomization\.ya?ml|Kustomization)$/.test(name);

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** Every chart reference of a manifest document (none when it is not a GitOps manifest). */
export function readGitOps(doc: Document, source: string): GitOpsObject[] {
  const kind = detectGitOps(doc);
  if (kind === 'flux') return [readFlux(doc, source)];
  if (kind === 'argo') return [readArgo(doc, source)];
  if (kind === 'kustomize') {
    const list = doc.get('helmCharts', true) as YAMLSeq;
    return list.items.map((_, i) => readKustomize(doc, source, i));
  }
  return [];
}

function readFlux(doc: Document, source: string): GitOpsObject {
  const at = ['spec', 'chart', 'spec'];
  if (!getMap(doc, ['spec', 'values'])) doc.setIn(['spec', 'values'], new YAMLMap());
  const ns = str(doc.getIn(['metadata', 'namespace'])) || 'default';
  const refs = doc.getIn(['spec', 'valuesFrom'], true);
  const valuesFrom: ValuesRef[] = isSeq(refs)
    ? refs.items.map((item, i) => {
        const e = (isMap(item) ? item.toJSON() : {}) as { kind?: string; name?: string; valuesKey?: string; targetPath?: string };
        const key = e.valuesKey ?? 'values.yaml';
        const decode = e.kind === 'Secret' ? ' | base64 -d' : '';
        return {
          what: `${e.kind ?? 'ConfigMap'}/${e.name ?? ''}${e.valuesKey ? ` key ${e.valuesKey}` : ''}`,
          targetPath: e.targetPath,
          at: ['spec', 'valuesFrom', i],
          fetch: e.targetPath ? undefined : `kubectl -n ${ns} get ${(e.kind ?? 'ConfigMap').toLowerCase()} ${e.name} -o jsonpath='{.data.${key.replace(/\./g, '\\.')}}'${decode}`,
        };
      })
    : [];
  return {
    kind: 'flux',
    doc,
    at,
    name: str(doc.getIn(['metadata', 'name'])),
    chart: str(doc.getIn([...at, 'chart'])),
    version: str(doc.getIn([...at, 'version'])),
    values: new EmbeddedValues(doc, ['spec', 'values'], source),
    commit: () => {},
    valuesFrom,
  };
}

/** The chart source of an Application: `spec.source`, or the entry of `spec.sources` that names a chart. */
function argoChartSource(doc: Document): At {
  if (doc.hasIn(['spec', 'source'])) return ['spec', 'source'];
  const sources = doc.getIn(['spec', 'sources'], true);
  const i = isSeq(sources) ? sources.items.findIndex((s) => isMap(s) && s.has('chart')) : -1;
  return ['spec', 'sources', Math.max(i, 0)];
}

function readArgo(doc: Document, source: string): GitOpsObject {
  const at = argoChartSource(doc);
  const name = str(doc.getIn(['metadata', 'name']));
  // `$ref/path` value files live in another source of a multi-source Application.
  const refs = new Map<string, { repo: string; revision: string }>();
  const sources = doc.getIn(['spec', 'sources'], true);
  if (isSeq(sources)) {
    for (const s of sources.items) {
      if (isMap(s) && s.has('ref')) refs.set(str(s.get('ref')), { repo: str(s.get('repoURL')), revision: str(s.get('targetRevision')) });
    }
  }
  const files = doc.getIn([...at, 'helm', 'valueFiles'], true);
  const valuesFrom: ValuesRef[] = isSeq(files)
    ? files.items.map((f, i) => {
        const file = str(isScalar(f) ? f.value : f);
        const ref = /^\$([^/]+)\/(.+)$/.exec(file);
        const src = ref ? refs.get(ref[1]) : undefined;
        return { what: src ? `${ref![2]} in ${src.repo}${src.revision ? ` at ${src.revision}` : ''}` : file, at: [...at, 'helm', 'valueFiles', i], file: src ? ref![2] : /^https?:/.test(file) ? undefined : file };
      })
    : [];
  const base = {
    kind: 'argo' as const,
    doc,
    at,
    name,
    chart: str(doc.getIn([...at, 'chart'])),
    version: str(doc.getIn([...at, 'targetRevision'])),
    repo: str(doc.getIn([...at, 'repoURL'])) || undefined,
    valuesFrom,
  };
  const text = doc.getIn([...at, 'helm', 'values']);
  if (typeof text === 'string') {
    // Values as a YAML string: edit a document of their own, then write the string back.
    const where = `Application ${name}: ${[...at, 'helm', 'values'].join('.')}`;
    assertNestingBounded(text, where);
    const inner = parseDocument(text, parseOptions);
    if (!inner.errors.length) assertUniqueKeys(inner, text, where);
    const bad = inner.errors[0];
    if (bad) {
      const line = bad.linePos?.[0] ? ` line ${bad.linePos[0].line}` : '';
      throw new HelmMigrateError('yaml-syntax', `${where} is not valid YAML (${line.trim() || 'syntax'}: ${bad.message.split('\n')[0]})`);
    }
    const values = new YamlValues(inner, text, detectStyle(text));
    return {
      ...base,
      values,
      commit: () => {
        const node = doc.getIn([...at, 'helm', 'values'], true);
        const out = String(values);
        if (isScalar(node)) node.value = out;
        else doc.setIn([...at, 'helm', 'values'], new Scalar(out));
      },
    };
  }
  if (!getMap(doc, [...at, 'helm', 'valuesObject'])) doc.setIn([...at, 'helm', 'valuesObject'], new YAMLMap());
  return { ...base, values: new EmbeddedValues(doc, [...at, 'helm', 'valuesObject'], source), commit: () => {} };
}

function readKustomize(doc: Document, source: string, i: number): GitOpsObject {
  const at = ['helmCharts', i];
  if (!getMap(doc, [...at, 'valuesInline'])) doc.setIn([...at, 'valuesInline'], new YAMLMap());
  const file = doc.getIn([...at, 'valuesFile']);
  return {
    kind: 'kustomize',
    doc,
    at,
    name: str(doc.getIn([...at, 'releaseName'])) || str(doc.getIn([...at, 'name'])),
    chart: str(doc.getIn([...at, 'name'])),
    version: str(doc.getIn([...at, 'version'])),
    repo: str(doc.getIn([...at, 'repo'])) || undefined,
    values: new EmbeddedValues(doc, [...at, 'valuesInline'], source),
    commit: () => {},
    valuesFrom: file ? [{ what: String(file), at: [...at, 'valuesFile'], file: String(file) }] : [],
  };
}

const fields: Record<GitOpsKind, { chart: string; version: string; repo: string }> = {
  flux: { chart: 'chart', version: 'version', repo: '' },
  argo: { chart: 'chart', version: 'targetRevision', repo: 'repoURL' },
  kustomize: { chart: 'name', version: 'version', repo: 'repo' },
};

/** Points the reference at another chart and version (and, for a new release, another name). */
export function retarget(o: GitOpsObject, chart: string, version: string, name?: string): void {
  const f = fields[o.kind];
  o.doc.setIn([...o.at, f.chart], chart);
  o.doc.setIn([...o.at, f.version], version);
  if (!name) return;
  if (o.kind === 'flux') {
    o.doc.setIn(['metadata', 'name'], name);
    o.doc.setIn(['spec', 'releaseName'], name);
  } else if (o.kind === 'argo') {
    o.doc.setIn(['metadata', 'name'], name);
    o.doc.setIn([...o.at, 'helm', 'releaseName'], name);
  } else {
    o.doc.setIn([...o.at, 'releaseName'], name);
  }
}

/** Points the reference at another chart repository (Argo CD `repoURL`, kustomize `repo`); false where the manifest names none. */
export function setRepository(o: GitOpsObject, url: string): boolean {
  const f = fields[o.kind];
  if (!f.repo || !o.doc.hasIn([...o.at, f.repo])) return false;
  o.doc.setIn([...o.at, f.repo], url);
  return true;
}

/** Where a release installs its objects: Flux `targetNamespace`, Argo CD `destination.namespace`, kustomize `namespace`. */
export function setNamespace(o: GitOpsObject, namespace: string): void {
  if (o.kind === 'flux') {
    o.doc.setIn(['spec', 'targetNamespace'], namespace);
    o.doc.setIn(['spec', 'install', 'createNamespace'], true);
  } else if (o.kind === 'argo') {
    o.doc.setIn(['spec', 'destination', 'namespace'], namespace);
    const opts = o.doc.getIn(['spec', 'syncPolicy', 'syncOptions']);
    const list = Array.isArray((opts as { toJSON?: () => unknown })?.toJSON?.()) ? ((opts as YAMLSeq).toJSON() as string[]) : [];
    if (!list.includes('CreateNamespace=true')) o.doc.setIn(['spec', 'syncPolicy', 'syncOptions'], [...list, 'CreateNamespace=true']);
  } else {
    o.doc.setIn([...o.at, 'namespace'], namespace);
  }
}

/** Rewrites a Flux valuesFrom `targetPath` (a moved value). */
export function setTargetPath(o: GitOpsObject, ref: ValuesRef, path: string): void {
  o.doc.setIn([...ref.at, 'targetPath'], path);
}

/** Moves Flux valuesFrom entries to another HelmRelease (a value that moved to a split-off chart). */
export function moveValuesFrom(from: GitOpsObject, to: GitOpsObject, refs: ValuesRef[], paths: string[]): void {
  const list = refs.map((r, i) => ({ ...(from.doc.getIn(r.at) as { toJSON(): Record<string, unknown> }).toJSON(), targetPath: paths[i] }));
  for (const r of [...refs].sort((a, b) => Number(b.at[b.at.length - 1]) - Number(a.at[a.at.length - 1]))) from.doc.deleteIn(r.at);
  if ((from.doc.getIn(['spec', 'valuesFrom']) as YAMLSeq | undefined)?.items?.length === 0) from.doc.deleteIn(['spec', 'valuesFrom']);
  const have = to.doc.getIn(['spec', 'valuesFrom'], true);
  if (isSeq(have)) for (const e of list) have.add(to.doc.createNode(e));
  else to.doc.setIn(['spec', 'valuesFrom'], list);
}

/**
 * A copy for a chart a split adds, with new values. Flux and Argo CD: a new document, without
 * the file header and without the original's values references (they belong to the original).
 * kustomize: a new entry of the same `helmCharts` list, after the original.
 */
export function cloneFor(o: GitOpsObject, values: PlainMap): GitOpsObject {
  if (o.kind === 'kustomize') {
    const list = o.doc.get('helmCharts', true) as YAMLSeq;
    const entry = (o.doc.getIn(o.at) as YAMLMap).toJSON() as Record<string, unknown>;
    delete entry.valuesFile;
    entry.valuesInline = {};
    const index = list.items.length;
    list.add(o.doc.createNode(entry));
    const copy = readKustomize(o.doc, String(o.doc), index);
    for (const [k, v] of Object.entries(values)) copy.values.set([k], v);
    return copy;
  }
  const doc = parseDocument(String(o.doc), parseOptions);
  doc.commentBefore = null;
  const first = isMap(doc.contents) ? doc.contents.items[0] : undefined;
  if (first && isScalar(first.key)) first.key.commentBefore = undefined;
  if (o.kind === 'flux') doc.deleteIn(['spec', 'valuesFrom']);
  else doc.deleteIn([...o.at, 'helm', 'valueFiles']);
  // Fresh values: the original's comments stay with the original's values.
  const valuesAt = o.kind === 'flux' ? ['spec', 'values'] : [...o.at, 'helm', 'valuesObject'];
  if (doc.hasIn(valuesAt)) doc.setIn(valuesAt, new YAMLMap());
  // A comment on the chart or version line belongs to the original reference (`# pinned by renovate`).
  for (const f of [fields[o.kind].chart, fields[o.kind].version]) {
    const n = doc.getIn([...o.at, f], true);
    if (isScalar(n)) n.comment = undefined;
  }
  const copy = readGitOps(doc, String(o.doc))[0];
  for (const k of copy.values.keys([])) copy.values.delete([k]);
  for (const [k, v] of Object.entries(values)) copy.values.set([k], v);
  copy.commit();
  return copy;
}

/** Removes and returns a document's header comment (yaml keeps it on the document, its map or its first key). */
export function takeHeader(doc: Document): string | undefined {
  if (doc.commentBefore) {
    const h = doc.commentBefore;
    doc.commentBefore = null;
    return h;
  }
  const c = doc.contents;
  if (isMap(c) && c.commentBefore) {
    const h = c.commentBefore;
    c.commentBefore = undefined;
    return h;
  }
  const first = isMap(c) ? c.items[0] : undefined;
  if (first && isScalar(first.key) && first.key.commentBefore) {
    const h = first.key.commentBefore;
    first.key.commentBefore = undefined;
    return h;
  }
  return undefined;
}

/** Puts a header comment at the top of a document, directly above its first key. */
export function putHeader(doc: Document, header: string): void {
  const first = isMap(doc.contents) ? doc.contents.items[0] : undefined;
  if (first && isScalar(first.key)) first.key.commentBefore = header;
  else doc.commentBefore = header;
}

/** Orders releases: Flux `dependsOn`, Argo CD sync waves (kustomize renders all charts at once). */
export function order(o: GitOpsObject, dependsOn: string[], wave: number): void {
  if (o.kind === 'flux') {
    if (dependsOn.length) o.doc.setIn(['spec', 'dependsOn'], dependsOn.map((name) => ({ name })));
  } else if (o.kind === 'argo') {
    o.doc.setIn(['metadata', 'annotations', 'argocd.argoproj.io/sync-wave'], String(wave));
  }
}

export { EmbeddedValues };
