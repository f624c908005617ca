/**
 * The skeleton reading (splice.ts) against the whole YAML document: a migration over a file whose
 * subtrees were cut out as text either asks for the document or gives the same outputs and report,
 * the same data and, once both are read and printed again by the yaml package, the same text
 * (comments, blank lines, key order). Over every fixture, cut as finely and as coarsely as the
 * cutter allows, and over generated files the yaml package printed itself, for which the outputs
 * must be byte for byte the document's. Also: the printer of written subtrees (emit-plain.ts)
 * against the yaml package's, and which reading the values command's ladder picks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document, parseDocument, stringify } from 'yaml';
import { packs } from '../../migrations/index.js';
import { chartStructure } from '../../src/core/chart-structure.js';
import { migrate, type MigrateResult } from '../../src/core/engine.js';
import type { Plain, PlainMap } from '../../src/core/plain.js';
import type { DocFactory, Pack, ValuesDoc } from '../../src/core/types.js';
import { migrateCheapest } from '../../src/values/cheapest-reading.js';
import { emitPlainYaml } from '../../src/values/emit-plain.js';
import { parseValues, splicedValues } from '../../src/values/parse.js';
import { loadPlainValues } from '../../src/values/plain-load.js';
import { NeedsDocument } from '../../src/values/plain-values.js';
import { reindent, Splices, type CutOptions } from '../../src/values/splice.js';
import { detectStyle, type OutputStyle } from '../../src/values/style.js';
import { createDocFactory, helmSchema, parseOptions } from '../../src/values/yaml-values.js';
import { listFixtures } from '../helpers/fixtures.js';
import { plainTrees } from '../helpers/plain-trees.js';

const linkerd = packs.find((p) => p.name === 'linkerd')!;
const traefik = packs.find((p) => p.name === 'traefik')!;

interface Case {
  pack: Pack;
  chart: string;
  from: string;
  to: string;
  adoptNewDefaults?: boolean;
}

const runner = (c: Case) => (doc: ValuesDoc, factory: DocFactory) =>
  migrate({ pack: c.pack, chart: c.chart, from: c.from, to: c.to, doc, factory, adoptNewDefaults: c.adoptNewDefaults });

const printed = (r: MigrateResult) => r.outputs.map((o) => [o.chart, String(o.doc)] as const);

/** The yaml package's own reading and printing: what both paths must agree on beyond bytes. */
const normal = (text: string, style: OutputStyle) => parseDocument(text, parseOptions).toString(style);

/** The migration over the skeleton, or 'document' when it asked for the whole file. */
function spliced(text: string, c: Case, cut: CutOptions): MigrateResult | 'document' | undefined {
  const sp = splicedValues(text, loadPlainValues(text)!, 'v.yaml', cut);
  if (!sp) return undefined;
  try {
    const r = runner(c)(sp.values, createDocFactory(detectStyle(text), sp.splices));
    printed(r);
    return r;
  } catch (err) {
    if (err instanceof NeedsDocument) return 'document';
    throw err;
  }
}

/** Compares a skeleton run with the document run; true when the outputs are byte for byte the same. */
function expectSame(text: string, c: Case, cut: CutOptions, where: string): 'same bytes' | 'same document' | 'document' | undefined {
  const fast = spliced(text, c, cut);
  if (fast === undefined || fast === 'document') return fast;
  const style = detectStyle(text);
  const slow = runner(c)(parseValues(text, 'v.yaml').values, createDocFactory(style));
  expect(fast.changed, where).toBe(slow.changed);
  expect(JSON.stringify(fast.diagnostics), where).toBe(JSON.stringify(slow.diagnostics));
  const a = printed(fast);
  const b = printed(slow);
  expect(a.map(([chart]) => chart), where).toEqual(b.map(([chart]) => chart));
  a.forEach(([chart, out], i) => {
    expect(parseValues(out, chart).values.toPlain(), `${where} ${chart}`).toEqual(parseValues(b[i][1], chart).values.toPlain());
    expect(normal(out, style), `${where} ${chart}`).toBe(normal(b[i][1], style));
  });
  return a.every(([, out], i) => out === b[i][1]) ? 'same bytes' : 'same document';
}

const cuts: CutOptions[] = [
  { minLines: 1, maxEntryLines: Infinity }, // every block under a top-level key
  { minLines: 1, maxEntryLines: 2 }, // only blocks of one-line entries, as deep as they are
  { minLines: 2, maxEntryLines: 4 },
];

