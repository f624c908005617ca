import { defineMigration } from '../../src/core/define.js';
import { registryHost } from '../../src/core/image-reference.js';
import type { HookContext } from '../../src/core/types.js';

/**
 * Chart 20's `image.name` was the whole repository, registry included (`quay.io/acme/traefik`);
 * chart 21 renamed it `image.repository` and chart 21.2 prefixes `image.registry` (default
 * docker.io): a registry left in the repository would give `docker.io/quay.io/acme/traefik`.
 */
function imageRegistry(ctx: HookContext): void {
  const name = ctx.get('image.name');
  const repository = name ?? ctx.get('image.repository');
  if (name !== undefined) ctx.remove('image.name', 'carried to image.registry and image.repository');
  if (typeof repository !== 'string' || repository === '') return;
  const host = registryHost(repository);
  if (host) {
    if (!ctx.has('image.registry')) ctx.set('image.registry', host.registry);
    ctx.set('image.repository', host.rest);
  } else {
    ctx.set('image.repository', repository);
  }
}

/**
 * Chart 21.2 dropped the `podSecurityContext.fsGroup: 65532` default; on a persistent volume
 * (acme.json) Traefik could no longer write its certificates. With persistence on, the old
 * default is written unless the user set one.
 */
function persistenceFsGroup(ctx: HookContext): void {
  if (ctx.get('persistence.enabled') !== true || ctx.has('podSecurityContext.fsGroup')) return;
  ctx.set('podSecurityContext.fsGroup', 65532);
  ctx.note('podSecurityContext.fsGroup: 65532 written (the chart 20 default, dropped in 21.2) so Traefik can still write to its persistent volume', 'info');
}

function pspOnNewKubernetes(ctx: HookContext): void {
  if (ctx.get('podSecurityPolicy.enabled') === true) {
    ctx.note('podSecurityPolicy.enabled: chart 21.2+ fails with it on Kubernetes 1.25+ (PodSecurityPolicy is gone there); set it to false before moving to such a cluster', 'warning');
  }
}

const hubV1 = 'the Traefik Hub v1 agent integration left the chart in 23.1 (from 28, hub.enabled would mean the Traefik Hub distribution and fail)';

export default defineMigration({
  from: '20',
  to: '23',
  summary: 'image.name → image.registry + image.repository; the pod security defaults move to podSecurityContext; Traefik Hub v1 and experimental.v3 go; CRDs gain the traefik.io group',
  charts: [
    {
      chart: 'traefik',
      operations: [
        { op: 'hook', since: '21.2.1', name: 'image-registry', run: imageRegistry, why: 'chart 21 builds the image from image.registry and image.repository' },
        { op: 'hook', since: '21.2.1', name: 'persistence-fs-group', run: persistenceFsGroup, why: 'chart 21.2 no longer sets fsGroup by default' },
        { op: 'hook', since: '21.2.0', name: 'psp-on-new-kubernetes', run: pspOnNewKubernetes, why: 'PodSecurityPolicy is gone from Kubernetes 1.25' },
        { op: 'remove', since: '23.1.0', path: 'hub.enabled', why: hubV1 },
        { op: 'remove', since: '23.1.0', path: 'hub.tunnelPort', why: hubV1 },
        { op: 'remove', since: '23.1.0', path: 'hub.tls', why: hubV1 },
        { op: 'remove', since: '23.2.0', path: 'experimental.v3.enabled', why: 'chart 23.2 tells Traefik v3 from image.tag' },
      ],
    },
  ],
  followUps: [
    {
      chart: 'traefik',
      text: 'Chart 23 renders its own objects with traefik.io/v1alpha1, a CRD group Helm does not install on upgrade: apply the chart\'s traefik.io CRDs before upgrading (helm-migrate plan does it), or the upgrade fails with "no matches for kind IngressRoute in version traefik.io/v1alpha1".',
    },
  ],
  example: {
    chart: 'traefik',
    values: 'image:\n  name: quay.io/acme/traefik\n  tag: v2.9.6\n',
  },
});
