import { describe, expect, it } from 'vitest';
import { isHelmMigrateError } from '../../src/core/errors.js';
import { assertChartAt, resolveRelease, resolveStart, selectChain } from '../../src/core/versions.js';
import kubePrometheusStack from '../../migrations/kube-prometheus-stack/index.js';
import traefik from '../../migrations/traefik/index.js';
import { pack } from '../helpers/migrate.js';

const id = (text: string, chart?: string) => resolveRelease(pack, text, chart).id;

describe('version resolution', () => {
  it('accepts minors, patches, tags, edge tags and latest', () => {
    expect(id('2.9')).toBe('2.9');
    expect(id('2.9.5')).toBe('2.9');
    expect(id('2.9.0')).toBe('2.9');
    expect(id('stable-2.9.5')).toBe('2.9');
    expect(id('edge-26.8.3')).toBe('edge-26.8.3');
    expect(id('latest')).toBe('edge-26.8.3');
  });

  it('maps chart versions of the split charts to their release', () => {
    expect(id('1.16.11', 'linkerd-control-plane')).toBe('2.14');
    expect(id('1.9.3', 'linkerd-control-plane')).toBe('2.12');
    expect(id('1.4.0', 'linkerd-crds')).toBe('2.12');
    expect(id('30.8.7', 'linkerd-viz')).toBe('2.13');
    expect(id('30.12.2', 'linkerd2-cni')).toBe('2.14');
    expect(id('2026.8.3', 'linkerd-control-plane')).toBe('edge-26.8.3');
  });

  it('refuses unknown versions with the known ones listed', () => {
    for (const bad of ['2.7', '2.9.9', 'edge-24.1.1', 'banana', '3.0']) {
      try {
        resolveRelease(pack, bad);
        expect.unreachable(bad);
      } catch (err) {
        expect(isHelmMigrateError(err, 'unknown-version')).toBe(true);
        expect((err as Error).message).toContain('2.14');
      }
    }
  });

  it('names the two releases a chart version without defaults falls between; a start there is taken within the step', () => {
    // Traefik majors 21, 22, 24, 25, … have no snapshot: their values sit between two, so they
    // are no target; as a start they begin inside the step between (its changes say when they came).
    expect(() => resolveRelease(traefik, '25.1.0', 'traefik')).toThrow(/traefik chart 25\.1\.0 lies between Traefik 23 and 26/);
    expect(() => resolveRelease(traefik, '38.0.2', 'traefik')).toThrow(/between Traefik 36 and 39/);
    expect(resolveStart(traefik, '25.1.0', 'traefik')).toEqual({ release: expect.objectContaining({ id: '23' }), within: '25.1.0' });
    expect(resolveStart(traefik, 'v38.0.2', 'traefik')).toEqual({ release: expect.objectContaining({ id: '36' }), within: '38.0.2' });
    expect(resolveStart(traefik, '39.0.1', 'traefik')).toEqual({ release: expect.objectContaining({ id: '39' }) });
    expect(resolveRelease(traefik, '26.0.0', 'traefik').id).toBe('26');
    expect(() => resolveRelease(traefik, '99.0.0', 'traefik')).toThrow(/unknown Traefik version "99\.0\.0"; known: 20, 23/);
  });

  it('starts inside a step that moves nothing (its chart declared with no operations)', () => {
    // kube-prometheus-stack 85 → 88 moved no value: 86.x and 87.x start there, whatever they had.
    expect(kubePrometheusStack.migrations.find((m) => m.from === '85')!.charts[0].operations).toEqual([]);
    expect(resolveStart(kubePrometheusStack, '87.2.0', 'kube-prometheus-stack')).toEqual({ release: expect.objectContaining({ id: '85' }), within: '87.2.0' });
  });

  it('refuses downgrades', () => {
    expect(() => selectChain(pack, resolveRelease(pack, '2.12'), resolveRelease(pack, '2.10'))).toThrow(expect.objectContaining({ code: 'downgrade' }));
  });

  it('chains consecutive steps in order', () => {
    const chain = selectChain(pack, resolveRelease(pack, '2.9'), resolveRelease(pack, '2.12'));
    expect(chain.map((m) => `${m.from}>${m.to}`)).toEqual(['2.9>2.10', '2.10>2.11', '2.11>2.12']);
    expect(selectChain(pack, resolveRelease(pack, '2.12'), resolveRelease(pack, '2.12'))).toEqual([]);
  });

  it('says where a chart exists when asked at the wrong release', () => {
    expect(() => assertChartAt(pack, 'linkerd-control-plane', resolveRelease(pack, '2.9'))).toThrow(/2\.12.*linkerd2/);
    expect(() => assertChartAt(pack, 'nginx', resolveRelease(pack, '2.9'))).toThrow(expect.objectContaining({ code: 'unknown-chart' }));
  });
});