describe('a migration over a skeleton of the file', () => {
  it('every fixture, cut three ways: the same outputs as over the whole document, or it asks for the document', () => {
    const seen = { 'same bytes': 0, 'same document': 0, document: 0 };

    for (const pack of packs) {
      for (const c of listFixtures(pack)) {
        const text = readFileSync(join(c.dir, 'input.yaml'), 'utf8');
        if (!loadPlainValues(text)) continue;
        // As cut blindly, and keeping the chart's own structure whole as the values command does.
        const keep = chartStructure(pack, c.chart, c.from);
        for (const cut of [...cuts, ...cuts.map((x) => ({ ...x, keep }))]) {
          const got = expectSame(text, c, cut, `${pack.name} ${c.id} ${JSON.stringify(cut)} ${cut.keep ? 'keep' : ''}`);
          if (got) seen[got]++;
        }
      }
    }
    // Not a vacuous pass: many runs went through the skeleton, and some had to ask.
    expect(seen['same bytes'] + seen['same document']).toBeGreaterThan(25);
    expect(seen['same bytes']).toBeGreaterThan(20);
    expect(seen.document).toBeGreaterThan(5);
  });

  it('generated 2.9 files the yaml package printed, with comments and blank lines: byte for byte the document’s outputs', () => {
    const text = fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}$/);
    const value: fc.Arbitrary<Plain> = fc.oneof(text, fc.integer({ min: -5, max: 5000 }), fc.boolean(), fc.constantFrom('yes', 'on', '010', '1.0', 'a: b', 'x #y', "it's", '', ' lead', 'svc:9090', null));
    const bag = fc.dictionary(fc.oneof(text, fc.constantFrom('team.example.com/a', 'x-y', 'on', '1st')), value, { minKeys: 1, maxKeys: 8 });
    const file = fc.record({
      global: fc.record({ clusterDomain: fc.constant('cluster.local'), podAnnotations: bag, imagePullSecrets: fc.array(fc.record({ name: text }), { minLength: 1, maxLength: 6 }), proxy: fc.record({ resources: fc.record({ cpu: fc.record({ request: fc.constantFrom('100m', '1') }) }), logLevel: fc.constant('debug') }) }),
      tolerations: fc.array(fc.record({ key: text, operator: fc.constantFrom('Exists', 'Equal'), effect: fc.constant('NoSchedule') }), { minLength: 1, maxLength: 5 }),
      prometheus: fc.record({ enabled: fc.boolean(), scrapeConfigs: fc.array(fc.record({ job_name: text, static_configs: fc.array(fc.record({ targets: fc.array(text, { minLength: 1, maxLength: 2 }) }), { minLength: 1, maxLength: 2 }) }), { maxLength: 3 }) }),
      dashboard: fc.record({ replicas: fc.integer({ min: 1, max: 3 }) }),
    });
    const styles = [{ indent: 2, indentSeq: true }, { indent: 2, indentSeq: false }, { indent: 4, indentSeq: true }];
    const c: Case = { pack: linkerd, chart: 'linkerd2', from: '2.9', to: 'latest' };
    const keep = chartStructure(linkerd, 'linkerd2', '2.9');
    let same = 0;
    fc.assert(
      fc.property(file, fc.constantFrom(...styles), fc.array(fc.nat(), { maxLength: 6 }), (data, style, marks) => {
        // Comments and blank lines on a few keys, chosen by `marks`, printed by the yaml package.
        const doc = new Document(data, helmSchema);
        const pairs: { key: { commentBefore?: string; spaceBefore?: boolean } }[] = [];
        const walk = (n: unknown) => {
          for (const p of (n as { items?: { key?: unknown; value?: unknown }[] }).items ?? []) {
            if (p && typeof p === 'object' && 'key' in p) pairs.push(p as never);
            walk((p as { value?: unknown }).value ?? p);
          }
        };
        walk(doc.contents);
        marks.forEach((m, i) => {
          const p = pairs[m % pairs.length];
          if (i % 2) p.key.spaceBefore = true;
          else p.key.commentBefore = ` note ${i}`;
        });
        // Printed, read and printed again: yaml's first print of a comment on the first key of a
        // list item (`- # note`) reads back as the item's comment, and prints as such from then on.
        const printStyle = { lineWidth: 0, ...style };
        const input = parseDocument(doc.toString(printStyle), parseOptions).toString(printStyle);
        const got = expectSame(input, c, { minLines: 1, maxEntryLines: 3, keep }, input);
        if (got === 'same document') expect.fail(`not byte for byte the document's outputs:\n${input}`);
        if (got === 'same bytes') same++;
      }),
      { numRuns: 60 },
    );
    expect(same).toBeGreaterThan(30);
  });
});

