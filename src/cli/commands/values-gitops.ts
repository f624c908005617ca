/**
 * `helm-migrate values` on Flux HelmRelease and Argo CD Application manifests: the chart and
 * version come from the manifest, the embedded values are migrated in place, and a chart split
 * becomes one object per target chart, CRDs first. What a GitOps controller cannot do itself
 * (handing objects to the new releases, deleting the old release's records) is printed as a
 * runbook, ready to run before the change is merged.
 */
import type { Document } from 'yaml';
import { migrate } from '../../core/engine.js';
import { HelmMigrateError } from '../../core/errors.js';
import { packForChart } from '../../core/packs.js';
import { selectChain } from '../../core/versions.js';
import { cloneFor, order, readGitOps, retarget, type GitOpsObject } from '../../values/gitops.js';
import { createDocFactory } from '../../values/yaml-values.js';
import { ExitCode } from '../exit-codes.js';
import type { CommandIO } from '../io.js';
import { renderValuesReport } from '../render-values-report.js';
import { buildValuesReport } from '../values-report.js';
import type { ValuesOptions } from './values.js';

function releaseOf(o: GitOpsObject): { name: string; namespace: string } {
  const d = o.doc;
  if (o.kind === 'flux') {
    return { name: String(d.getIn(['spec', 'releaseName']) ?? o.name), namespace: String(d.getIn(['spec', 'targetNamespace']) ?? d.getIn(['metadata', 'namespace']) ?? 'default') };
  }
  return { name: String(d.getIn(['spec', 'source', 'helm', 'releaseName']) ?? o.name), namespace: String(d.getIn(['spec', 'destination', 'namespace']) ?? 'default') };
}

export interface GitOpsResult {
  text: string;
  changed: boolean;
  runbook: string[];
  notes: string[];
  reports: ReturnType<typeof buildValuesReport>[];
}

