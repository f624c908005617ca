/**
 * The kinds the server knows: built-in ones the Linkerd charts and helm storage use, and any
 * registered by a CustomResourceDefinition. Objects are stored by group and resource, so every
 * served version of a group (batch/v1 and batch/v1beta1) sees the same objects, as on a real
 * cluster.
 */
export interface ResourceType {
  group: string; // '' for the core group
  versions: string[]; // served versions, preferred first
  resource: string; // plural, as in URLs
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Set for kinds registered by a CRD (their objects go when the CRD goes). */
  crd?: string;
}

const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
export { verbs as resourceVerbs };

function t(group: string, versions: string[], resource: string, kind: string, namespaced: boolean, shortNames?: string[]): ResourceType {
  return { group, versions, resource, singular: kind.toLowerCase(), kind, namespaced, ...(shortNames ? { shortNames } : {}) };
}

export const builtinTypes: ResourceType[] = [
  t('', ['v1'], 'namespaces', 'Namespace', false, ['ns']),
  t('', ['v1'], 'serviceaccounts', 'ServiceAccount', true, ['sa']),
  t('', ['v1'], 'secrets', 'Secret', true),
  t('', ['v1'], 'configmaps', 'ConfigMap', true, ['cm']),
  t('', ['v1'], 'services', 'Service', true, ['svc']),
  t('', ['v1'], 'endpoints', 'Endpoints', true, ['ep']),
  t('', ['v1'], 'pods', 'Pod', true, ['po']),
  t('', ['v1'], 'events', 'Event', true, ['ev']),
  t('', ['v1'], 'persistentvolumeclaims', 'PersistentVolumeClaim', true, ['pvc']),
  t('', ['v1'], 'nodes', 'Node', false, ['no']),
  t('apps', ['v1'], 'deployments', 'Deployment', true, ['deploy']),
  t('apps', ['v1'], 'daemonsets', 'DaemonSet', true, ['ds']),
  t('apps', ['v1'], 'statefulsets', 'StatefulSet', true, ['sts']),
  t('apps', ['v1'], 'replicasets', 'ReplicaSet', true, ['rs']),
  t('batch', ['v1', 'v1beta1'], 'cronjobs', 'CronJob', true, ['cj']),
  t('batch', ['v1'], 'jobs', 'Job', true),
  t('rbac.authorization.k8s.io', ['v1'], 'roles', 'Role', true),
  t('rbac.authorization.k8s.io', ['v1'], 'rolebindings', 'RoleBinding', true),
  t('rbac.authorization.k8s.io', ['v1'], 'clusterroles', 'ClusterRole', false),
  t('rbac.authorization.k8s.io', ['v1'], 'clusterrolebindings', 'ClusterRoleBinding', false),
  t('admissionregistration.k8s.io', ['v1', 'v1beta1'], 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false),
  t('admissionregistration.k8s.io', ['v1', 'v1beta1'], 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false),
  t('apiregistration.k8s.io', ['v1', 'v1beta1'], 'apiservices', 'APIService', false),
  t('apiextensions.k8s.io', ['v1', 'v1beta1'], 'customresourcedefinitions', 'CustomResourceDefinition', false, ['crd', 'crds']),
  t('policy', ['v1', 'v1beta1'], 'poddisruptionbudgets', 'PodDisruptionBudget', true, ['pdb']),
  // Removed from Kubernetes 1.25, but the 2.8–2.10 charts always render one: this double still serves it.
  t('policy', ['v1beta1'], 'podsecuritypolicies', 'PodSecurityPolicy', false, ['psp']),
  t('networking.k8s.io', ['v1'], 'networkpolicies', 'NetworkPolicy', true, ['netpol']),
  t('networking.k8s.io', ['v1'], 'ingresses', 'Ingress', true, ['ing']),
  t('networking.k8s.io', ['v1'], 'ingressclasses', 'IngressClass', false),
  t('autoscaling', ['v2', 'v1'], 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa']),
  t('coordination.k8s.io', ['v1'], 'leases', 'Lease', true),
  t('scheduling.k8s.io', ['v1'], 'priorityclasses', 'PriorityClass', false, ['pc']),
];

/** The kinds a CRD object registers (v1 `spec.versions` or v1beta1 `spec.version`). */
export function typeFromCrd(crd: any): ResourceType | undefined {
  const spec = crd?.spec;
  const names = spec?.names;
  if (!spec?.group || !names?.plural || !names?.kind) return undefined;
  const versions: string[] = Array.isArray(spec.versions) && spec.versions.length
    ? spec.versions.filter((v: any) => v.served !== false).sort((a: any, b: any) => Number(Boolean(b.storage)) - Number(Boolean(a.storage))).map((v: any) => String(v.name))
    : spec.version
      ? [String(spec.version)]
      : [];
  if (!versions.length) return undefined;
  return {
    group: spec.group,
    versions,
    resource: names.plural,
    singular: names.singular ?? names.kind.toLowerCase(),
    kind: names.kind,
    namespaced: (spec.scope ?? 'Namespaced') === 'Namespaced',
    ...(names.shortNames ? { shortNames: names.shortNames } : {}),
    crd: crd.metadata?.name,
  };
}

export class Registry {
  private readonly types = new Map<string, ResourceType>();

  constructor() {
    for (const ty of builtinTypes) this.add(ty);
  }

  private key(group: string, resource: string): string {
    return `${group}/${resource}`;
  }

  add(ty: ResourceType): void {
    this.types.set(this.key(ty.group, ty.resource), ty);
  }

  remove(group: string, resource: string): void {
    this.types.delete(this.key(group, resource));
  }

  find(group: string, version: string, resource: string): ResourceType | undefined {
    const ty = this.types.get(this.key(group, resource));
    return ty && ty.versions.includes(version) ? ty : undefined;
  }

  byGroup(group: string): ResourceType[] {
    return [...this.types.values()].filter((t) => t.group === group);
  }

  all(): ResourceType[] {
    return [...this.types.values()];
  }

  groups(): { name: string; versions: string[] }[] {
    const out = new Map<string, Set<string>>();
    for (const ty of this.types.values()) {
      if (ty.group === '') continue;
      const set = out.get(ty.group) ?? new Set<string>();
      ty.versions.forEach((v) => set.add(v));
      out.set(ty.group, set);
    }
    return [...out].map(([name, versions]) => ({ name, versions: [...versions] }));
  }
}
