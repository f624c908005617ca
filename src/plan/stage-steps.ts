/**
 * The steps of one stage, in the order apply runs them: check the data plane, back up the
 * releases that move, hand objects over, delete only the old records, retire a release that
 * owned CRDs the plan now applies, apply CRDs Helm would not upgrade, install or upgrade each target, check the result. Pure: it is given what the
 * earlier phases found and returns the steps and the files to save beside the plan.
 */
import { memo } from '../core/memo.js';
import { redactValue } from '../core/secrets.js';
import type { ClusterProfile } from '../core/types.js';
import type { StorageDriver } from '../helm/release.js';
import type { KubeObject, ObjectRef } from '../kube/types.js';
import { refOf } from '../kube/types.js';
import { toYaml } from '../values/manifests.js';
import { parseValues } from '../values/parse.js';
import type { ChartSource } from './chart-source.js';
import { sameRelease, type StageClassification } from './classify.js';
import { annotateCommand, applyCrdsCommand, backupCommand, deleteRecordsCommand, disownCommand, helmCommand } from './commands.js';
import type { Retirement } from './crd-owners.js';
import { sha256 } from './digest.js';
import type { PinnedRelease, ReleaseId, Step } from './types.js';

export interface StageSource {
  id: ReleaseId;
  chart: string;
  pin?: PinnedRelease;
  strategy: 'upgrade' | 'handover';
}

export interface StageTarget {
  id: ReleaseId;
  chart: string;
  values: string;
  /** The release it continues, if any (an upgrade in place when it is the same release). */
  source?: { id: ReleaseId };
  chartSource: ChartSource;
  rendered: KubeObject[];
  createNamespace: boolean;
  /** `helm show crds` of the chart (its text and its CRDs), when the pack says Helm would not upgrade them. */
  crds?: { text: string; objects: KubeObject[] };
}

export interface StageInput {
  stage: { from: string; to: string };
  sources: StageSource[];
  targets: StageTarget[];
  handovers: StageClassification['handovers'];
  disowned: StageClassification['disowned'];
  /** Releases retired in this stage, before any CRD is applied. */
  retire?: Retirement[];
  /** The resourceVersion an object is pinned at, when this stage pins objects (the first one). */
  pinnedVersion(ref: ObjectRef): string | undefined;
  profile: ClusterProfile;
  driver: StorageDriver;
  recordKind: 'Secret' | 'ConfigMap';
  trust?: { sha256: string; roots: ObjectRef; key: string };
}

