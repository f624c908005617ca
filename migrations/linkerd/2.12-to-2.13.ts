import { defineMigration } from '../../src/core/define.js';
import type { HookContext } from '../../src/core/types.js';

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

export default defineMigration({
  from: '2.12',
  to: '2.13',
  summary: 'no value moves; defaults change (proxy log level silences trust_dns)',
  charts: [
    {
      chart: 'linkerd-viz',
      operations: [{ op: 'hook', name: 'namespace-metadata-registry', run: namespaceMetadataRegistry, why: 'the namespace-metadata Job pulls from defaultRegistry from 2.13' }],
    },
  ],
  followUps: [{ text: 'Restart meshed workloads (kubectl rollout restart) so their proxies match the new control plane.' }],
});
