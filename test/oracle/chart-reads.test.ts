/**
 * `chartReads` decides whether a removal is justified (the pack consistency audit) and whether
 * a reported drop is confirmed (the oracle): checked here on cases whose answer is known from
 * reading the real templates.
 */
import { describe, expect, it } from 'vitest';
import pack from '../../migrations/linkerd/index.js';
import { chartPath } from '../helpers/shared.js';
import { chartReads } from './charts.js';
import { ready as needs } from '../helpers/prereq.js';

const cases: [release: string, chart: string, path: string, reads: boolean, why: string][] = [
  ['2.11', 'linkerd2', 'controllerReplicas', true, 'sizes destination, identity and the injector (the removal session 1 made)'],
  ['2.10', 'linkerd2', 'identity.issuer.crtExpiry', true, 'required into the issuer Secret annotation'],
  ['2.11', 'linkerd2', 'identity.issuer.crtExpiry', false, 'only `if .Values.identity.issuer` tests the parent'],
  ['2.10', 'linkerd2', 'nodeSelector."kubernetes.io/os"', true, 'the partial hands the whole map to toYaml'],
  ['edge-26.8.3', 'linkerd-control-plane', 'policyController.image.name', false, 'only .Values.proxy.image.name / controllerImage remain'],
  ['edge-26.8.3', 'linkerd-control-plane', 'proxyInit.runAsRoot', true, 'read by the proxy-init partial'],
  ['2.10', 'linkerd-viz', 'podAnnotations', true, 'read with `with .Values.podAnnotations`, absent from values.yaml'],
];

describe.skipIf(!needs('shared'))('chartReads on the real templates', () => {
  it.each(cases)('%s %s %s → %s (%s)', (release, chart, path, reads) => {
    expect(chartReads(chartPath(pack, release, chart), path)).toBe(reads);
  });
});
