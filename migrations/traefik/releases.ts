import type { ChartFamily, Release } from '../../src/core/types.js';

/**
 * The Traefik chart releases this pack migrates between, oldest first: the last release of each
 * major that changed the values. The chart's version is the release (`--from 40.1.0` resolves to
 * 40 through `chartVersions`). A major between two stored charts (21, 22, 24, 25, …) starts
 * inside the step that spans it: every operation of those steps says the chart version that
 * made it (from the changelog), and the ones it already had are skipped.
 */
export const releases: Release[] = [
  { id: '20', version: '20.8.0', tag: 'v20.8.0', dir: '20.8.0' },
  { id: '23', version: '23.2.0', tag: 'v23.2.0', dir: '23.2.0' },
  { id: '26', version: '26.1.0', tag: 'v26.1.0', dir: '26.1.0' },
  { id: '27', version: '27.0.2', tag: 'v27.0.2', dir: '27.0.2' },
  { id: '28', version: '28.3.0', tag: 'v28.3.0', dir: '28.3.0' },
  { id: '30', version: '30.1.0', tag: 'v30.1.0', dir: '30.1.0' },
  { id: '32', version: '32.1.1', tag: 'v32.1.1', dir: '32.1.1' },
  { id: '33', version: '33.2.1', tag: 'v33.2.1', dir: '33.2.1' },
  { id: '34', version: '34.5.0', tag: 'v34.5.0', dir: '34.5.0' },
  { id: '36', version: '36.3.0', tag: 'v36.3.0', dir: '36.3.0' },
  { id: '39', version: '39.0.9', tag: 'v39.0.9', dir: '39.0.9' },
  { id: '40', version: '40.3.0', tag: 'v40.3.0', dir: '40.3.0' },
  { id: '41', version: '41.3.0', tag: 'v41.3.0', dir: '41.3.0' },
];

export const chartFamilies: ChartFamily[] = [
  {
    name: 'traefik',
    releases: ['20', '23', '26', '27', '28', '30', '32', '33', '34', '36', '39', '40', '41'],
    role: 'Traefik Proxy (its CRDs in the install-only crds/ folder)',
    chartVersions: { '20': '>=20.0.0 <21.0.0', '23': '>=23.0.0 <24.0.0', '26': '>=26.0.0 <27.0.0', '27': '>=27.0.0 <28.0.0', '28': '>=28.0.0 <29.0.0', '30': '>=30.0.0 <31.0.0', '32': '>=32.0.0 <33.0.0', '33': '>=33.0.0 <34.0.0', '34': '>=34.0.0 <35.0.0', '36': '>=36.0.0 <37.0.0', '39': '>=39.0.0 <40.0.0', '40': '>=40.0.0 <41.0.0', '41': '>=41.0.0 <42.0.0' },
  },
];
