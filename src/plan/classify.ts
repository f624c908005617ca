/**
 * Preflight, pure: given what exists (a view of live objects and who owns them) and what each
 * target release will render, say for every object what will happen to it, and what Helm would
 * refuse, in Helm's own words.
 */
import type { KubeObject, ObjectRef } from '../kube/types.js';
import { refKey, refOf } from '../kube/types.js';
import { crdStoredVersions, crdVersions } from './crd-versions.js';
import type { Blocker, ClassifiedObject, ReleaseId } from './types.js';

export const RELEASE_NAME = 'meta.helm.sh/release-name';
export const RELEASE_NAMESPACE = 'meta.helm.sh/release-namespace';
export const MANAGED_BY = 'app.kubernetes.io/managed-by';

/** What the planner knows about one object at some point of the plan. */
export interface ViewEntry {
  ref: ObjectRef;
  exists: boolean;
  owner?: ReleaseId;
  managedByHelm?: boolean;
  live?: KubeObject;
}

export type ClusterView = Map<string, ViewEntry>;

export function ownerOf(o: KubeObject): ReleaseId | undefined {
  const name = o.metadata.annotations?.[RELEASE_NAME];
  const namespace = o.metadata.annotations?.[RELEASE_NAMESPACE];
  return name && namespace ? { name, namespace } : undefined;
}

export function viewOf(objects: KubeObject[]): ClusterView {
  const view: ClusterView = new Map();
  for (const o of objects) {
    const ref = refOf(o);
    view.set(refKey(ref), { ref, exists: true, owner: ownerOf(o), managedByHelm: o.metadata.labels?.[MANAGED_BY] === 'Helm', live: o });
  }
  return view;
}

export const sameRelease = (a?: ReleaseId, b?: ReleaseId) => Boolean(a && b && a.name === b.name && a.namespace === b.namespace);

/**
 * Helm's ownership error for an object that exists and does not belong to `target`, as
 * pkg/action/validate.go words it (for install; upgrades say "update").
 */
export function predictOwnershipError(e: ViewEntry, target: ReleaseId): string {
  const o = e.live;
  const parts: string[] = [];
  const managed = o?.metadata.labels?.[MANAGED_BY];
  if (managed !== 'Helm') parts.push(managed === undefined ? `label validation error: missing key "${MANAGED_BY}": must be set to "Helm"` : `label validation error: key "${MANAGED_BY}" must equal "Helm": current value is "${managed}"`);
  const name = o?.metadata.annotations?.[RELEASE_NAME];
  const ns = o?.metadata.annotations?.[RELEASE_NAMESPACE];
  if (name !== target.name) parts.push(name === undefined ? `annotation validation error: missing key "${RELEASE_NAME}": must be set to "${target.name}"` : `annotation validation error: key "${RELEASE_NAME}" must equal "${target.name}": current value is "${name}"`);
  if (ns !== target.namespace) parts.push(ns === undefined ? `annotation validation error: missing key "${RELEASE_NAMESPACE}": must be set to "${target.namespace}"` : `annotation validation error: key "${RELEASE_NAMESPACE}" must equal "${target.namespace}": current value is "${ns}"`);
  return `${e.ref.kind} "${e.ref.name}" in namespace "${e.ref.namespace ?? ''}" exists and cannot be imported into the current release: invalid ownership metadata; ${parts.join('; ')}`;
}

export interface TargetManifest {
  release: ReleaseId;
  objects: KubeObject[];
}

export interface SourceRelease {
  release: ReleaseId;
  /** The objects its current manifest holds. */
  objects: ObjectRef[];
  strategy: 'upgrade' | 'handover';
}