export function layOutStage(input: StageInput): { steps: Step[]; files: Map<string, string> } {
  const { stage, profile, driver, recordKind: kind } = input;
  const steps: Step[] = [];
  const files = new Map<string, string>();
  let n = 0;
  const id = (what: string) => `${stage.to}/${String(++n).padStart(2, '0')}-${what}`;
  const pinOf = (s: StageSource): PinnedRelease => s.pin ?? { name: s.id.name, namespace: s.id.namespace, chart: s.chart, chartVersion: '', revision: 0, records: [] };
  const chartOf = (t: StageTarget) => ({ name: t.chart, version: t.chartSource.chartVersion, source: t.chartSource.ref, ...(t.chartSource.repo ? { repository: t.chartSource.repo } : {}) });

  const dp = profile.dataPlane;
  if (dp) {
    steps.push({ id: id('check-data-plane'), type: 'check-data-plane', minimum: stage.from, description: `every ${dp.what} of ${stage.from} or newer (one release of skew at most)`, command: `kubectl get pods -A -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.name} {.metadata.annotations.${dp.versionAnnotation.replace(/\./g, '\\.')}}{"\\n"}{end}'` });
  }
  for (const s of input.sources) {
    steps.push({ id: id(`backup-${s.id.name}`), type: 'backup-release', release: pinOf(s), driver, dir: `backup/${stage.to}/${s.id.namespace}.${s.id.name}`, description: `save every record of release ${s.id.namespace}/${s.id.name}, byte for byte (0600 files)`, command: backupCommand(s.id, kind) });
  }
  // Objects a step changes carry the resourceVersion they are pinned at, where this stage pins.
  const pinned = (objects: ObjectRef[]) =>
    objects.map((r) => {
      const rv = input.pinnedVersion(r);
      return { ...r, ...(rv ? { resourceVersion: rv } : {}) };
    });
  for (const h of input.handovers) {
    const objs = pinned(h.objects);
    steps.push({ id: id(`annotate-${h.to.name}`), type: 'annotate', target: h.to, from: h.from, objects: objs, description: `hand ${objs.length} object(s) of ${h.from.namespace}/${h.from.name} to release ${h.to.namespace}/${h.to.name}`, command: annotateCommand(objs, h.to) });
  }
  for (const s of input.sources.filter((x) => x.strategy === 'handover')) {
    steps.push({ id: id(`delete-records-${s.id.name}`), type: 'delete-release-records', release: pinOf(s), driver, description: `delete only release ${s.id.namespace}/${s.id.name}'s storage records (its objects stay; never helm uninstall it)`, command: deleteRecordsCommand(s.id, kind) });
  }
  // Records first, so from here on no uninstall can reach the CRDs; then their ownership goes.
  for (const r of input.retire ?? []) {
    const rel = r.release;
    steps.push({ id: id(`backup-${rel.name}`), type: 'backup-release', release: rel, driver, dir: `backup/${stage.to}/${rel.namespace}.${rel.name}`, description: `save every record of release ${rel.namespace}/${rel.name}, which the plan retires, byte for byte (0600 files)`, command: backupCommand(rel, kind) });
    steps.push({ id: id(`delete-records-${rel.name}`), type: 'delete-release-records', release: rel, driver, description: `delete only release ${rel.namespace}/${rel.name}'s storage records: its ${r.crds.length} CRD(s) stay, and no uninstall can delete them any more`, command: deleteRecordsCommand(rel, kind) });
    steps.push({ id: id(`disown-${rel.name}`), type: 'disown', from: { name: rel.name, namespace: rel.namespace }, objects: r.crds, description: `take release ${rel.namespace}/${rel.name}'s Helm ownership off its ${r.crds.length} CRD(s)`, command: disownCommand(r.crds) });
  }
  // A fleet's targets often share their values: each text is read once.
  const previewOf = memo(preview);
  for (const t of input.targets) {
    const crds = t.crds?.objects ?? [];
    if (t.crds && crds.length) {
      const manifest = `crds/${stage.to}/${t.id.namespace}.${t.id.name}.yaml`;
      files.set(manifest, t.crds.text);
      steps.push({
        id: id(`crds-${t.id.name}`),
        type: 'apply-crds',
        chart: chartOf(t),
        manifest: { file: manifest, sha256: sha256(t.crds.text) },
        crds: crds.map((c) => c.metadata.name),
        description: `apply the ${crds.length} CRDs of ${t.chart} ${t.chartSource.chartVersion} whole (replaced, not merged) before the upgrade: ${profile.crdsFolder?.why ?? 'Helm would not upgrade them'}`,
        command: applyCrdsCommand(t.chartSource),
      });
    }
    const file = `values/${stage.to}/${t.id.namespace}.${t.id.name}.yaml`;
    files.set(file, t.values);
    steps.push({
      id: id(`helm-${t.id.name}`),
      type: 'helm-upgrade-install',
      release: t.id,
      chart: chartOf(t),
      values: { file, preview: previewOf(t.values), sha256: sha256(t.values) },
      createNamespace: t.createNamespace,
      description: `${t.source && sameRelease(t.source.id, t.id) ? 'upgrade' : 'install'} ${t.chart} ${t.chartSource.chartVersion} as ${t.id.namespace}/${t.id.name}`,
      command: helmCommand(t.id, t.chartSource, file, t.createNamespace),
    });
  }
  // What no release takes from here on loses the ownership of the release whose records went
  // (last: no chart of the stage renders it, so nothing before depends on it).
  for (const d of input.disowned) {
    const objs = pinned(d.objects);
    steps.push({ id: id(`disown-${d.from.name}`), type: 'disown', from: d.from, objects: objs, description: `take release ${d.from.namespace}/${d.from.name}'s Helm ownership off the ${objs.length} object(s) no release manages from here on`, command: disownCommand(objs) });
  }
  const trust = input.trust;
  steps.push({
    id: id('post-check'),
    type: 'post-check',
    releases: input.targets.map((t) => t.id),
    crds: input.targets.flatMap((t) => t.rendered.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata.name)),
    owned: input.targets.flatMap((t) => t.rendered.map((o) => ({ ...refOf(o), release: t.id }))),
    ...(trust ? { trustAnchorSha256: trust.sha256, trustRoots: trust.roots } : {}),
    description: `releases deployed, CRDs present, objects owned by the expected releases${trust ? ', trust anchor unchanged' : ''}`,
    command: ['helm list -A; kubectl get crd', ...(trust ? [`kubectl get configmap -n ${trust.roots.namespace} ${trust.roots.name} -o jsonpath='{.data.${trust.key.replace(/\./g, '\\.')}}' | sha256sum`] : [])].join('; '),
  });
  return { steps, files };
}

/** The values with every secret replaced by its size. */
function preview(values: string): string {
  const plain = parseValues(values, 'values').values.toPlain();
  const redacted: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(plain)) redacted[k] = redactValue([k], v);
  return Object.keys(redacted).length ? toYaml(redacted) : '{}\n';
}