describe('the cutter', () => {
  const cut = { minLines: 1, maxEntryLines: Infinity };
  const cutKeys = (text: string) => {
    const made = Splices.cut(text, loadPlainValues(text)!, cut);
    return parseDocument(made ? made.skeleton : text).toJS();
  };

  it('leaves a block whose edges hold comments YAML would hang elsewhere, and whatever is under a list item', () => {
    const marker = (v: unknown) => typeof v === 'object' && v !== null && Object.keys(v).some((k) => k.startsWith('hm-splice-'));
    // A comment shallower than the entries inside the block, one deeper than the key after it, one before its first entry.
    expect(cutKeys('a:\n  x: 1\n# about y\n  y: 2\nb: 1\n')?.a).toEqual({ x: 1, y: 2 });
    expect(cutKeys('a:\n  x: 1\n  # trailing\nb: 1\n')?.a).toEqual({ x: 1 });
    expect(cutKeys('a:\n  # first\n  x: 1\nb: 1\n')?.a).toEqual({ x: 1 });
    expect(marker(cutKeys('a:\n  x: 1\n  # inside\n  y: 2\n# after, at the key\nb: 1\n')?.a)).toBe(true);
    const listed = Splices.cut('l:\n- name: x\n  m:\n    k: 1\n', loadPlainValues('l:\n- name: x\n  m:\n    k: 1\n')!, { minLines: 1, maxEntryLines: 2 });
    expect(listed).toBeUndefined();
  });

  it('puts the cut lines back where the printed marker is, re-indented', () => {
    const text = 'global:\n  podAnnotations:\n    a: 1 # one\n    # two\n    b: "2"\nkeep: true\n';
    const made = Splices.cut(text, loadPlainValues(text)!, { minLines: 1, maxEntryLines: 3 })!;
    expect(made.splices.size).toBe(1);
    const doc = parseDocument(made.skeleton, parseOptions);
    const pair = doc.getIn(['global', 'podAnnotations'], true);
    doc.setIn(['podAnnotations'], pair);
    doc.deleteIn(['global', 'podAnnotations']);
    expect(made.splices.expand(doc.toString()).join('')).toBe('global: {}\nkeep: true\npodAnnotations:\n  a: 1 # one\n  # two\n  b: "2"\n');
 
    // A marker printed in a shape the pattern does not know never reaches a file.
    (doc.getIn(['podAnnotations'], true) as { items: { value: { comment?: string } }[] }).items[0].value.comment = ' odd';
    expect(() => made.splices.expand(doc.toString())).toThrow(NeedsDocument);
  });
});

describe('re-indenting a cut body', () => {
  it('moves every line with text by the shift, prints lines of spaces empty, and leaves an unmoved body as it was', () => {
    const moved = (text: string, shift: number) => reindent(text, shift).join('');
    const body = '  a: 1\n    \n\n  # c\n  b:\n    - x\n';
    expect(moved(body, 2)).toBe('    a: 1\n\n\n    # c\n    b:\n      - x\n');
    expect(moved(body, -2)).toBe('a: 1\n\n\n# c\nb:\n  - x\n');
    // A line with fewer spaces than the shift keeps them (the cutter never makes one).
    expect(moved('    a\n b', -2)).toBe('  a\n b');
    expect(moved(body, 0)).toBe(body);
    expect(moved('', 3)).toBe('');
    // A large body goes in parts of whole lines; lines of spaces at the edges of a part included.
    const lines = Array.from({ length: 60_000 }, (_, i) => (i % 7 === 0 ? '      ' : i % 11 === 0 ? '' : `  k${i}: v`));
    const large = `${lines.join('\n')}\n`;
    expect(reindent(large, 2).length).toBeGreaterThan(1);
    expect(moved(large, 2)).toBe(`${lines.map((l) => (l.trim() ? `  ${l}` : '')).join('\n')}\n`);
    expect(moved(large, -2)).toBe(`${lines.map((l) => (l.trim() ? l.slice(2) : '')).join('\n')}\n`);
  });
});

describe('the printer of written subtrees', () => {
  it('prints exactly what the yaml package prints, or gives up', () => {
    const { key, value } = plainTrees(
      ['name', 'a.b/c', 'x-y', 'on', 'null', '1st', 'with space', 'k:v', 'k: v', ''],
      ['yes', 'Off', 'y', '~', '010', '0x1F', '1_000', '.inf', 'svc:9090', '190:20:30', 'a:', 'ok ', 'plain text', '/path', '_x', 'a=b', 'x@y', 'a+b'],
    );
    const styles: OutputStyle[] = [2, 3, 4].flatMap((indent) => [true, false].map((indentSeq) => ({ indent, indentSeq, lineWidth: 0, flowCollectionPadding: true })));
    let emitted = 0;
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), fc.array(value, { minLength: 1, maxLength: 4 })), fc.constantFrom(...styles), (v, style) => {
        const text = emitPlainYaml(v as PlainMap | Plain[], style);
        if (text === undefined) return;
        emitted++;
        const doc = new Document(v, helmSchema);
        expect(`${text}\n`).toBe(doc.toString(style));
      }),
      { numRuns: 1500 },
    );
    expect(emitted).toBeGreaterThan(100);
  });
});

