import { defineMigration } from '../../src/core/define.js';
import type { HookContext } from '../../src/core/types.js';
import { redirectToEntryPoint } from './transforms.js';

/**
 * Chart 34 uses `namespaceOverride` in the instance label too, which changes the Deployment's
 * selector: Kubernetes refuses that on upgrade. Offline the release namespace is unknown, so
 * the fix is said, not made.
 */
function namespaceOverrideSelector(ctx: HookContext): void {
  const ns = ctx.get('namespaceOverride');
  if (typeof ns !== 'string' || ns === '' || ctx.has('instanceLabelOverride')) return;
  ctx.note(`namespaceOverride (${ns}) now goes into the app.kubernetes.io/instance label, which changes the workload's immutable selector: unless the release namespace is ${ns}, set instanceLabelOverride: <release name>-<release namespace> to keep it (or install a new instance and switch traffic)`, 'warning', [
    { object: '*', field: 'app.kubernetes.io/instance' },
  ]);
}

/** Chart 33 ran the status-address Service name through tpl; chart 34 writes it as it is. */
function statusServiceTemplates(ctx: HookContext): void {
  for (const key of ['name', 'namespace']) {
    const path = `providers.kubernetesGateway.statusAddress.service.${key}`;
    const v = ctx.get(path);
    if (typeof v === 'string' && v.includes('{{')) {
      ctx.note(`${path} holds a template (${v}); chart 34 no longer renders templates there and writes the text as it is: set the ${key} itself`, 'warning');
    }
  }
}

/** Chart 34 refuses Traefik Hub without a pinned image tag (it cannot tell the Hub version otherwise). */
function hubNeedsTag(ctx: HookContext): void {
  if (ctx.get('hub.token') && !ctx.get('image.tag')) {
    ctx.note('hub.token is set but image.tag is not: chart 34 refuses that ("When using Traefik Hub image tag needs to be specified"); set image.tag to your Traefik Hub version', 'warning');
  }
}

/**
 * Chart 34 reads namespaceOverride where 33 read the release namespace in the cluster-wide
 * objects' names too (ClusterRole and its binding, `<fullname>-<namespace>`).
 */
function clusterObjectsFollowNamespace(ctx: HookContext): void {
  const ns = ctx.get('namespaceOverride');
  if (typeof ns !== 'string' || !ns) return;
  ctx.note(
    `namespaceOverride: the ClusterRole and ClusterRoleBinding are now named <fullname>-${ns} (Helm replaces them: the old ones go), and a published Ingress status comes from the Service in ${ns}, where chart 33 used the release namespace`,
    'info',
    [{ object: 'ClusterRole/*' }, { object: 'ClusterRoleBinding/*' }, { object: 'Deployment/*', field: 'publishedservice' }],
  );
}

export default defineMigration({
  from: '33',
  to: '34',
  summary: 'ports.<name>.redirectTo → ports.<name>.redirections.entryPoint (Traefik\'s syntax); tracing.globalAttributes → tracing.resourceAttributes; namespaceOverride reaches the instance label',
  charts: [
    {
      chart: 'traefik',
      operations: [
        { op: 'hook', name: 'cluster-objects-follow-namespace', run: clusterObjectsFollowNamespace, why: 'chart 34 names cluster-wide objects after namespaceOverride' },
        { op: 'remove', path: 'ports.*.redirectTo', only: { equals: {} }, why: 'the empty default' },
        { op: 'reshape', from: 'ports.*.redirectTo', to: 'ports.*.redirections', transform: redirectToEntryPoint, why: 'chart 34 refuses redirectTo ("redirectTo syntax has been removed in v34 of this Chart")' },
        { op: 'move', from: 'tracing.globalAttributes', to: 'tracing.resourceAttributes', why: 'renamed as Traefik v3.3 names it; chart 34 ignores the old key' },
        { op: 'remove', path: 'providers.kubernetesGateway.statusAddress.service.name', only: 'old-default', why: 'a template chart 34 would no longer render; it now derives the name itself' },
        { op: 'remove', path: 'providers.kubernetesGateway.statusAddress.service.namespace', only: 'old-default', why: 'a template chart 34 would no longer render; it now derives the namespace itself' },
        { op: 'hook', name: 'status-service-templates', run: statusServiceTemplates, why: 'chart 34 no longer renders templates in the status-address Service' },
        { op: 'hook', name: 'hub-needs-tag', run: hubNeedsTag, why: 'chart 34 needs image.tag with Traefik Hub' },
        { op: 'hook', name: 'namespace-override-selector', run: namespaceOverrideSelector, why: 'namespaceOverride changes the workload selector from chart 34' },
      ],
    },
  ],
  example: {
    chart: 'traefik',
    values: 'ports:\n  web:\n    redirectTo:\n      port: websecure\n      permanent: true\ntracing:\n  globalAttributes:\n    env: prod\n',
  },
});
