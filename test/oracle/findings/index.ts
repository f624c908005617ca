import { kubePrometheusStack } from './kube-prometheus-stack.js';
import { linkerd } from './linkerd.js';
import { traefik } from './traefik.js';

/**
 * What the render oracle finds that a pack does not fix (yet, or ever), each with why. `leaves`
 * is the values path the lost effect comes from (several, comma-separated, when only a batch of
 * perturbations shows it); `scope` is the scenario: every leaf perturbed, or the HA values file.
 */
export interface Finding {
  step: string;
  chart: string;
  scope: 'leaves' | 'ha';
  leaves: string;
  why: string;
}

const byPack: Record<string, Finding[]> = { linkerd, traefik, 'kube-prometheus-stack': kubePrometheusStack };

export function findings(pack: string): Finding[] {
  return byPack[pack] ?? [];
}