export interface StageClassification {
  objects: ClassifiedObject[];
  blocked: Blocker[];
  /** Hand-overs grouped by (old owner → new release). */
  handovers: { from: ReleaseId; to: ReleaseId; objects: ObjectRef[] }[];
  /**
   * What a handed-over release owned that no new release takes, grouped by that release: it
   * stays, and loses the ownership of a release whose records are deleted (an audit would find
   * it owned by nothing that exists, and Helm refuses to adopt an object another release owns).
   */
  disowned: { from: ReleaseId; objects: ObjectRef[] }[];
}

/** Classifies one stage and updates `view` to what the cluster looks like after it. */
export function classifyStage(stage: string, view: ClusterView, sources: SourceRelease[], targets: TargetManifest[]): StageClassification {
  const objects: ClassifiedObject[] = [];
  const blocked: Blocker[] = [];
  const handovers = new Map<string, { from: ReleaseId; to: ReleaseId; objects: ObjectRef[] }>();
  const handingOver = sources.filter((s) => s.strategy === 'handover').map((s) => s.release);
  const rendered = new Set(targets.flatMap((t) => t.objects.map((o) => refKey(refOf(o)))));

  // A `helm upgrade` deletes what the release's new manifest no longer holds, before any other
  // release of the stage is installed (upgrades run first): those objects are gone by then.
  const deletedBy = new Map<string, ReleaseId>();
  for (const s of sources.filter((x) => x.strategy === 'upgrade')) {
    const own = targets.find((t) => sameRelease(t.release, s.release));
    const keep = new Set((own?.objects ?? []).map((o) => refKey(refOf(o))));
    for (const ref of s.objects) {
      const key = refKey(ref);
      const e = view.get(key);
      if (keep.has(key) || !e?.exists) continue;
      if (ref.kind === 'CustomResourceDefinition') {
        blocked.push({ stage, object: ref, message: `helm upgrade of ${s.release.namespace}/${s.release.name} would delete CustomResourceDefinition "${ref.name}" and every resource of that kind`, hint: 'keep the CRD rendered (set the chart value that installs it) or hand it to another release first' });
      }
      deletedBy.set(key, s.release);
      view.set(key, { ...e, exists: false });
      if (!rendered.has(key)) objects.push({ ...ref, stage, class: 'left-behind', owner: s.release, note: 'deleted by the helm upgrade: the new chart no longer renders it' });
    }
  }

  for (const t of targets) {
    for (const obj of t.objects) {
      const ref = refOf(obj);
      const key = refKey(ref);
      const e = view.get(key);
      const base = { ...ref, stage, target: t.release };
      if (!e || !e.exists) {
        const by = deletedBy.get(key);
        objects.push({ ...base, class: 'absent', ...(by ? { note: `deleted by the upgrade of ${by.namespace}/${by.name}, then created by this release` } : {}) });
      } else if (sameRelease(e.owner, t.release) && e.managedByHelm !== false) {
        objects.push({ ...base, class: 'owned-by-target', owner: e.owner });
      } else if (e.owner && handingOver.some((h) => sameRelease(h, e.owner))) {
        objects.push({ ...base, class: 'hand-over', owner: e.owner });
        const k = `${e.owner.namespace}/${e.owner.name}>${t.release.namespace}/${t.release.name}`;
        const group = handovers.get(k) ?? { from: e.owner, to: t.release, objects: [] };
        group.objects.push(ref);
        handovers.set(k, group);
      } else {
        const cls = e.owner ? 'owned-by-other' : 'unmanaged';
        objects.push({ ...base, class: cls, owner: e.owner });
        blocked.push({
          stage,
          object: ref,
          message: predictOwnershipError(e, t.release),
          hint: e.owner
            ? `it belongs to release ${e.owner.namespace}/${e.owner.name}; hand it over explicitly or remove it from that release first`
            : 'it was created outside Helm; annotate it for the new release if it should be adopted, or delete it',
        });
      }
      checkImmutable(stage, e, obj, blocked);
    }
  }

  // What handed-over releases held that no new manifest renders stays where it is; what they
  // still own loses that ownership (another release may have claimed it meanwhile: kept so).
  const disowned: StageClassification['disowned'] = [];
  for (const s of sources.filter((x) => x.strategy === 'handover')) {
    const mine: ObjectRef[] = [];
    for (const ref of s.objects) {
      const key = refKey(ref);
      const e = view.get(key);
      if (rendered.has(key) || !e?.exists) continue;
      const owned = e.owner !== undefined && sameRelease(e.owner, s.release);
      const kept = ref.kind === 'Namespace' ? 'kept: no chart renders namespaces from here on, and deleting it would delete everything in it' : 'kept in place, no longer managed by any release';
      objects.push({ ...ref, stage, class: 'left-behind', owner: s.release, note: owned ? `${kept}; the ownership of ${s.release.namespace}/${s.release.name}, whose records are deleted, is taken off it` : kept });
      if (!owned) continue;
      mine.push(ref);
      view.set(key, { ...e, owner: undefined, managedByHelm: false });
    }
    if (mine.length) disowned.push({ from: s.release, objects: mine });
  }

  for (const t of targets) {
    for (const obj of t.objects) {
      const ref = refOf(obj);
      const prev = view.get(refKey(ref));
      view.set(refKey(ref), { ref, exists: true, owner: t.release, managedByHelm: true, live: prev?.live ?? obj });
    }
  }
  return { objects, blocked, handovers: [...handovers.values()], disowned };
}

