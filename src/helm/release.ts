/**
 * Helm's release records, decoded as Helm writes them: a Secret (or ConfigMap, with
 * HELM_DRIVER=configmap) named sh.helm.release.v1.<name>.v<revision>, labelled owner=helm, whose
 * `release` key is base64(gzip(JSON)) (base64 once more inside a Secret's data).
 */
import { gunzipSync } from 'node:zlib';
import { HelmMigrateError } from '../core/errors.js';
import type { Kube, KubeObject } from '../kube/types.js';
import { objectMembers, parseRange } from './json-members.js';

export type StorageDriver = 'secret' | 'configmap';

export interface HelmRelease {
  name: string;
  namespace: string;
  revision: number;
  status: string;
  chart: { name: string; version: string; appVersion?: string };
  /** User-supplied values (`helm get values`), not the chart defaults. */
  config: Record<string, unknown>;
  manifest: string;
  driver: StorageDriver;
  /** The storage object this revision lives in. */
  record: { kind: 'Secret' | 'ConfigMap'; name: string; namespace: string; resourceVersion: string };
}

export function driverFrom(env: NodeJS.ProcessEnv): StorageDriver {
  const d = (env.HELM_DRIVER ?? 'secret').toLowerCase();
  if (d === 'secret' || d === 'secrets' || d === '') return 'secret';
  if (d === 'configmap' || d === 'configmaps') return 'configmap';
  throw new HelmMigrateError('usage', `HELM_DRIVER=${env.HELM_DRIVER} is not supported (secret or configmap)`);
}

export function recordKind(driver: StorageDriver): { apiVersion: 'v1'; kind: 'Secret' | 'ConfigMap' } {
  return { apiVersion: 'v1', kind: driver === 'secret' ? 'Secret' : 'ConfigMap' };
}

/** The storage records of one release, or of every release in the cluster (one paged list). */
export function listRecords(kube: Kube, driver: StorageDriver, release?: { name: string; namespace: string }): Promise<KubeObject[]> {
  const { apiVersion, kind } = recordKind(driver);
  return release ? kube.list(apiVersion, kind, { namespace: release.namespace, labelSelector: `owner=helm,name=${release.name}` }) : kube.list(apiVersion, kind, { labelSelector: 'owner=helm' });
}

/** The members of a release's JSON helm-migrate reads; the chart's files are never decoded. */
const readMembers = ['name', 'namespace', 'version', 'info', 'config', 'manifest'];

/**
 * The JSON inside a record's `release` payload: the members `decodeRecord` reads, and of the
 * chart only its metadata (see json-members.ts for why the rest is skipped, not parsed).
 */
export function decodePayload(payload: string): Record<string, any> {
  let bytes = Buffer.from(payload, 'base64');
  // Helm gzips the JSON; very old records may be plain JSON.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08) bytes = gunzipSync(bytes);
  const members = objectMembers(bytes);
  const rel: Record<string, any> = {};
  for (const key of readMembers) {
    const at = members.get(key);
    if (at) rel[key] = parseRange(bytes, at);
  }
  const chart = members.get('chart');
  if (chart) {
    const metadata = bytes[chart[0]] === 0x7b /* { */ ? objectMembers(bytes, chart).get('metadata') : undefined;
    rel.chart = metadata ? { metadata: parseRange(bytes, metadata) } : parseRange(bytes, chart);
  }
  return rel;
}

export function decodeRecord(obj: KubeObject, driver: StorageDriver): HelmRelease {
  const data = (obj as { data?: Record<string, string> }).data ?? {};
  const raw = data.release;
  if (!raw) throw new HelmMigrateError('record-unreadable', `${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name} holds no Helm release`);
  const payload = driver === 'secret' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  let rel: Record<string, any>;
  try {
    rel = decodePayload(payload);
  } catch (err) {
    throw new HelmMigrateError('record-unreadable', `cannot decode Helm release record ${obj.metadata.namespace}/${obj.metadata.name}: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  return {
    name: rel.name,
    namespace: rel.namespace ?? obj.metadata.namespace,
    revision: Number(rel.version),
    status: rel.info?.status ?? obj.metadata.labels?.status ?? 'unknown',
    chart: { name: rel.chart?.metadata?.name, version: String(rel.chart?.metadata?.version), appVersion: rel.chart?.metadata?.appVersion },
    config: rel.config ?? {},
    manifest: rel.manifest ?? '',
    driver,
    record: { kind: obj.kind as 'Secret' | 'ConfigMap', name: obj.metadata.name, namespace: obj.metadata.namespace ?? rel.namespace, resourceVersion: obj.metadata.resourceVersion ?? '' },
  };
}

/** Every record decoded, and those that cannot be (another tool's, or corrupt) set apart. */
export function decodeAll(records: KubeObject[], driver: StorageDriver): { decoded: HelmRelease[]; unreadable: KubeObject[] } {
  const decoded: HelmRelease[] = [];
  const unreadable: KubeObject[] = [];
  for (const r of records) {
    try {
      decoded.push(decodeRecord(r, driver));
    } catch (err) {
      if (!(err instanceof HelmMigrateError) || err.code !== 'record-unreadable') throw err;
      unreadable.push(r);
    }
  }
  return { decoded, unreadable };
}

/** Every revision of a release helm can read, newest first (records nobody can decode left out). */
export async function releaseHistory(kube: Kube, driver: StorageDriver, release: { name: string; namespace: string }): Promise<HelmRelease[]> {
  return decodeAll(await listRecords(kube, driver, release), driver).decoded.sort((a, b) => b.revision - a.revision);
}

/** The revision Helm treats as current: the newest deployed one. */
export function currentRevision(revisions: HelmRelease[]): HelmRelease | undefined {
  return [...revisions].filter((r) => r.status === 'deployed').sort((a, b) => b.revision - a.revision)[0];
}

/** The release's current (newest deployed) revision, read from its records; undefined when none is deployed. */
export async function deployedRevision(kube: Kube, driver: StorageDriver, release: { name: string; namespace: string }): Promise<HelmRelease | undefined> {
  return currentRevision((await listRecords(kube, driver, release)).map((r) => decodeRecord(r, driver)));
}

/** Groups decoded records by release (namespace/name). */
export function groupReleases(records: HelmRelease[]): Map<string, HelmRelease[]> {
  const out = new Map<string, HelmRelease[]>();
  for (const r of records) {
    const k = `${r.namespace}/${r.name}`;
    out.set(k, [...(out.get(k) ?? []), r]);
  }
  return out;
}
