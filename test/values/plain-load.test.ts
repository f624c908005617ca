/**
 * The plain reader against the yaml package: for every input it either gives up or reads the
 * same data, keys in the same order (every fixture, every values.yaml of the real charts, and
 * generated files in several styles); and a migration that changes nothing gives the same
 * output and report from it as from the YAML document, while one that edits asks for the
 * document.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document, stringify, visit } from 'yaml';
import { packs } from '../../migrations/index.js';
import { migrate } from '../../src/core/engine.js';
import type { Plain, PlainMap } from '../../src/core/plain.js';
import { parseValues } from '../../src/values/parse.js';
import { loadPlainValues } from '../../src/values/plain-load.js';
import { NeedsDocument, PlainValues } from '../../src/values/plain-values.js';
import { createDocFactory, helmSchema } from '../../src/values/yaml-values.js';
import { listFixtures } from '../helpers/fixtures.js';
import { plainTrees } from '../helpers/plain-trees.js';
import { ready as needs } from '../helpers/prereq.js';
import { sharedDir } from '../helpers/shared.js';

/** The yaml package's reading (undefined when it refuses the input). */
function slow(text: string): PlainMap | undefined {
  try {
    return parseValues(text, 'v.yaml').values.toPlain();
  } catch {
    return undefined;
  }
}

/** Gives up, or reads exactly what the yaml package reads, in the same key order. */
function expectSameOrGiveUp(text: string, where = 'input'): boolean {
  const fast = loadPlainValues(text);
  if (fast === undefined) return false;
  expect(JSON.stringify(fast), where).toBe(JSON.stringify(slow(text)));
  return true;
}

const inputs = (): [string, string][] => {
  const out: [string, string][] = [];
  for (const pack of packs) for (const c of listFixtures(pack)) out.push([`${pack.name} ${c.id}`, readFileSync(join(c.dir, 'input.yaml'), 'utf8')]);
  return out;
};

function chartValuesFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (e === 'values.yaml' || e === 'values-ha.yaml') found.push(p);
      else if (depth < 4 && statSync(p).isDirectory() && e !== 'templates' && e !== 'crds') walk(p, depth + 1);
    }
  };
  walk(join(sharedDir, 'charts'), 0);
  return found;
}