/** Selectors of workloads are immutable: an upgrade that changes one fails (L-25). */
function checkImmutable(stage: string, e: ViewEntry | undefined, rendered: KubeObject, blocked: Blocker[]): void {
  if (!e?.exists || !e.live || !['Deployment', 'DaemonSet', 'StatefulSet', 'Job'].includes(rendered.kind)) return;
  const live = JSON.stringify((e.live as { spec?: { selector?: unknown } }).spec?.selector ?? null);
  const next = JSON.stringify((rendered as { spec?: { selector?: unknown } }).spec?.selector ?? null);
  if (live === 'null' || next === 'null' || canonical(live) === canonical(next)) return;
  const group = rendered.apiVersion.split('/')[0];
  blocked.push({
    stage,
    object: refOf(rendered),
    message: `cannot patch "${rendered.metadata.name}" with kind ${rendered.kind}: ${rendered.kind}.${group} "${rendered.metadata.name}" is invalid: spec.selector: Invalid value: ${next}: field is immutable`,
    hint: 'the new chart changes the selector; delete the workload (orphaning its pods) before this stage, or keep the old labels',
  });
}

function canonical(json: string): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sort(x)])) : v;
  return JSON.stringify(sort(JSON.parse(json)));
}

/** A CRD whose stored versions the new definition no longer serves cannot be updated (L-19). */
export function checkStoredVersions(stage: string, view: ClusterView, targets: TargetManifest[]): Blocker[] {
  const crds = targets.flatMap((t) => t.objects.filter((o) => o.kind === 'CustomResourceDefinition'));
  return crds.flatMap((obj) => storedVersionBlockers(stage, obj, crdStoredVersions(view.get(refKey(refOf(obj)))?.live)));
}

/**
 * A CRD definition that no longer lists a version objects were once stored as (`stored`, the
 * live CRD's status.storedVersions) is refused by the API server, with these words.
 */
export function storedVersionBlockers(stage: string, crd: KubeObject, stored: string[]): Blocker[] {
  const versions = crdVersions(crd).map((v) => v.name);
  if (!versions.length) return [];
  return stored.flatMap((v, i) =>
    versions.includes(v)
      ? []
      : [
          {
            stage,
            object: refOf(crd),
            message: `CustomResourceDefinition.apiextensions.k8s.io "${crd.metadata.name}" is invalid: status.storedVersions[${i}]: Invalid value: "${v}": missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`,
            hint: `rewrite every stored object at a version the new CRD serves and remove ${v} from status.storedVersions (a storage migration) first`,
          },
        ],
  );
}
