/**
 * What helm-migrate needs from a Kubernetes API, as an interface: the client-node adapter
 * (client.ts, loaded only by plan/apply/rollback/wizard) implements it. Objects are plain JSON.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** Identifies an object; `namespace` is absent for cluster-scoped kinds. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface ClusterIdentity {
  context: string;
  server: string;
}

export interface Kube {
  identity(): ClusterIdentity;
  /** Paged list; `namespace` undefined lists every namespace. */
  list(apiVersion: string, kind: string, opts?: { namespace?: string; labelSelector?: string; fieldSelector?: string }): Promise<KubeObject[]>;
  /** undefined when the object (or its kind) does not exist. */
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  /** JSON merge patch; `resourceVersion` makes it conditional (409 when the object changed). */
  mergePatch(ref: ObjectRef, patch: Record<string, unknown>): Promise<KubeObject>;
  create(obj: KubeObject): Promise<KubeObject>;
  /** Replaces an object whole (PUT); its `metadata.resourceVersion` makes it conditional (409 when it changed). */
  replace(obj: KubeObject): Promise<KubeObject>;
  /** Replaces an object's status subresource (PUT …/status), conditional on its resourceVersion. */
  replaceStatus(obj: KubeObject): Promise<KubeObject>;
  /** Deletes; conditional on `resourceVersion` when given. false when it was already gone. */
  delete(ref: ObjectRef, resourceVersion?: string): Promise<boolean>;
  /** Whether the API serves a kind (a CRD is installed). */
  serves(apiVersion: string, kind: string): Promise<boolean>;
}

export function refOf(o: KubeObject): ObjectRef {
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) };
}

/** A stable key for an object across API versions of the same group. */
export function refKey(r: ObjectRef): string {
  const group = r.apiVersion.includes('/') ? r.apiVersion.split('/')[0] : '';
  return `${group}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
}
