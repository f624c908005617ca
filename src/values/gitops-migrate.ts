/**
 * Migrating GitOps manifests (see gitops.ts): the chart and version come from each manifest,
 * the embedded values are migrated in place, a chart split becomes one object per target chart
 * (CRDs first), Flux `valuesFrom` target paths follow the values they feed, the chart version
 * and repository move to where the target is published, and what a controller cannot do itself
 * (handing objects to new releases, deleting old release records) becomes a runbook.
 */
import type { Document } from 'yaml';
import { migrate, type MigrateResult } from '../core/engine.js';
import { HelmMigrateError } from '../core/errors.js';
import type { PackRegistry } from '../core/pack-registry.js';
import { repositoryFor } from '../core/repositories.js';
import type { Path } from '../core/paths.js';
import { leaves, setPlain, type PlainMap } from '../core/plain.js';
import type { Pack } from '../core/types.js';
import { selectChain } from '../core/versions.js';
import { cloneFor, moveValuesFrom, order, putHeader, readGitOps, takeHeader, retarget, setNamespace, setRepository, setTargetPath, type GitOpsObject, type ValuesRef } from './gitops.js';
import { toYaml } from './manifests.js';
import { parseValues } from './parse.js';
import { detectStyle } from './style.js';
import { createDocFactory } from './yaml-values.js';

export interface GitOpsOptions {
  /** The packs to look charts up in. */
  packs: PackRegistry;
  chart?: string;
  from?: string;
  to?: string;
  pack?: string;
  adoptNewDefaults?: boolean;
}

export interface GitOpsMigration {
  text: string;
  changed: boolean;
  runbook: string[];
  notes: string[];
  results: MigrateResult[];
}

/** Where Flux puts a release: its name, the namespace of its objects, and where Helm stores it. */
export interface ReleaseIdentity {
  name: string;
  namespace: string;
  storage: string;
}

export function releaseOf(o: GitOpsObject): ReleaseIdentity {
  const d = o.doc;
  const own = String(d.getIn(['metadata', 'namespace']) ?? 'default');
  if (o.kind === 'flux') {
    // Flux names the release `[targetNamespace-]name` unless releaseName is set, installs into
    // targetNamespace (default: the HelmRelease's namespace) and stores it in storageNamespace
    // (default: the HelmRelease's namespace, whatever targetNamespace says).
    const target = d.getIn(['spec', 'targetNamespace']) as string | undefined;
    const name = (d.getIn(['spec', 'releaseName']) as string | undefined) ?? (target ? `${target}-${o.name}` : o.name);
    return { name, namespace: target ?? own, storage: (d.getIn(['spec', 'storageNamespace']) as string | undefined) ?? own };
  }
  if (o.kind === 'argo') {
    const ns = String(d.getIn(['spec', 'destination', 'namespace']) ?? 'default');
    return { name: String(d.getIn([...o.at, 'helm', 'releaseName']) ?? o.name), namespace: ns, storage: ns };
  }
  const ns = String(d.getIn([...o.at, 'namespace']) ?? d.getIn(['namespace']) ?? 'default');
  return { name: o.name, namespace: ns, storage: ns };
}

/** Flux `targetPath` syntax: keys joined by dots, a dot inside a key escaped. */
function parseTargetPath(text: string): Path {
  return text.split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, '.'));
}

function formatTargetPath(path: Path): string {
  return path.map((k) => k.replace(/\./g, '\\.')).join('.');
}

/**
 * Where each target path lands after the migration: the values are migrated with a marker at
 * each path, and the markers found in the outputs. A path whose marker is gone was dropped.
 */
