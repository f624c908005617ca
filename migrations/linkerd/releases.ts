import type { ChartFamily, Release } from '../../src/core/types.js';

/**
 * The Linkerd releases this pack migrates between, oldest first: the last patch of every stable
 * minor from 2.8, then the newest edge. Open-source stable releases stopped after 2.14, so the
 * edge tag is where 2.15+ users live. `dir` names the chart folder the default snapshots were
 * generated from.
 */
export const releases: Release[] = [
  { id: '2.8', version: '2.8.1', tag: 'stable-2.8.1', dir: '2.8.1' },
  { id: '2.9', version: '2.9.5', tag: 'stable-2.9.5', dir: '2.9.5' },
  { id: '2.10', version: '2.10.2', tag: 'stable-2.10.2', dir: '2.10.2' },
  { id: '2.11', version: '2.11.5', tag: 'stable-2.11.5', dir: '2.11.5' },
  { id: '2.12', version: '2.12.6', tag: 'stable-2.12.6', dir: '2.12.6' },
  { id: '2.13', version: '2.13.7', tag: 'stable-2.13.7', dir: '2.13.7' },
  { id: '2.14', version: '2.14.10', tag: 'stable-2.14.10', dir: '2.14.10' },
  { id: 'edge-26.8.3', version: 'edge-26.8.3', tag: 'edge-26.8.3', dir: 'edge-26.8.3' },
];

/**
 * Which charts exist at which release, and how their own version numbers map to releases.
 * Up to 2.11 a chart version is the Linkerd version (2.9.5); from 2.12 each chart has its own
 * line (linkerd-control-plane 1.16.11 is 2.14.10), and edge charts are versioned YYYY.M.N.
 * Ranges cover every published patch of a minor, so `--from 1.16.3` resolves to 2.14.
 */
export const chartFamilies: ChartFamily[] = [
  { name: 'linkerd2', releases: ['2.8', '2.9', '2.10', '2.11'], role: 'control plane (CRDs included)' },
  {
    name: 'linkerd-crds',
    releases: ['2.12', '2.13', '2.14', 'edge-26.8.3'],
    role: 'CRDs',
    chartVersions: { '2.12': '1.4.x', '2.13': '1.6.x', '2.14': '1.8.x', 'edge-26.8.3': '2026.8.3' },
  },
  {
    name: 'linkerd-control-plane',
    releases: ['2.12', '2.13', '2.14', 'edge-26.8.3'],
    role: 'control plane',
    chartVersions: { '2.12': '1.9.x', '2.13': '1.12.x', '2.14': '1.15.x || 1.16.x', 'edge-26.8.3': '2026.8.3' },
  },
  {
    name: 'linkerd2-cni',
    releases: ['2.8', '2.9', '2.10', '2.11', '2.12', '2.13', '2.14', 'edge-26.8.3'],
    role: 'CNI plugin',
    chartVersions: { '2.12': '30.3.x', '2.13': '30.8.x', '2.14': '30.11.x || 30.12.x', 'edge-26.8.3': '2026.8.3' },
  },
  { name: 'linkerd2-multicluster', releases: ['2.8', '2.9'], role: 'multicluster (gateway)' },
  { name: 'linkerd2-multicluster-link', releases: ['2.9'], role: 'multicluster link (one per target cluster)' },
  {
    name: 'linkerd-viz',
    releases: ['2.10', '2.11', '2.12', '2.13', '2.14', 'edge-26.8.3'],
    role: 'observability: dashboard, metrics, tap',
    chartVersions: { '2.12': '30.3.x', '2.13': '30.8.x', '2.14': '30.11.x || 30.12.x', 'edge-26.8.3': '2026.8.3' },
  },
  {
    name: 'linkerd-jaeger',
    releases: ['2.10', '2.11', '2.12', '2.13', '2.14'],
    role: 'distributed tracing',
    chartVersions: { '2.12': '30.4.x', '2.13': '30.8.x', '2.14': '30.11.x || 30.12.x' },
  },
  {
    name: 'linkerd-multicluster',
    releases: ['2.10', '2.11', '2.12', '2.13', '2.14', 'edge-26.8.3'],
    role: 'multicluster (gateway)',
    chartVersions: { '2.12': '30.2.x', '2.13': '30.7.x', '2.14': '30.10.x || 30.11.x', 'edge-26.8.3': '2026.8.3' },
  },
  {
    name: 'linkerd-multicluster-link',
    releases: ['2.10', '2.11', '2.12', '2.13', '2.14', 'edge-26.8.3'],
    role: 'multicluster link (one per target cluster; rendered by the CLI, never published)',
  },
  {
    // Lives in its own repository with its own version line; it owns the TrafficSplit CRD from
    // Linkerd 2.12 on, so the pack knows it as a chart of those releases.
    name: 'linkerd-smi',
    releases: ['2.12', '2.13', '2.14', 'edge-26.8.3'],
    role: 'SMI adaptor and the TrafficSplit CRD',
    independentVersions: true,
    sourceDir: 'linkerd-smi-0.2.7',
  },
];
