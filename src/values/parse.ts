/**
 * Reading a values file into an editable document, refusing input Helm would not treat as one
 * values map. Problems carry the line and column where YAML gives one.
 */
import { getHeapStatistics } from 'node:v8';
import { Document, isMap, isScalar, parseAllDocuments, visit } from 'yaml';
import { HelmMigrateError } from '../core/errors.js';
import type { PlainMap } from '../core/plain.js';
import { assertNestingBounded } from './nesting.js';
import { defaultCut, Splices, type CutOptions } from './splice.js';
import { detectStyle } from './style.js';
import { YamlValues, parseOptions } from './yaml-values.js';

export interface ParsedValues {
  values: YamlValues;
  source: string;
}

/**
 * The largest input read: what this Node process's heap can hold as a YAML document (about 65
 * bytes of heap per input byte, plus a margin), at most 64 MiB. With Node's default heap on a
 * 24 GiB machine that is about 55 MiB; `NODE_OPTIONS=--max-old-space-size=<MB>` raises it up to
 * the cap. Refusing beats a V8 out-of-memory abort, and a values file this large is no longer
 * something Helm can install anyway (a release record must fit a 1 MiB Secret, compressed).
 */
export const MAX_INPUT_BYTES = Math.min(64 * 1024 * 1024, Math.floor(getHeapStatistics().heap_size_limit / 75));

/** The one-line refusal of an input over MAX_INPUT_BYTES. */
export function tooLarge(name: string, bytes: number): HelmMigrateError {
  const mb = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
  return new HelmMigrateError('input-too-large', `${name}: ${mb(bytes)} is more than helm-migrate reads (${mb(MAX_INPUT_BYTES)}, from Node's heap size); Helm could not store a release with values this large either`);
}

/** Refuses binary data before YAML sees it: a NUL byte, or text that is not UTF-8. */
export function assertText(bytes: Uint8Array, name: string): string {
  if (bytes.length > MAX_INPUT_BYTES) throw tooLarge(name, bytes.length);
  if (bytes.includes(0)) throw new HelmMigrateError('binary-input', `${name}: binary data, not a YAML values file`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HelmMigrateError('binary-input', `${name}: not UTF-8 text, not a YAML values file`);
  }
  const out = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  assertNestingBounded(out, name);
  return out;
}

function position(err: { linePos?: [{ line: number; col: number }, ...unknown[]] }): string {
  const p = err.linePos?.[0];
  return p ? `:${p.line}:${p.col}` : '';
}

/** The documents of a YAML stream, each checked for syntax errors. */
export function parseYamlStream(source: string, name: string): Document.Parsed[] {
  const docs = parseAllDocuments(source, parseOptions);
  if (!Array.isArray(docs)) return []; // an empty stream
  for (const d of docs) {
    const err = d.errors[0];
    if (err) {
      const first = err.message.split('\n')[0];
      throw new HelmMigrateError('yaml-syntax', `${name}${position(err)}: invalid YAML: ${first}`);
    }
    assertUniqueKeys(d, source, name);
  }
  return docs;
}

/**
 * Every map's keys are distinct, checked with a Set per map (linear), with the same error the
 * yaml package gives. Merge keys (`<<`) may repeat.
 */
export function assertUniqueKeys(doc: Document, source: string, name: string): void {
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const k = isScalar(pair.key) ? pair.key.value : pair.key;
        if (k === '<<') continue;
        const id = isScalar(pair.key) || pair.key === null ? k : JSON.stringify(pair.key);
        if (!seen.has(id)) {
          seen.add(id);
          continue;
        }
        const offset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
        const { line, col } = lineCol(source, offset);
        throw new HelmMigrateError('yaml-syntax', `${name}:${line}:${col}: invalid YAML: Map keys must be unique at line ${line}, column ${col}:`);
      }
    },
  });
}

function lineCol(source: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

/** Rejects documents whose aliases expand without bound (a "billion laughs" file); returns the data. */
export function assertBoundedAliases(doc: Document, name: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    const msg = (err as Error).message;
    if (/alias/i.test(msg)) {
      throw new HelmMigrateError('yaml-alias-bomb', `${name}: aliases expand without bound (possible alias bomb); refusing to read it`);
    }
    throw new HelmMigrateError('yaml-syntax', `${name}: invalid YAML: ${msg.split('\n')[0]}`);
  }
}

/** One values map per file, as Helm's `-f` takes it. An empty file is an empty map. */
export function parseValues(source: string, name: string): ParsedValues {
  return valuesFromStream(parseYamlStream(source, name), source, name);
}

/**
 * The values document of an already parsed stream (so a file is parsed once). `known` is its
 * data when already read (plain-load.ts reads the same data and gives up on aliases), which
 * saves converting the whole document once more.
 */
export function valuesFromStream(docs: Document.Parsed[], source: string, name: string, known?: PlainMap): ParsedValues {
  if (docs.length > 1) {
    throw new HelmMigrateError(
      'yaml-multiple-documents',
      `${name}: holds ${docs.length} YAML documents; a values file is one mapping (split it, or pass a Flux HelmRelease or Argo CD Application)`,
    );
  }
  const doc = docs[0] ?? new Document(null);
  const plain = known ?? assertBoundedAliases(doc, name);
  const c = doc.contents;
  // `~`, `null` or nothing at all: an empty values file.
  if (isScalar(c) && c.value === null) doc.contents = null;
  if (c && doc.contents !== null && !isMap(c)) {
    const line = c.range ? lineOf(source, c.range[0]) : '';
    throw new HelmMigrateError('yaml-not-mapping', `${name}${line}: the top level is a ${describe(doc.toJS())}, but values must be a mapping of keys`);
  }
  const values = new YamlValues(doc, source, detectStyle(source));
  if (plain && typeof plain === 'object' && !Array.isArray(plain)) values.primePlain(plain as Record<string, never>);
  return { values, source };
}

/** A `key: |` line: a literal block scalar follows (the plain reader reads them; the cutter does not). */
const BLOCK_SCALAR = /^[^#\n]*:[ ]+\|[-+]?[ ]*(#.*)?$/m;

/**
 * A large plain file as a skeleton document whose big subtrees stay text (splice.ts); undefined
 * when it has none worth cutting. `plain` is its data, as plain-load.ts read it.
 */
export function splicedValues(source: string, plain: PlainMap, name: string, cut: CutOptions = defaultCut): { values: YamlValues; splices: Splices } | undefined {
  // The cutter reads the file's lines as keys and items; a literal block scalar's lines are
  // text (a certificate, a `key: value` inside it), so such a file is read as a document.
  if (BLOCK_SCALAR.test(source)) return undefined;
  const made = Splices.cut(source, plain, cut);
  if (!made) return undefined;
  const { values } = valuesFromStream(parseYamlStream(made.skeleton, name), source, name, plain);
  values.useSplices(made.splices);
  return { values, splices: made.splices };
}

function lineOf(source: string, offset: number): string {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source[i] === '\n') line++;
  return `:${line}:1`;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'string') return 'string';
  return typeof v;
}

/** A values document made from plain data (a release's stored values), in the default style. */
export function valuesFromObject(obj: Record<string, unknown>): YamlValues {
  const doc = new Document(obj);
  const text = doc.toString({ lineWidth: 0 });
  return parseValues(text === '{}\n' ? '' : text, 'release values').values;
}