describe('the plain reader reads what the yaml package reads, or gives up', () => {
  it('every fixture input', () => {
    const read = inputs().filter(([id, text]) => expectSameOrGiveUp(text, id));
    // Most real files are plain enough: the fast path must be the common one, not a curiosity.
    expect(read.length).toBeGreaterThan(inputs().length / 2);
  });

  it.skipIf(!needs('shared'))('every values file of the real charts', () => {
    const files = chartValuesFiles();
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) expectSameOrGiveUp(readFileSync(f, 'utf8'), f);
  });

  it('reads YAML 1.1 scalars as Helm does, comments, quotes and compact lists', () => {
    const text = [
      '# header',
      'a: yes # a boolean under YAML 1.1',
      "b: '010'",
      'c: 010',
      'd: ~',
      'e:',
      'f: "x: y # not a comment"',
      "g: 'it''s'",
      'h:',
      '- one',
      '- "--two=2" # quoted',
      '- name: x',
      '  value: 1',
      '-',
      '  nested: true',
      'i: {}',
      'j: []',
      'k: http://example.com/a#frag',
      '"quoted key": 1.5',
      'l: 0x1F',
      '',
    ].join('\n');
    expect(expectSameOrGiveUp(text)).toBe(true);
    expect(loadPlainValues(text)).toMatchObject({ a: true, b: '010', c: 8, d: null, e: null, f: 'x: y # not a comment', g: "it's", h: ['one', '--two=2', { name: 'x', value: 1 }, { nested: true }], l: 31 });
  });

  it.each([
    ['an anchor', 'a: &x 1\nb: *x\n'],
    ['a folded block scalar', 'a: >\n  text\n'],
    ['a block scalar with an indentation indicator', 'a: |2\n  text\n'],
    ['a block scalar in a list', 'a:\n  - |\n    text\n'],
    ['a flow collection over several lines', 'a: [b,\n  c]\n'],
    ['a trailing comma in a flow list', 'a: [b, c, ]\n'],
    ['a pair inside a flow list', 'a: [b: 1]\n'],
    ['a flow key without a space after its colon', 'a: {"b":1}\n'],
    ['an alias in a flow list', 'a: [*x]\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a tab', 'a:\n\tb: 1\n'],
    ['CRLF', 'a: 1\r\nb: 2\r\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a merge key', 'base: {}\nx:\n  <<: {}\n'],
    ['a key that is not text', 'yes: 1\n'],
    ['a document marker', '---\na: 1\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a list at the top', '- a\n'],
    ['a nested compact list', 'a:\n  - - b\n'],
    ['a YAML-only escape', 'a: "\\x41"\n'],
    ['an indentation error', 'a:\n    b: 1\n  c: 2\n'],
    ['a __proto__ key', '__proto__:\n  polluted: true\n'],
  ])('gives up on %s', (_, text) => {
    expect(loadPlainValues(text)).toBeUndefined();
  });

  it('reads one-line flow collections, nested, with quoted and plain scalars', () => {
    const text = [
      'scrape:',
      '  - job_name: a',
      '    static_configs: [ { targets: [ "svc:9090", svc2:9091 ], labels: { team: t1, up: yes, num: 010 } } ]',
      "  - tags: ['a, b', \"c]\", [], {}] # a comment",
      'empty: { }',
      '',
    ].join('\n');
    expect(expectSameOrGiveUp(text)).toBe(true);
    expect(loadPlainValues(text)).toMatchObject({ scrape: [{ static_configs: [{ targets: ['svc:9090', 'svc2:9091'], labels: { team: 't1', up: true, num: 8 } }] }, { tags: ['a, b', 'c]', [], {}] }], empty: {} });
  });

  it('reads literal block scalars as certificates are written, blank lines and # included', () => {
    const text = [
      'identity:',
      '  issuer:',
      '    crtPEM: |',
      '      -----BEGIN CERTIFICATE-----',
      '      MIIB # not a comment',
      '',
      '        indented more',
      '      -----END CERTIFICATE-----',
      '    keep: |+',
      '      x',
      '',
      '    strip: |-',
      '      y',
      'next: 1',
      '',
    ].join('\n');
    expect(expectSameOrGiveUp(text)).toBe(true);
    expect(loadPlainValues(text)).toMatchObject({ identity: { issuer: { crtPEM: '-----BEGIN CERTIFICATE-----\nMIIB # not a comment\n\n  indented more\n-----END CERTIFICATE-----\n', keep: 'x\n\n', strip: 'y' } }, next: 1 });
  });

  it('generated files with multi-line text', () => {
    const line = fc.constantFrom('plain', '  lead', 'a # b', '---armour---', '', 'key: value', '- item', "it's");
    const text = fc.array(line, { minLength: 1, maxLength: 5 }).map((ls) => ls.join('\n'));
    const trail = fc.constantFrom('', '\n', '\n\n');
    let read = 0;
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.tuple(text, trail).map(([t, e]) => t + e), { minKeys: 1, maxKeys: 3 }), fc.boolean(), (data, nested) => {
        const yaml = stringify(nested ? { outer: data } : data, { ...helmSchema, lineWidth: 0 });
        if (expectSameOrGiveUp(yaml, yaml)) read++;
      }),
      { numRuns: 400 },
    );
    expect(read).toBeGreaterThan(100);
  });

  it('generated files with flow collections inside block ones', () => {
    const { key, value } = plainTrees(['name', 'a.b', 'with space', 'on', '-dash'], ['yes', '010', '~', '', 'a # b', "it's", 'say "hi"', '- x', ': x', 'x:y', 'a, b', '[x]', '{x}', '#x']);
    let read = 0;
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), fc.integer({ min: 1, max: 3 }), (data, depth) => {
        const doc = new Document(data, helmSchema);
        visit(doc, { Map: (_, n, path) => void (path.length >= depth * 2 && (n.flow = true)), Seq: (_, n, path) => void (path.length >= depth * 2 && (n.flow = true)) });
        const text = doc.toString({ lineWidth: 0 });
        if (expectSameOrGiveUp(text, text)) read++;
      }),
      { numRuns: 400 },
    );
    expect(read).toBeGreaterThan(100);
  });

  it('generated files in several styles', () => {
    const { key, value } = plainTrees(
      ['name', 'replicas', 'a.b', 'with space', 'x-y', 'ümlaut', '1st', 'on', 'null', '-dash'],
      ['yes', 'Off', '010', '0x1F', '1_000', '.inf', '~', '', ' lead', 'trail ', 'a # b', "it's", 'say "hi"', '- x', ': x', '#x', '@x', '2001-01-01'],
    );
    const styles = [{}, { defaultStringType: 'QUOTE_DOUBLE' as const }, { defaultStringType: 'QUOTE_SINGLE' as const }, { indentSeq: false }, { indent: 4 }];
    let read = 0;
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), fc.constantFrom(...styles), (data, style) => {
        const text = stringify(data, { ...helmSchema, lineWidth: 0, ...style });
        if (expectSameOrGiveUp(text, text)) read++;
      }),
      { numRuns: 400 },
    );
    expect(read).toBeGreaterThan(100);
  });
});

describe('a migration over the plain data', () => {
  it('that changes nothing gives the same file and report as over the YAML document; one that edits asks for the document', () => {
    let same = 0;
    let edits = 0;
    for (const pack of packs) {
      for (const c of listFixtures(pack)) {
        const text = readFileSync(join(c.dir, 'input.yaml'), 'utf8');
        const plain = loadPlainValues(text);
        if (!plain) continue;
        const run = (doc: PlainValues | ReturnType<typeof parseValues>['values']) =>
          migrate({ pack, chart: c.chart, from: c.from, to: c.to, doc, factory: createDocFactory(), adoptNewDefaults: c.adoptNewDefaults });
        const document = run(parseValues(text, 'v.yaml').values);
        let fast: ReturnType<typeof run>;
        try {
          fast = run(new PlainValues(plain, text));
        } catch (err) {
          expect(err, c.id).toBeInstanceOf(NeedsDocument);
          expect(document.outputs.some((o) => o.doc.dirty) || document.outputs.length > 1 || document.outputs[0]?.chart !== c.chart, `${c.id}: asked for the document without an edit`).toBe(true);
          edits++;
          continue;
        }
        expect(fast.changed, c.id).toBe(document.changed);
        expect(fast.outputs.map((o) => [o.chart, String(o.doc)]), c.id).toEqual(document.outputs.map((o) => [o.chart, String(o.doc)]));
        expect(JSON.stringify(fast.diagnostics), c.id).toBe(JSON.stringify(document.diagnostics));
        same++;
      }
    }
    expect(edits).toBeGreaterThan(10);
    expect(same).toBeGreaterThan(0);
  });
});
