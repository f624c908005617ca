import { defineMigration } from '../../src/core/define.js';
import type { HookContext } from '../../src/core/types.js';

/** Under the CNI plugin 2.13's control-plane pods validate the pod network before starting. */
function cniNetworkValidator(ctx: HookContext): void {
  if (ctx.get('cniEnabled') !== true) return;
  ctx.note('cniEnabled: 2.13 runs a network validator init container (linkerd-network-validator) in the control-plane pods, which checks that the CNI plugin redirects traffic before they start', 'info', [{ object: 'Deployment/*', field: 'initContainers[linkerd-network-validator]' }]);
}

/**
 * viz's namespace-metadata Job ran `curlimages/curl` from Docker Hub in 2.12; 2.13 runs
 * `extension-init` from `defaultRegistry`. A registry the user mirrors the viz images to must
 * now hold that image too.
 */
function namespaceMetadataRegistry(ctx: HookContext): void {
  const registry = ctx.get('defaultRegistry');
  if (typeof registry !== 'string' || registry === 'cr.l5d.io/linkerd' || ctx.has('namespaceMetadata.image.registry')) return;
  ctx.note(
    `the namespace-metadata Job now pulls extension-init:v0.1.0 from defaultRegistry (${registry}) where 2.12 pulled curlimages/curl from Docker Hub: mirror cr.l5d.io/linkerd/extension-init there, or set namespaceMetadata.image.registry`,
    'warning',
    [{ object: 'Job/namespace-metadata', field: 'image' }],
  );
}

/** The namespace-metadata Job became extension-init, which is given the control-plane namespace. */
function namespaceMetadataKnowsControlPlane(ctx: HookContext): void {
  const ns = ctx.get('linkerdNamespace');
  if (typeof ns !== 'string' || ns === 'linkerd') return;
  ctx.note(`the namespace-metadata Job (now extension-init) is given the control-plane namespace, ${ns}`, 'info', [{ object: 'Job/namespace-metadata', field: 'args' }]);
}

/**
 * 2.13 renders all of linkerd-jaeger's policy behind collector.enabled, Jaeger's own Servers and
 * authorizations (gRPC, admin, UI) included, which 2.12 rendered with Jaeger whatever the
 * collector.
 */
function jaegerPolicy(ctx: HookContext): void {
  if (ctx.get('collector.enabled') !== false || ctx.get('jaeger.enabled') === false) return;
  const ports = ['jaeger-grpc', 'jaeger-admin', 'jaeger-ui'];
  ctx.note(
    `collector.enabled: false: 2.13 no longer installs the Servers and authorizations of Jaeger's own ports (${ports.join(', ')}), so the default inbound policy decides who reaches them (with deny, nothing does)`,
    'warning',
    ports.flatMap((p) => [{ object: `Server/${p}` }, { object: `AuthorizationPolicy/${p}` }]),
  );
}

export default defineMigration({
  from: '2.12',
  to: '2.13',
  summary: 'no value moves; defaults change (proxy log level silences trust_dns)',
  charts: [
    {
      chart: 'linkerd-control-plane',
      operations: [{ op: 'hook', name: 'cni-network-validator', run: cniNetworkValidator, why: 'a network validator runs under the CNI plugin from 2.13' }],
    },
    {
      chart: 'linkerd-viz',
      operations: [{ op: 'hook', name: 'namespace-metadata-registry', run: namespaceMetadataRegistry, why: 'the namespace-metadata Job pulls from defaultRegistry from 2.13' }],
    },
    {
      chart: 'linkerd-jaeger',
      operations: [
        { op: 'hook', name: 'namespace-metadata-control-plane', run: namespaceMetadataKnowsControlPlane, why: 'the namespace-metadata Job is given linkerdNamespace from 2.13' },
        { op: 'hook', name: 'jaeger-policy', run: jaegerPolicy, why: 'Jaeger\'s own policy follows the collector from 2.13' },
      ],
    },
    {
      chart: 'linkerd-multicluster',
      operations: [{ op: 'hook', name: 'namespace-metadata-control-plane', run: namespaceMetadataKnowsControlPlane, why: 'the namespace-metadata Job is given linkerdNamespace from 2.13' }],
    },
  ],
  followUps: [{ text: 'Restart meshed workloads (kubectl rollout restart) so their proxies match the new control plane.' }],
});