function traceTargetPaths(pack: Pack, chart: string, from: string, to: string, paths: string[]): ({ chart: string; path: string } | undefined)[] {
  let probe: PlainMap = {};
  paths.forEach((p, i) => (probe = setPlain(probe, parseTargetPath(p), `helm-migrate-valuesfrom-${i}`)));
  const { values } = parseValues(toYaml(probe), 'valuesFrom target paths');
  const r = migrate({ pack, chart, from, to, doc: values, factory: createDocFactory(), trustChart: true });
  const found = new Map<string, { chart: string; path: string }>();
  for (const o of r.outputs) {
    for (const [path, v] of leaves(o.doc.toPlain())) if (typeof v === 'string' && !found.has(v)) found.set(v, { chart: o.chart, path: formatTargetPath(path) });
  }
  return paths.map((_, i) => found.get(`helm-migrate-valuesfrom-${i}`));
}

export function migrateGitOps(docs: Document.Parsed[], source: string, opts: GitOpsOptions): GitOpsMigration {
  if (!opts.to) throw new HelmMigrateError('usage', '--to is required (e.g. --to latest)');
  const out: Document[] = [];
  const runbook: string[] = [];
  const notes: string[] = [];
  const results: MigrateResult[] = [];
  let changed = false;
  for (const doc of docs) {
    const objects = readGitOps(doc, source);
    if (objects.length === 0) {
      out.push(doc);
      continue;
    }
    const extra: Document[] = [];
    for (const o of objects) {
      const m = migrateOne(o, opts, notes, runbook);
      results.push(m.result);
      changed ||= m.changed;
      extra.push(...m.docs.filter((d) => d !== doc));
    }
    // The original document first unless a CRD release split off it, which goes before it.
    const crdFirst = extra.filter((d) => (d as Document & { crdFirst?: boolean }).crdFirst);
    // The file's header stays at the top of the file.
    const header = crdFirst.length && out.length === 0 ? takeHeader(doc) : undefined;
    if (header) putHeader(crdFirst[0], header);
    out.push(...crdFirst, doc, ...extra.filter((d) => !crdFirst.includes(d)));
  }
  // Written in the file's own style (indentation, sequences under their key or not).
  const style = detectStyle(source);
  const text = changed ? out.map((d) => d.toString(style).replace(/^---\n/, '')).join('---\n') : source;
  return { text, changed, runbook, notes, results };
}

