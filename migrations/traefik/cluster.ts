import type { ClusterProfile } from '../../src/core/types.js';

/**
 * Traefik in a cluster: one release, upgraded in place at every step. Its CRDs live in the
 * chart's crds/ folder, which Helm never upgrades, so each stage applies the target chart's
 * CRDs first; the traefik.containo.us group Traefik v3 stops serving is left in place and its
 * resources are listed. A traefik-crds release (the separate CRDs chart of charts 34–40.0) is
 * retired on the way to 40 or later, its CRDs kept.
 */
export const cluster: ClusterProfile = {
  installs: { traefik: { release: 'traefik' } },
  adoptions: [],
  conflictValues: [],
  crdsFolder: {
    charts: ['traefik'],
    why: 'Helm installs the crds/ folder with a release and never upgrades it, and the new chart\'s templates and Traefik need the new definitions',
  },
  retiredCrdGroups: [
    {
      group: 'traefik.containo.us',
      atRelease: '28',
      why: 'Traefik v3 ignores this group: convert each to traefik.io/v1alpha1 (same spec) before or right after the upgrade; helm-migrate leaves them and their CRDs in place',
    },
  ],
  retiredCrdCharts: {
    charts: ['traefik-crds'],
    fromRelease: '40',
    why: 'the traefik-crds chart is deprecated since 38.0.2 and gone from 40.1.0; the traefik chart\'s crds/ folder carries the CRDs again',
  },
};