describe('the values command’s ladder of readings', () => {
  /** A 2.9 file with bags of `n` entries each. */
  const big = (n: number, style: object = {}) => {
    const data = { global: { podAnnotations: {} as Record<string, string>, imagePullSecrets: [] as unknown[], proxy: { logLevel: 'debug' } }, tolerations: [] as unknown[], prometheus: { scrapeConfigs: [] as unknown[] } };
    for (let i = 0; i < n; i++) {
      data.global.podAnnotations[`team.example.com/a-${i}`] = `value ${i}`;
      data.global.imagePullSecrets.push({ name: `registry-${i}` });
      data.tolerations.push({ key: `pool-${i}`, operator: 'Exists' });
      data.prometheus.scrapeConfigs.push({ job_name: `job-${i}`, static_configs: [{ targets: [`svc-${i}:9090`] }] });
    }
    return stringify(data, { lineWidth: 0, ...style });
  };
  const ladder = (text: string, c: Case) =>
    migrateCheapest({ text, name: 'v.yaml', plain: loadPlainValues(text), document: () => parseValues(text, 'v.yaml').values }, runner(c));

  it('a large file whose bags move whole goes through the skeleton, with the document’s outputs byte for byte', () => {
    const c: Case = { pack: linkerd, chart: 'linkerd2', from: '2.9', to: 'latest' };
    for (const style of [{}, { indentSeq: false }, { indent: 4 }]) {
      const text = big(400, style);
      const { result, reading } = ladder(text, c);
      expect(reading).toBe('spliced');
      const slow = runner(c)(parseValues(text, 'v.yaml').values, createDocFactory(detectStyle(text)));
      expect(printed(result)).toEqual(printed(slow));
      expect(JSON.stringify(result.diagnostics)).toBe(JSON.stringify(slow.diagnostics));
      // The bags did move (a no-op would have taken the plain reading).
      expect(printed(result).find(([chart]) => chart === 'linkerd-control-plane')?.[1]).toMatch(/^podAnnotations:\n +team\.example\.com\/a-0: value 0$/m);
    }
  });

  it('moves a bag whose text holds a Unicode line separator without touching the spaces after it', () => {
    // YAML 1.2 breaks lines only at \n and \r; U+2028 is text. Re-indenting the bag once treated it
    // as a line start (a multiline regular expression does) and took spaces out of the value.
    const odd = 'a\u2028    b';
    const text = big(400).replace('  podAnnotations:\n', `  podAnnotations:\n    odd: "${odd}"\n`);
    expect((loadPlainValues(text)!.global as PlainMap).podAnnotations).toMatchObject({ odd });
    const { result, reading } = ladder(text, { pack: linkerd, chart: 'linkerd2', from: '2.9', to: 'latest' });
    expect(reading).toBe('spliced');
    const cp = result.outputs.find((o) => o.chart === 'linkerd-control-plane')!;
    expect(parseValues(String(cp.doc), 'cp.yaml').values.toPlain().podAnnotations).toMatchObject({ odd });
  });

  it('a file that changes nothing is read as plain data; one whose migration writes inside a cut bag is read whole', () => {
    const cp: Record<string, unknown> = { controllerReplicas: 2, podAnnotations: {}, tolerations: [] };
    for (let i = 0; i < 400; i++) (cp.tolerations as unknown[]).push({ key: `pool-${i}`, operator: 'Exists' });
    expect(ladder(stringify(cp), { pack: linkerd, chart: 'linkerd-control-plane', from: '2.13', to: '2.14' }).reading).toBe('plain');
    // Chart 26 → 27 writes `expose` into each entry of `ports`; 300 ports make it a block worth cutting.
    const ports: Record<string, unknown> = {};
    for (let i = 0; i < 300; i++) ports[`p${i}`] = { port: 9000 + i, expose: i % 2 === 0 };
    const text = stringify({ ports }, { lineWidth: 0 });
    expect(Splices.cut(text, loadPlainValues(text)!)).toBeDefined();
    const c: Case = { pack: traefik, chart: 'traefik', from: '26', to: '27' };
    const { result, reading } = ladder(text, c);
    expect(reading).toBe('document');
    expect(printed(result)).toEqual(printed(runner(c)(parseValues(text, 'v.yaml').values, createDocFactory(detectStyle(text)))));
  });
});