function migrateOne(o: GitOpsObject, opts: GitOpsOptions, notes: string[], runbook: string[]): { result: MigrateResult; changed: boolean; docs: Document[] } {
  const what = `${{ flux: 'HelmRelease', argo: 'Application', kustomize: 'helmCharts entry' }[o.kind]} ${o.name}`;
  const chart = opts.chart ?? o.chart;
  if (!chart) throw new HelmMigrateError('usage', `${what} names no chart: pass --chart`);
  const pack = opts.packs.forChart(chart, opts.pack);
  const from = opts.from ?? o.version;
  if (!from) throw new HelmMigrateError('usage', `${what} names no chart version: pass --from`);
  const to = opts.to!;
  const r = migrate({ pack, chart, from, to, doc: o.values, factory: createDocFactory(), adoptNewDefaults: opts.adoptNewDefaults });
  const version = (c: string) => pack.snapshot(r.to.id).charts[c]?.chartVersion ?? r.to.version;
  const old = releaseOf(o);
  let changed = r.changed;

  // Flux valuesFrom: target paths follow their values; whole documents are reported with the command that migrates them.
  const targeted = o.valuesFrom.filter((v) => v.targetPath);
  const landed = targeted.length ? traceTargetPaths(pack, chart, r.from.id, r.to.id, targeted.map((v) => v.targetPath!)) : [];
  const splits = r.outputs.length !== 1 || r.outputs[0].chart !== chart;
  for (const ref of o.valuesFrom.filter((v) => !v.targetPath)) {
    const args = `--chart ${chart} --from ${r.from.id} --to ${r.to.id}`;
    if (ref.file) notes.push(`${what}: values in ${ref.what} are not in this file; migrate them with: helm-migrate ${ref.file} ${args} ${splits ? '--out-dir migrated' : '--in-place'}`);
    else if (ref.fetch) notes.push(`${what}: values in ${ref.what} are not in this file; migrate them with: ${ref.fetch} | helm-migrate - ${args}${splits ? ' --output json' : ''}`);
    else notes.push(`${what}: values in ${ref.what} are not in this file and were not migrated`);
  }
  const supplied = new Set(landed.flatMap((l) => (l ? [`${l.chart}:${l.path}`] : [])));
  const wholeRefs = o.valuesFrom.filter((v) => !v.targetPath);
  r.missingRequired = r.missingRequired.filter((m) => !supplied.has(`${m.chart}:${m.path}`));
  if (wholeRefs.length && r.missingRequired.length) {
    notes.push(`${what}: ${r.missingRequired.map((m) => `${m.chart}:${m.path}`).join(', ')} are not in the manifest; ${wholeRefs.map((w) => w.what).join(', ')} may supply them`);
    r.missingRequired = [];
  }

  if (!r.outputs.length) {
    notes.push(`${what}: chart ${chart} no longer exists at ${r.to.id}; the manifest is left as it is: remove it once nothing needs it`);
    return { result: r, changed: false, docs: [o.doc] };
  }
  const made: { chart: string; obj: GitOpsObject }[] = [];
  for (const output of r.outputs) {
    const install = pack.cluster?.installs[output.chart];
    if (output.reason === 'continues-input') {
      const renamed = output.chart !== chart;
      if (renamed || version(output.chart) !== o.version) changed = true;
      retarget(o, output.chart, version(output.chart), renamed ? (install?.release ?? output.chart) : undefined);
      o.commit();
      made.push({ chart: output.chart, obj: o });
    } else {
      const copy = cloneFor(o, output.doc.toPlain());
      retarget(copy, output.chart, version(output.chart), install?.release ?? output.chart);
      // A chart with a namespace of its own installs there; the rest stay with the original.
      if (install?.namespace && install.namespace !== old.namespace) setNamespace(copy, install.namespace);
      made.push({ chart: output.chart, obj: copy });
      changed = true;
    }
  }

  // valuesFrom target paths that moved: rewritten, or handed to the HelmRelease of the chart they now belong to.
  targeted.forEach((ref, i) => {
    const l = landed[i];
    if (!l) {
      notes.push(`${what}: valuesFrom ${ref.what} feeds ${ref.targetPath}, which the ${r.to.id} chart no longer reads (see the report's dropped values)`);
      return;
    }
    const owner = made.find((x) => x.chart === l.chart)?.obj;
    if (!owner) return;
    if (owner === o) {
      if (l.path !== ref.targetPath) {
        setTargetPath(o, ref, l.path);
        changed = true;
      }
    } else {
      moveValuesFrom(o, owner, [ref], [l.path]);
      changed = true;
    }
  });

  changed = retargetRepositories(pack, chart, r, made, what, notes) || changed;
  orderSplit(pack, made);
  runbookFor(o, pack, chart, r, made, old, runbook);
  return { result: r, changed, docs: made.map((x) => x.obj.doc) };
}

/** When the target is published in another repository (stable → edge), point there, or say where. */
function retargetRepositories(pack: Pack, chart: string, r: MigrateResult, made: { chart: string; obj: GitOpsObject }[], what: string, notes: string[]): boolean {
  if (!pack.repositories?.length) return false;
  const before = repositoryFor(pack, chart, r.from.id).url;
  let changed = false;
  const elsewhere = new Map<string, { charts: string[]; obj: GitOpsObject }>();
  for (const { chart: c, obj } of made) {
    const after = repositoryFor(pack, c, r.to.id);
    if (after.url === before || (obj.repo !== undefined && obj.repo !== before)) continue;
    if (setRepository(obj, after.url)) {
      notes.push(`${what}: ${c} ${r.to.id} is published at ${after.url}; the repository reference now points there (was ${before})`);
      changed = true;
    } else if (obj.kind === 'flux') {
      const e = elsewhere.get(after.url) ?? { charts: [], obj };
      e.charts.push(c);
      elsewhere.set(after.url, e);
    }
  }
  for (const [url, { charts, obj }] of elsewhere) {
    const ref = obj.doc.getIn(['spec', 'chart', 'spec', 'sourceRef', 'name']);
    notes.push(`${what}: ${charts.join(', ')} ${r.to.id} ${charts.length > 1 ? 'are' : 'is'} published only at ${url}; point spec.chart.spec.sourceRef${ref ? ` (HelmRepository ${String(ref)})` : ''} at a HelmRepository for that URL`);
  }
  return changed;
}

