/**
 * An image reference names one image: a registry put in front of it (`quay.io/` + a reference
 * that already had one) is another image that does not exist, though its text contains the old.
 * The comparison reads image fields as references, Docker's way: `docker.io/` and `library/`
 * may be spelled or left out; nothing else may be added.
 */
import { describe, expect, it } from 'vitest';
import { survives, type Leaves } from '../../src/verify/effects.js';

const target = (image: string): Leaves => new Map([['StatefulSet/prom', new Map([['', '(present)'], ['spec.template.spec.containers[prometheus].image', image]])]]);
const effect = (after: string) => ({ object: 'StatefulSet/prom', field: 'spec.template.spec.containers[prometheus].image', before: 'quay.io/prometheus/prometheus:v2.39.1', after });

describe('an image field carries an image reference', () => {
  it('only when it names the same image', () => {
    const mirrored = 'registry.example.com:5000/prometheus/prometheus:v2.40.1';
    expect(survives(effect(mirrored), target(mirrored)).ok).toBe(true);
    // The registry doubled (chart 42 with a repository written for 41): another image.
    expect(survives(effect(mirrored), target(`quay.io/${mirrored}`)).ok).toBe(false);
    expect(survives(effect('quay.io/prometheus/alertmanager:v0.24.0'), target('quay.io/quay.io/prometheus/alertmanager:v0.24.0')).ok).toBe(false);
  });

  it('however Docker Hub is spelled', () => {
    expect(survives(effect('grafana/grafana:9.2.4'), target('docker.io/grafana/grafana:9.2.4')).ok).toBe(true);
    expect(survives(effect('busybox:1.31.1'), target('docker.io/library/busybox:1.31.1')).ok).toBe(true);
    expect(survives(effect('docker.io/busybox:1.31.1'), target('busybox:1.31.1')).ok).toBe(true);
  });

  it('text fields still carry a value they contain', () => {
    const t: Leaves = new Map([['ConfigMap/c', new Map([['', '(present)'], ['data.note', 'prefix registry.example.com/x suffix']])]]);
    expect(survives({ object: 'ConfigMap/c', field: 'data.note', after: 'registry.example.com/x' }, t).ok).toBe(true);
  });
});

describe('with the user\'s own text as markers (as --verify reads it)', () => {
  const mirrored = 'registry.example.com:5000/prometheus/prometheus';
  const tokens = new RegExp(mirrored.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
  it('a registry put in front is still another image', () => {
    expect(survives(effect(`${mirrored}:v2.39.1`), target(`quay.io/${mirrored}:v2.39.1`), undefined, tokens).ok).toBe(false);
  });
  it('the user\'s repository beside the new chart\'s tag is carried', () => {
    expect(survives(effect(`${mirrored}:v2.39.1`), target(`${mirrored}:v2.40.5`), undefined, tokens).ok).toBe(true);
  });
});

describe('an image whose repository and tag are both the user\'s', () => {
  it('is not carried by the tag showing elsewhere in the object', () => {
    const repo = 'registry.example.com:5000/prometheus/prometheus';
    const tokens = new RegExp(`${repo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|v2\\.40\\.1`, 'g');
    const t: Leaves = new Map([['StatefulSet/prom', new Map([['', '(present)'], ['spec.template.spec.containers[prometheus].image', `quay.io/${repo}:v2.40.1`], ['metadata.labels.version', 'v2.40.1']])]]);
    expect(survives(effect(`${repo}:v2.40.1`), t, undefined, tokens).ok).toBe(false);
  });
});
