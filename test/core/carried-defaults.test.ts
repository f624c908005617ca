/**
 * The old defaults a file carries, found by walking the defaults only where the file has the
 * key, are the ones found by asking the document about every default leaf: on generated files
 * around a real chart's defaults (with aliases and merge keys, read as documents and as plain
 * data) and on every fixture's input.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Document } from 'yaml';
import linkerd from '../../migrations/linkerd/index.js';
import traefik from '../../migrations/traefik/index.js';
import { readCarriedDefaults } from '../../src/core/carried-defaults.js';
import { deepEqual, leaves, type Plain, type PlainMap } from '../../src/core/plain.js';
import type { ChartSnapshot, ValuesDoc } from '../../src/core/types.js';
import { parseValues } from '../../src/values/parse.js';
import { PlainValues } from '../../src/values/plain-values.js';
import { listFixtures } from '../helpers/fixtures.js';

/** The definition: every leaf of the defaults, asked of the document one path at a time. */
function byDefinition(doc: ValuesDoc, snap: ChartSnapshot): [string[], Plain][] {
  return leaves(snap.defaults).filter(([path, def]) => {
    const value = doc.get(path);
    return value !== undefined && deepEqual(value, def);
  });
}

const snap = linkerd.snapshot('2.9').charts.linkerd2!;

/** A file around the defaults: some leaves as they are, some changed, some keys of its own. */
const files = fc
  .tuple(
    fc.subarray(leaves(snap.defaults), { maxLength: 40 }),
    fc.array(fc.oneof(fc.constant('changed'), fc.constant('kept'), fc.constant('null')), { minLength: 40, maxLength: 40 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 }),
    fc.boolean(),
  )
  .map(([picked, how, own, alias]) => {
    const values: PlainMap = { ...own };
    picked.forEach(([path, def], i) => {
      let at = values;
      for (const k of path.slice(0, -1)) {
        if (typeof at[k] !== 'object' || at[k] === null || Array.isArray(at[k])) at[k] = {};
        at = at[k] as PlainMap;
      }
      at[path[path.length - 1]] = how[i] === 'kept' ? def : how[i] === 'null' ? null : `changed-${i}`;
    });
    // The same map under a second default key: printed as an anchor and an alias.
    const global = values.global as PlainMap | undefined;
    if (alias && global && typeof global.proxy === 'object' && global.proxy !== null) global.proxyInit = global.proxy;
    return new Document(values).toString();
  });

describe('readCarriedDefaults', () => {
  it('finds what asking about every default leaf finds, in the same order', () => {
    fc.assert(
      fc.property(files, (text) => {
        const doc = parseValues(text, 'values.yaml').values;
        expect(readCarriedDefaults(doc, snap)).toEqual(byDefinition(doc, snap));
        const plain = new PlainValues(doc.toPlain(), text);
        expect(readCarriedDefaults(plain, snap)).toEqual(byDefinition(plain, snap));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the definition where an alias and a merge key stand for maps', () => {
    const text = [
      'base: &b',
      '  image: {pullPolicy: IfNotPresent}',
      '  logLevel: warn,linkerd=info',
      'global:',
      '  proxy: *b',
      '  proxyInit:',
      '    <<: *b',
      '    ignoreInboundPorts: "25,443,587,3306,11211,5432"',
      '  imagePullPolicy: IfNotPresent',
      '',
    ].join('\n');
    const doc = parseValues(text, 'values.yaml').values;
    const found = readCarriedDefaults(doc, snap);
    expect(found).toEqual(byDefinition(doc, snap));
    expect(found.map(([p]) => p.join('.'))).toEqual(expect.arrayContaining(['global.imagePullPolicy', 'global.proxy.logLevel', 'global.proxy.image.pullPolicy', 'global.proxyInit.ignoreInboundPorts']));
  });

  it('agrees with the definition on every fixture input, for every chart of its release', () => {
    let cases = 0;
    for (const pack of [linkerd, traefik]) {
      for (const c of listFixtures(pack)) {
        const doc = parseValues(readFileSync(join(c.dir, 'input.yaml'), 'utf8'), 'input.yaml').values;
        const release = pack.releases.find((r) => r.id === c.from || r.version === c.from)?.id ?? c.from;
        let charts: Record<string, ChartSnapshot>;
        try {
          charts = pack.snapshot(release).charts;
        } catch {
          continue; // a patch version (2.11.0): its line's snapshot is read by the step itself
        }
        for (const s of Object.values(charts)) {
          expect(readCarriedDefaults(doc, s)).toEqual(byDefinition(doc, s));
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(100);
  });
});