export function migrateGitOps(docs: Document.Parsed[], source: string, opts: ValuesOptions): GitOpsResult {
  if (!opts.to) throw new HelmMigrateError('usage', '--to is required (e.g. --to latest)');
  const out: Document[] = [];
  const runbook: string[] = [];
  const notes: string[] = [];
  const reports: GitOpsResult['reports'] = [];
  let changed = false;
  for (const doc of docs) {
    const o = readGitOps(doc, source);
    if (!o) {
      out.push(doc);
      continue;
    }
    const chart = opts.chart ?? o.chart;
    const pack = packForChart(chart, opts.pack);
    const from = opts.from ?? o.version;
    if (!from) throw new HelmMigrateError('usage', `${o.kind === 'flux' ? 'HelmRelease' : 'Application'} ${o.name} names no chart version: pass --from`);
    const r = migrate({ pack, chart, from, to: opts.to, doc: o.values, factory: createDocFactory(), adoptNewDefaults: opts.adoptNewDefaults });
    reports.push(buildValuesReport(r));
    const version = (c: string) => pack.snapshot(r.to.id).charts[c]?.chartVersion ?? r.to.version;
    const old = releaseOf(o);
    const objects: { chart: string; obj: GitOpsObject }[] = [];
    if (!r.outputs.length) {
      notes.push(`${o.name}: chart ${chart} no longer exists at ${r.to.id}; the manifest is left as it is: remove it once nothing needs it`);
      out.push(doc);
      continue;
    }
    for (const output of r.outputs) {
      const install = pack.cluster?.installs[output.chart];
      if (output.reason === 'continues-input') {
        const renamed = output.chart !== chart;
        retarget(o, output.chart, version(output.chart), renamed ? (install?.release ?? output.chart) : undefined);
        o.commit();
        objects.push({ chart: output.chart, obj: o });
      } else {
        const copy = cloneFor(o, output.doc.toPlain());
        retarget(copy, output.chart, version(output.chart), install?.release ?? output.chart);
        objects.push({ chart: output.chart, obj: copy });
      }
    }
    if (o.valuesFrom) notes.push(`${o.name}: values referenced from elsewhere (valuesFrom / valueFiles) were kept as they are and were not migrated`);
    // CRD charts first: Flux dependsOn, Argo CD sync waves.
    const isCrds = (c: string) => pack.charts.find((f) => f.name === c)?.role === 'CRDs';
    objects.sort((a, b) => Number(isCrds(b.chart)) - Number(isCrds(a.chart)));
    const crds = objects.filter((x) => isCrds(x.chart)).map((x) => String(x.obj.doc.getIn(['metadata', 'name'])));
    if (objects.length > 1) for (const x of objects) order(x.obj, isCrds(x.chart) ? [] : crds, isCrds(x.chart) ? -1 : 0);
    out.push(...objects.map((x) => x.obj.doc));
    changed ||= r.changed;
    const handover = selectChain(pack, r.from, r.to).some((m) => m.charts.some((c) => c.chart === chart && c.cluster === 'handover'));
    if (handover && o.kind === 'argo') {
      runbook.push(
        `# ${o.name}: Argo CD renders the chart itself and keeps no Helm records; before syncing, keep what the new chart no longer renders (its namespace) from being pruned:`,
        `kubectl annotate --overwrite namespace ${old.namespace} argocd.argoproj.io/sync-options=Prune=false`,
      );
    } else if (handover) {
      const targets = objects.map((x) => ({ chart: x.chart, name: String(x.obj.doc.getIn(['metadata', 'name'])), ns: old.namespace }));
      const crdTarget = targets.find((t) => isCrds(t.chart));
      const main = targets.find((t) => !isCrds(t.chart));
      runbook.push(`# ${o.name}: before merging, hand ${old.namespace}/${old.name}'s objects to the new releases and remove only its records`);
      if (crdTarget) {
        runbook.push(`helm -n ${old.namespace} get manifest ${old.name} | yq 'select(.kind == "CustomResourceDefinition")' | kubectl annotate --overwrite -f - meta.helm.sh/release-name=${crdTarget.name} meta.helm.sh/release-namespace=${crdTarget.ns}`);
      }
      if (main) {
        runbook.push(`helm -n ${old.namespace} get manifest ${old.name} | yq 'select(.kind != "CustomResourceDefinition")' | kubectl annotate --overwrite -f - meta.helm.sh/release-name=${main.name} meta.helm.sh/release-namespace=${main.ns}`);
      }
      runbook.push(`helm -n ${old.namespace} get manifest ${old.name} | kubectl label --overwrite -f - app.kubernetes.io/managed-by=Helm`);
      runbook.push(`kubectl -n ${old.namespace} delete secret --field-selector type=helm.sh/release.v1 -l name=${old.name},owner=helm`);
      runbook.push(`# then merge: the controller installs ${targets.map((t) => t.name).join(', ')} and adopts the objects; deleting the old ${o.kind === 'flux' ? 'HelmRelease' : 'Application'} uninstalls nothing, its records are gone`);
    }
  }
  const text = changed ? out.map((d) => String(d).replace(/^---\n/, '')).join('---\n') : source;
  return { text, changed, runbook, notes, reports };
}

export function reportGitOps(r: GitOpsResult, io: CommandIO, opts: ValuesOptions): number {
  if (opts.json) {
    io.stdout.write(`${JSON.stringify({ schemaVersion: 1, kind: 'gitops-migration', changed: r.changed, manifests: r.reports, runbook: r.runbook, notes: r.notes }, null, 2)}\n`);
  } else if (!opts.quiet) {
    for (const rep of r.reports) io.log.raw(renderValuesReport(rep, io.log.color));
    for (const n of r.notes) io.log.warn(n);
    if (r.runbook.length) io.log.raw(`cluster-side steps the GitOps controller cannot do:\n${r.runbook.map((l) => `  ${l}`).join('\n')}\n`);
  }
  return opts.check && r.changed ? ExitCode.needsMigration : ExitCode.ok;
}
