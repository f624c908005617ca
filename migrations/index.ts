import type { Pack } from '../src/core/types.js';
import linkerd from './linkerd/index.js';
import kubePrometheusStack from './kube-prometheus-stack/index.js';
import traefik from './traefik/index.js';

/** Every migration pack helm-migrate ships, registered by hand (a test checks it matches the folders). */
export const packs: Pack[] = [linkerd, traefik, kubePrometheusStack];

export function findPack(name: string): Pack | undefined {
  return packs.find((p) => p.name === name);
}
