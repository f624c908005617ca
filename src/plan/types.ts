/**
 * The saved plan: a YAML file a person reviews, then `helm-migrate apply` runs. Versioned; every
 * step is typed and ordered, carries the exact command or patch it stands for, and pins what it
 * expects to find. Secret values never appear here: values files live beside the plan, 0600.
 */
import type { StorageDriver } from '../helm/release.js';
import type { ObjectRef } from '../kube/types.js';

export const PLAN_API_VERSION = 'helm-migrate.io/v1alpha1';

export interface ReleaseId {
  name: string;
  namespace: string;
}

export interface PinnedRelease extends ReleaseId {
  chart: string;
  chartVersion: string;
  revision: number;
  /** Every storage record of the release, with the resourceVersion read at plan time. */
  records: { kind: 'Secret' | 'ConfigMap'; name: string; resourceVersion: string }[];
}

export interface PinnedObject extends ObjectRef {
  resourceVersion: string;
}

/** What preflight found for one object of an old or new manifest. */
export type ObjectClass =
  | 'absent' // will be created
  | 'hand-over' // owned by the old release: re-annotated for its new one
  | 'owned-by-target' // already belongs to the release that will manage it
  | 'owned-by-other' // another release owns it: blocks
  | 'unmanaged' // exists without Helm metadata: Helm would refuse; blocks
  | 'left-behind'; // in an old manifest, in no new one: kept, no longer managed

export interface ClassifiedObject extends ObjectRef {
  stage: string;
  class: ObjectClass;
  /** The release that manages it after the stage. */
  target?: ReleaseId;
  /** The release that owns it now (from its annotations). */
  owner?: ReleaseId;
  note?: string;
}

export interface Blocker {
  stage: string;
  object?: ObjectRef;
  /** What Helm (or the API server) would say, exactly where it can be predicted. */
  message: string;
  hint?: string;
}

export interface ValuesRef {
  /** Path relative to the plan's sidecar folder; the file is 0600. */
  file: string;
  /** The values with secrets redacted, for review. */
  preview: string;
  /** sha256 of the file, checked before helm runs (see digest.ts). */
  sha256: string;
}

interface StepBase {
  id: string;
  description: string;
  /** The equivalent command (or patch) a person could run by hand. */
  command: string;
}

export interface BackupStep extends StepBase {
  type: 'backup-release';
  release: PinnedRelease;
  driver: StorageDriver;
  /** Folder (relative to the sidecar folder) where each record is saved byte for byte. */
  dir: string;
}

export interface AnnotateStep extends StepBase {
  type: 'annotate';
  /** The release the objects are handed to. */
  target: ReleaseId;
  /** The release they belonged to (rollback puts this back). */
  from: ReleaseId;
  objects: (ObjectRef & { resourceVersion?: string })[];
}

/**
 * Helm's ownership taken off objects whose release the plan retires (its records deleted, its
 * objects kept): no later install or uninstall reads them as that release's. Rollback puts the
 * ownership back with the release's records.
 */
export interface DisownStep extends StepBase {
  type: 'disown';
  /** The release they belonged to. */
  from: ReleaseId;
  objects: (ObjectRef & { resourceVersion?: string })[];
}

export interface DeleteRecordsStep extends StepBase {
  type: 'delete-release-records';
  release: PinnedRelease;
  driver: StorageDriver;
}

export interface HelmStep extends StepBase {
  type: 'helm-upgrade-install';
  release: ReleaseId;
  /** `source` is what helm is given: a chart folder, or the chart's name in `repository` (a URL). */
  chart: { name: string; version: string; source: string; repository?: string };
  values: ValuesRef;
  createNamespace: boolean;
}

export interface DataPlaneStep extends StepBase {
  type: 'check-data-plane';
  /** Proxies older than this release must be restarted first. */
  minimum: string;
}

export interface PostCheckStep extends StepBase {
  type: 'post-check';
  releases: ReleaseId[];
  crds: string[];
  owned: (ObjectRef & { release: ReleaseId })[];
  trustAnchorSha256?: string;
  trustRoots?: ObjectRef;
}

/**
 * CRDs a chart ships in its crds/ folder, which Helm installs with the release and never
 * upgrades: each put in place whole (replaced, or created) before the chart upgrade
 * that needs them. Never deleted, and not undone by rollback (a newer CRD serves older objects).
 */
export interface ApplyCrdsStep extends StepBase {
  type: 'apply-crds';
  chart: { name: string; version: string; source: string; repository?: string };
  manifest: { file: string; sha256: string };
  crds: string[];
}

export type Step = BackupStep | AnnotateStep | DeleteRecordsStep | DisownStep | ApplyCrdsStep | HelmStep | DataPlaneStep | PostCheckStep;

export interface Stage {
  from: string;
  to: string;
  summary: string;
  steps: Step[];
}

export interface Plan {
  apiVersion: typeof PLAN_API_VERSION;
  kind: 'MigrationPlan';
  /** `digest`: sha256 over the plan without it, and (through each step) its values files. */
  metadata: { createdAt: string; tool: string; digest?: string };
  pack: string;
  from: string;
  to: string;
  /** How to talk to the cluster, decided at plan time and used as is by apply and rollback. */
  cluster: { context: string; server: string; helmDriver: StorageDriver; helmVersion?: string };
  pins: { releases: PinnedRelease[]; objects: PinnedObject[]; trustAnchorSha256?: string };
  preflight: { objects: ClassifiedObject[]; blocked: Blocker[]; notes: string[] };
  stages: Stage[];
  followUps: string[];
}
