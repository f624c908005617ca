import { describe, expect, it } from 'vitest';
import { formatPath, isPrefix, parsePath, parsePathRef } from '../../src/core/paths.js';

describe('paths', () => {
  it('parses dotted paths with quoted keys', () => {
    expect(parsePath('prometheus.args."log.level"')).toEqual(['prometheus', 'args', 'log.level']);
    expect(parsePath('nodeSelector."kubernetes.io/os"')).toEqual(['nodeSelector', 'kubernetes.io/os']);
    expect(parsePath('a')).toEqual(['a']);
  });

  it('formats keys with dots in quotes and round-trips', () => {
    const p = ['nodeSelector', 'beta.kubernetes.io/os'];
    expect(formatPath(p)).toBe('nodeSelector."beta.kubernetes.io/os"');
    expect(parsePath(formatPath(p))).toEqual(p);
  });

  it('rejects malformed paths', () => {
    expect(() => parsePath('a."b')).toThrow(/unterminated/);
    expect(() => parsePath('a.')).toThrow(/ends with a dot/);
  });

  it('reads a chart qualifier only before the first dot', () => {
    expect(parsePathRef('linkerd-viz:dashboard.image')).toEqual({ chart: 'linkerd-viz', path: ['dashboard', 'image'] });
    expect(parsePathRef('nodeSelector."kubernetes.io:os"')).toEqual({ path: ['nodeSelector', 'kubernetes.io:os'] });
  });

  it('knows prefixes', () => {
    expect(isPrefix(['a'], ['a', 'b'])).toBe(true);
    expect(isPrefix(['a', 'c'], ['a', 'b'])).toBe(false);
    expect(isPrefix([], ['a'])).toBe(true);
  });
});