/** CRD charts first: Flux dependsOn, Argo CD sync waves; a split-off CRD document is written first. */
function orderSplit(pack: Pack, made: { chart: string; obj: GitOpsObject }[]): void {
  if (made.length < 2) return;
  const isCrds = (c: string) => pack.charts.find((f) => f.name === c)?.role === 'CRDs';
  const crds = made.filter((x) => isCrds(x.chart)).map((x) => String(x.obj.doc.getIn(['metadata', 'name'])));
  for (const x of made) {
    order(x.obj, isCrds(x.chart) ? [] : crds, isCrds(x.chart) ? -1 : 0);
    if (isCrds(x.chart)) (x.obj.doc as Document & { crdFirst?: boolean }).crdFirst = true;
  }
}

function runbookFor(o: GitOpsObject, pack: Pack, chart: string, r: MigrateResult, made: { chart: string; obj: GitOpsObject }[], old: ReleaseIdentity, runbook: string[]): void {
  const handover = selectChain(pack, r.from, r.to).some((m) => m.charts.some((c) => c.chart === chart && c.cluster === 'handover'));
  if (!handover) return;
  if (o.kind === 'argo') {
    runbook.push(
      `# ${o.name}: Argo CD renders the chart itself and keeps no Helm records; before syncing, keep what the new chart no longer renders (its namespace) from being pruned:`,
      `kubectl annotate --overwrite namespace ${old.namespace} argocd.argoproj.io/sync-options=Prune=false`,
    );
    return;
  }
  if (o.kind === 'kustomize') {
    runbook.push(`# ${o.name}: kustomize renders the chart itself and keeps no Helm records; apply the new charts' output with --prune disabled for the old release's objects`);
    return;
  }
  const isCrds = (c: string) => pack.charts.find((f) => f.name === c)?.role === 'CRDs';
  const targets = made.map((x) => ({ chart: x.chart, id: releaseOf(x.obj) }));
  const crdTarget = targets.find((t) => isCrds(t.chart));
  const main = targets.find((t, i) => !isCrds(t.chart) && made[i].obj === o) ?? targets.find((t) => !isCrds(t.chart));
  const get = `helm -n ${old.storage} get manifest ${old.name}`;
  runbook.push(`# ${o.name}: before merging, hand release ${old.name}'s objects (records in ${old.storage}) to the new releases and remove only its records`);
  if (crdTarget) runbook.push(`${get} | yq 'select(.kind == "CustomResourceDefinition")' | kubectl annotate --overwrite -f - meta.helm.sh/release-name=${crdTarget.id.name} meta.helm.sh/release-namespace=${crdTarget.id.namespace}`);
  if (main) runbook.push(`${get} | yq 'select(.kind != "CustomResourceDefinition")' | kubectl annotate --overwrite -f - meta.helm.sh/release-name=${main.id.name} meta.helm.sh/release-namespace=${main.id.namespace}`);
  runbook.push(`${get} | kubectl label --overwrite -f - app.kubernetes.io/managed-by=Helm`);
  runbook.push(`kubectl -n ${old.storage} delete secret --field-selector type=helm.sh/release.v1 -l name=${old.name},owner=helm`);
  runbook.push(`# then merge: the controller installs ${targets.map((t) => t.id.name).join(', ')} and adopts the objects; deleting the old HelmRelease uninstalls nothing, its records are gone`);
}

export type { ValuesRef };
