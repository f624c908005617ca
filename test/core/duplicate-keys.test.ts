/**
 * Duplicate keys are found in one linear pass instead of the yaml package's pairwise check; the
 * error must be the one the package gives (checked against it), and merge keys may repeat.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseYamlStream } from '../../src/values/parse.js';

/** The yaml package's own verdict, as parseYamlStream used to report it. */
function packageError(source: string): string | undefined {
  const err = parseAllDocuments(source, { merge: true, prettyErrors: true, uniqueKeys: true }).flatMap((d) => d.errors)[0];
  return err ? `v.yaml:${err.linePos?.[0].line}:${err.linePos?.[0].col}: invalid YAML: ${err.message.split('\n')[0]}` : undefined;
}

describe('duplicate keys', () => {
  it.each([
    'a: 1\nb: 2\na: 3\n',
    'outer:\n  inner:\n    x: 1\n    y: 2\n    x: 3\n',
    'list:\n  - name: a\n    name: b\n',
    '"quoted": 1\nquoted: 2\n',
  ])('%j: the same error as the yaml package', (source) => {
    const expected = packageError(source);
    expect(expected).toBeDefined();
    expect(() => parseYamlStream(source, 'v.yaml')).toThrow(expected);
  });
  it('merge keys may repeat, and distinct keys pass', () => {
    expect(() => parseYamlStream('base: &b {x: 1}\nother: &o {y: 2}\nm:\n  <<: *b\n  <<: *o\n  z: 3\n', 'v.yaml')).not.toThrow();
  });
});

describe('YAML as Helm reads it', () => {
  it('a string Helm would read as a boolean or a number is quoted when written', async () => {
    const { toYaml } = await import('../../src/values/manifests.js');
    expect(toYaml({ a: 'off', b: 'yes', c: '010', d: 'plain', e: true })).toBe('a: "off"\nb: "yes"\nc: "010"\nd: plain\ne: true\n');
  });
});
