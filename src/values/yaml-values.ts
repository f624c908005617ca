/**
 * A values document backed by the `yaml` Document API, edited in place so comments, key order,
 * quoting and blank lines survive. This folder is the only importer of `yaml`.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, isAlias, isCollection, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Tags, Node as YamlNode } from 'yaml';
import type { Path } from '../core/paths.js';
import { deepEqual, deepFreeze, deletePlain, getPlain, isPlainMap, setPlain, type Plain, type PlainMap } from '../core/plain.js';
import type { Detached, DocFactory, Position, ValuesDoc } from '../core/types.js';
import { NeedsDocument } from './plain-values.js';
import type { Splices } from './splice.js';
import { detectStyle, type OutputStyle } from './style.js';

/** Helm reads values with merge keys (`<<: *base`) enabled; so do we. */
/**
 * Values are read as Helm reads them: YAML 1.1 scalars (`yes`/`no`/`on`/`off` are booleans,
 * `010` is octal 8), as go-yaml does under Helm. Timestamps, sexagesimal numbers and the other
 * 1.1 collection tags stay plain text, as they reach a chart's templates. New documents use
 * the same schema, so a string such as "off" is quoted where Helm would read a boolean.
 */
const unsupported = ['tag:yaml.org,2002:timestamp', 'tag:yaml.org,2002:binary', 'tag:yaml.org,2002:set', 'tag:yaml.org,2002:omap', 'tag:yaml.org,2002:pairs'];
export const helmSchema = {
  version: '1.1',
  customTags: (tags: Tags) => tags.filter((t) => typeof t !== 'string' && !unsupported.includes(t.tag) && (t as { format?: string }).format !== 'TIME'),
} as const;

// Duplicate keys are found by assertUniqueKeys (parse.ts) in one pass: the yaml package's own
// check compares every key with every other key of its map, quadratic in the largest map.
export const parseOptions = { merge: true, prettyErrors: true, uniqueKeys: false, ...helmSchema } as const;
const toJsOptions = { maxAliasCount: 1000 } as const;

interface DetachedPair extends Detached {
  readonly pair: Pair<Scalar, unknown>;
  /** Values of anchors defined in, and aliases used by, the detached subtree. */
  readonly anchors: Map<string, Plain>;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

/** Tests set this to compare the data kept beside the document with the document after every edit. */
const checkMirror = process.env.HELM_MIGRATE_CHECK_MIRROR === '1';

export class YamlValues implements ValuesDoc {
  private changed = false;
  /**
   * The document as data, kept beside it and edited with it. Copy on write, so a `toPlain()`
   * result never changes; what `get` returns is shared with it and must not be edited (the
   * tests freeze it, so an edit there fails them). Converting YAML nodes to data on every read
   * was most of the engine's time on large files. Documents with aliases go without: an edit
   * under an anchor changes every alias of it, which plain data cannot follow.
   */
  private mirror: PlainMap | undefined;
  private hasAliases = false;
  /**
   * Every anchor this document has held or received, by value. An alias whose anchor moved to
   * another document, or now comes after it, is replaced by a copy of that value (YAML cannot
   * refer across documents or backwards), so it keeps meaning what it meant.
   */
  private readonly anchors = new Map<string, Plain>();
  private aliasesDisturbed = false;
  /** Where the values map sits in the document: [] for a values file, deeper in a manifest. */
  protected rootPath: readonly (string | number)[] = [];
  /** Subtrees cut out of a large file's text (splice.ts): the document holds markers for them. */
  private splices: Splices | undefined;

  constructor(
    readonly doc: Document,
    /** The text the document was parsed from; returned unchanged when nothing was edited. */
    private readonly source: string | undefined,
    private readonly style: OutputStyle,
  ) {
    let aliases = false;
    walk(doc.contents, (n) => {
      if (isAlias(n)) aliases = true;
      const anchor = (n as { anchor?: string }).anchor;
      if (anchor && !isAlias(n)) this.anchors.set(anchor, this.plainOf(n));
    });
    this.hasAliases = aliases;
  }

  get dirty(): boolean {
    return this.changed;
  }

  /**
   * This document is a skeleton whose markers stand for `splices`' subtrees (or, for a new
   * document, may receive them): printing puts them back, and looking inside one throws
   * `NeedsDocument`. Its data must be the whole file's (primePlain).
   */
  useSplices(splices: Splices): void {
    this.splices = splices;
  }

  /** The data the parser already made of the document, so it is not converted twice. */
  primePlain(plain: PlainMap): void {
    if (!this.changed && !this.hasAliases) this.mirror = checkMirror ? deepFreeze(plain) : plain;
  }

  /** The mirror, made on first use; undefined for documents with aliases. */
  private data(): PlainMap | undefined {
    if (this.hasAliases) return undefined;
    this.mirror ??= checkMirror ? deepFreeze(this.convert()) : this.convert();
    return this.mirror;
  }

  private convert(): PlainMap {
    const js = (this.rootPath.length ? this.root().toJS(this.doc, toJsOptions) : this.doc.toJS(toJsOptions)) as unknown;
    const data = (js && typeof js === 'object' && !Array.isArray(js) ? js : {}) as PlainMap;
    // A skeleton's markers read as the subtrees they stand for.
    return this.splices ? (this.splices.inflate(data) as PlainMap) : data;
  }

  /** Records an edit at `path` in the mirror: `value` there (or the key gone), keys in the document's order. */
  private mirrorEdit(path: Path, value: Plain | undefined): void {
    if (!this.mirror) return;
    let root = value === undefined ? deletePlain(this.mirror, path) : setPlain(this.mirror, path, value);
    // A key inserted at a position (or parents created there) must sit there in the data too.
    if (value !== undefined) {
      let map: YAMLMap | undefined = this.root();
      for (let depth = 0; map && depth < path.length; depth++) {
        const here = path.slice(0, depth);
        const plain = getPlain(root, here);
        const order = map.items.map((p) => keyText(p.key));
        if (isPlainMap(plain) && !sameOrder(Object.keys(plain), order)) root = reorder(root, here, plain, order);
        const next = this.deref(this.findPair(map, path[depth])?.pair.value);
        map = isMap(next) ? next : undefined;
      }
    }
    this.mirror = checkMirror ? deepFreeze(root) : root;
  }

  /** Under HELM_MIGRATE_CHECK_MIRROR=1 (the tests): the mirror equals the document, key order included. */
  private verifyMirror(): void {
    if (!checkMirror || !this.mirror) return;
    const fresh = JSON.stringify(this.convert());
    if (fresh !== JSON.stringify(this.mirror)) throw new Error(`values mirror out of step with the document:\n${JSON.stringify(this.mirror)}\n${fresh}`);
  }

  markDirty(): void {
    this.changed = true;
  }

  private root(): YAMLMap {
    if (this.rootPath.length) {
      const n = this.doc.getIn(this.rootPath, true);
      if (isMap(n)) return n;
      const map = new YAMLMap();
      this.doc.setIn(this.rootPath, map);
      return map;
    }
    const c = this.doc.contents;
    if (isMap(c)) return c;
    // An empty or comment-only file: give it a map to write into.
    const map = new YAMLMap();
    this.doc.contents = map as never;
    return map;
  }

  /** Follows aliases, so paths through `*anchor` read what Helm would read. */
  private deref(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }

  private findPair(map: YAMLMap, key: string): { pair: Pair; index: number } | undefined {
    this.splices?.assertOpen(map);
    const index = map.items.findIndex((p) => keyText(p.key) === key);
    return index < 0 ? undefined : { pair: map.items[index] as Pair, index };
  }

  /** The map that holds the last key of `path`, when every step is a map. */
  private parentMap(path: Path): YAMLMap | undefined {
    let cur: unknown = this.root();
    for (const k of path.slice(0, -1)) {
      cur = this.deref(cur);
      if (!isMap(cur)) return undefined;
      cur = this.findPair(cur, k)?.pair.value;
    }
    cur = this.deref(cur);
    return isMap(cur) ? cur : undefined;
  }

  private node(path: Path): unknown {
    if (path.length === 0) return this.root();
    const parent = this.parentMap(path);
    if (!parent) return undefined;
    const found = this.findPair(parent, path[path.length - 1]);
    return found ? (found.pair.value ?? null) : undefined;
  }

  has(path: Path): boolean {
    const data = this.data();
    if (data) return getPlain(data, path) !== undefined;
    return this.node(path) !== undefined;
  }

  get(path: Path): Plain | undefined {
    const data = this.data();
    if (data) return getPlain(data, path);
    const n = this.node(path);
    return n === undefined ? undefined : this.plainOf(n);
  }

  private plainOf(n: unknown): Plain {
    if (n === null || n === undefined) return null;
    try {
      if (isAlias(n) || isCollection(n) || isScalar(n)) return (n as YamlNode).toJS(this.doc, toJsOptions) as Plain;
    } catch (err) {
      // An alias whose anchor is mid-move (between detach and attach) still means its value.
      if (isAlias(n) && this.anchors.has(n.source)) return this.anchors.get(n.source)!;
      throw err;
    }
    return n as Plain;
  }

  isMap(path: Path): boolean {
    return isMap(this.deref(this.node(path)));
  }

  keys(path: Path): string[] {
    const n = this.deref(this.node(path));
    if (this.splices?.bodyOf(n) !== undefined) return Object.keys(getPlain(this.data()!, path) as PlainMap);
    return isMap(n) ? n.items.map((p) => keyText(p.key)) : [];
  }

  indexOf(path: Path): number {
    const parent = this.parentMap(path);
    return parent ? (this.findPair(parent, path[path.length - 1])?.index ?? -1) : -1;
  }

  detach(path: Path, purpose: 'move' | 'remove' = 'move'): Detached | undefined {
    const parent = this.parentMap(path);
    if (!parent) return undefined;
    const found = this.findPair(parent, path[path.length - 1]);
    if (!found) return undefined;
    const data = this.data();
    const value = data ? (getPlain(data, path) ?? null) : this.plainOf(found.pair.value);
    const anchors = new Map<string, Plain>();
    walk(found.pair.value, (n) => {
      if (isAlias(n)) {
        const target = this.anchors.get(n.source);
        if (target !== undefined) anchors.set(n.source, target);
      } else {
        const anchor = (n as { anchor?: string }).anchor;
        if (anchor) anchors.set(anchor, this.plainOf(n));
      }
    });
    parent.items.splice(found.index, 1);
    this.mirrorEdit(path, undefined);
    const pair = found.pair as Pair<Scalar, unknown>;
    if (!isScalar(pair.key)) pair.key = new Scalar(keyText(pair.key));
    this.carryLeadingComments(parent, found.index, pair, purpose);
    this.changed = true;
    if (anchors.size) this.aliasesDisturbed = true;
    const detached: DetachedPair = { value, pair, anchors };
    return detached;
  }

  /**
   * A comment above the first key of a block map is stored on the map, not the key; it describes
   * the key, so it travels with it. On the root map, a header (everything up to the last blank
   * line above the first key) describes the file and stays behind; when the first key is removed
   * rather than moved, its whole comment stays, since the top of a file is where headers live.
   */
  private carryLeadingComments(parent: YAMLMap, index: number, pair: Pair<Scalar, unknown>, purpose: 'move' | 'remove'): void {
    if (index !== 0) return;
    const isRoot = this.isFileRoot(parent);
    // A key going away leaves the comment where it was: it is the user's, and still readable.
    if (!isRoot && parent.commentBefore && purpose === 'move') {
      pair.key.commentBefore = join(parent.commentBefore, pair.key.commentBefore);
      parent.commentBefore = undefined;
    }
    if (isRoot) this.headerToDocument(pair.key, purpose === 'remove');
  }

  /**
   * Moves the file header off a root key into the document's own comment, where it stays at the
   * top whatever happens to the keys. The header is the part of the key's comment before its last
   * blank line, or all of it when the key is going away.
   */
  private headerToDocument(key: Scalar, all: boolean): void {
    const text = key.commentBefore;
    if (!text) return;
    const cut = all ? text.length : text.lastIndexOf('\n\n');
    if (cut < 0) return;
    const header = text.slice(0, cut).replace(/\n+$/, '');
    key.commentBefore = text.slice(cut + 2) || undefined;
    if (!header) return;
    const own = this.doc.commentBefore;
    this.doc.commentBefore = own ? `${own}\n\n${header}` : header;
  }

  /**
   * The map at `path`, created (with its parents) if absent; a non-map in the way is replaced.
   * Also returns the key created at `at` (if any), so the caller can hand it the comments of
   * the key it replaces: moving `prometheusImage` to `prometheus.image` puts its comment on
   * `prometheus`.
   */
  private ensureMap(path: Path, at?: Position): { map: YAMLMap; createdAt?: Pair<Scalar, unknown> } {
    let cur = this.root();
    let createdAt: Pair<Scalar, unknown> | undefined;
    path.forEach((k, depth) => {
      const found = this.findPair(cur, k);
      let next = found ? this.deref(found.pair.value) : undefined;
      if (!isMap(next)) {
        const map = new YAMLMap();
        if (found) {
          found.pair.value = map;
        } else {
          const pair = new Pair(new Scalar(k), map) as Pair<Scalar, unknown>;
          const here = at?.depth === depth;
          this.insert(cur, pair, here ? at.index : undefined);
          if (here) createdAt = pair;
        }
        next = map;
      }
      cur = next as YAMLMap;
    });
    return { map: cur, createdAt };
  }

  /** Inserts a pair; a key put in front of the file's first key takes over from it, header aside. */
  /** The top map of a values file (headers live there); an embedded values map has none. */
  private isFileRoot(map: YAMLMap): boolean {
    return this.rootPath.length === 0 && map === this.doc.contents;
  }

  private insert(map: YAMLMap, pair: Pair, index: number | undefined): void {
    const isRoot = this.isFileRoot(map);
    if (insertAt(map, pair, index, isRoot)) {
      const displaced = map.items[1] as Pair<Scalar, unknown> | undefined;
      if (displaced && isScalar(displaced.key)) this.headerToDocument(displaced.key, false);
    }
  }

  /** Moves a key's leading comment and blank line onto a newly created parent key. */
  private liftComments(from: Scalar, to: Pair<Scalar, unknown> | undefined): void {
    if (!to || !isScalar(to.key)) return;
    to.key.commentBefore = join(to.key.commentBefore, from.commentBefore);
    to.key.spaceBefore = to.key.spaceBefore || from.spaceBefore;
    from.commentBefore = undefined;
    from.spaceBefore = false;
  }

  /** Moves the leading comment (and blank line) of the key at `from` onto the key at `to`. */
  moveComments(from: Path, to: Path): void {
    const a = this.parentMap(from);
    const b = this.parentMap(to);
    const src = a && this.findPair(a, from[from.length - 1])?.pair;
    const dst = b && this.findPair(b, to[to.length - 1])?.pair;
    if (!src || !dst || !isScalar(src.key) || !isScalar(dst.key) || !src.key.commentBefore) return;
    dst.key.commentBefore = join(src.key.commentBefore, dst.key.commentBefore);
    dst.key.spaceBefore = dst.key.spaceBefore || src.key.spaceBefore;
    src.key.commentBefore = undefined;
    src.key.spaceBefore = false;
    this.changed = true;
  }

  attach(path: Path, node: Detached, at?: Position): void {
    const { pair, anchors } = node as DetachedPair;
    const key = path[path.length - 1];
    if (keyText(pair.key) !== key) {
      const old = pair.key;
      const fresh = new Scalar(key);
      fresh.commentBefore = old.commentBefore;
      fresh.spaceBefore = old.spaceBefore;
      fresh.comment = old.comment;
      pair.key = fresh;
    }
    const { map: parent, createdAt } = this.ensureMap(path.slice(0, -1), at);
    this.liftComments(pair.key, createdAt);
    const existing = this.findPair(parent, key);
    if (existing) parent.items.splice(existing.index, 1, pair);
    else this.insert(parent, pair, at?.depth === path.length - 1 ? at.index : undefined);
    for (const [name, value] of anchors) if (!this.anchors.has(name)) this.anchors.set(name, value);
    if (anchors.size) {
      this.aliasesDisturbed = true;
      // The key brings anchors or aliases with it: from now on, read the document itself.
      this.hasAliases = true;
      this.mirror = undefined;
    }
    this.mirrorEdit(path, node.value);
    this.changed = true;
  }

  set(path: Path, value: Plain, opts: { commentFrom?: Detached; at?: Position; reuse?: Detached[] } = {}): void {
    const { map: parent, createdAt } = this.ensureMap(path.slice(0, -1), opts.at);
    const key = path[path.length - 1];
    const existing = this.findPair(parent, key);
    const valueNode = this.nodeFor(value, existing?.pair.value, (opts.reuse ?? []).map((d) => (d as DetachedPair).pair.value));
    if (existing) {
      existing.pair.value = valueNode;
    } else {
      const k = new Scalar(key);
      const from = (opts.commentFrom as DetachedPair | undefined)?.pair;
      if (from) {
        k.commentBefore = from.key.commentBefore;
        k.spaceBefore = from.key.spaceBefore;
        this.liftComments(k, createdAt);
        const c = (from.value as { comment?: string } | null)?.comment;
        if (c && isScalar(valueNode)) valueNode.comment = c;
      }
      this.insert(parent, new Pair(k, valueNode), opts.at?.depth === path.length - 1 ? opts.at.index : undefined);
    }
    this.mirrorEdit(path, value);
    this.changed = true;
  }

  /**
   * The node for a value written over `old`: `old` itself when it is an equal scalar; for a list,
   * a new sequence (in the old one's style) whose items equal to an unused scalar item of the
   * old list or of a `reuse` list are those very nodes, with their quoting and comments.
   */
  private nodeFor(value: Plain, old: unknown, reuse: unknown[]): unknown {
    const reusable = (n: unknown): n is Scalar => isScalar(n) && !n.anchor;
    if (reusable(old) && deepEqual(this.plainOf(old), value)) return old;
    const create = () => this.splices?.printed(value, this.style, this.doc) ?? this.doc.createNode(value);
    if (!Array.isArray(value)) return create();
    // Items of a cut list cannot be reused from here: the whole document decides.
    if (this.splices) [old, ...reuse].forEach((n) => this.splices!.assertOpen(n));
    const pool = [old, ...reuse].flatMap((n) => (isSeq(n) ? n.items.filter(reusable) : []));
    if (!pool.length) return create();
    const seq = this.doc.createNode([]) as YAMLSeq;
    if (isSeq(old)) Object.assign(seq, { flow: old.flow, comment: old.comment, commentBefore: old.commentBefore });
    for (const item of value) {
      const i = pool.findIndex((n) => deepEqual(this.plainOf(n), item));
      seq.items.push(i >= 0 ? pool.splice(i, 1)[0] : this.doc.createNode(item));
    }
    return seq;
  }

  delete(path: Path): boolean {
    return this.detach(path, 'remove') !== undefined;
  }

  toPlain(): PlainMap {
    this.settle();
    return this.data() ?? this.convert();
  }

  isEmpty(): boolean {
    if (this.rootPath.length) return this.root().items.length === 0;
    const c = this.doc.contents;
    return !isMap(c) || c.items.length === 0;
  }

  /**
   * Ends an edit: replaces aliases that no longer have their anchor before them (see `anchors`).
   * Called between operations, never inside one, when a moved anchor may be in transit.
   */
  settle(): void {
    this.fixAliases();
    this.verifyMirror();
  }

  private fixAliases(): void {
    if (!this.aliasesDisturbed) return;
    this.aliasesDisturbed = false;
    const seen = new Set<string>();
    const fix = (n: unknown): unknown => {
      if (isAlias(n)) {
        if (seen.has(n.source)) return n;
        const value = this.anchors.get(n.source);
        if (value === undefined) return n;
        this.changed = true;
        const copy = this.doc.createNode(value);
        // Keep the comment that followed the alias on its line.
        if (n.comment) (copy as { comment?: string }).comment = n.comment;
        return copy;
      }
      const anchor = (n as { anchor?: string } | null)?.anchor;
      if (anchor) seen.add(anchor);
      if (isMap(n)) {
        for (const item of n.items) item.value = fix(item.value) as never;
      } else if (isSeq(n)) {
        n.items = n.items.map(fix);
      }
      return n;
    };
    if (this.rootPath.length) fix(this.root());
    else this.doc.contents = fix(this.doc.contents) as never;
  }

  toString(): string {
    const parts = this.textParts();
    return parts.length === 1 ? parts[0] : parts.join('');
  }

  textParts(): readonly string[] {
    if (!this.changed && this.source !== undefined) return [this.source];
    this.settle();
    const first = isMap(this.doc.contents) ? (this.doc.contents.items[0] as Pair<Scalar, unknown> | undefined) : undefined;
    // A blank line a moved key had above it is noise at the top of a file under its header.
    if (first && isScalar(first.key) && this.doc.commentBefore && !first.key.commentBefore) first.key.spaceBefore = false;
    const printed = this.doc.toString(this.style);
    return this.splices ? this.splices.expand(printed) : [printed];
  }
}

function sameOrder(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** `root` with the map at `path` rebuilt with its keys in `order`. */
function reorder(root: PlainMap, path: Path, map: PlainMap, order: string[]): PlainMap {
  const sorted: PlainMap = {};
  for (const k of order) if (Object.prototype.hasOwnProperty.call(map, k)) sorted[k] = map[k];
  return path.length ? setPlain(root, path, sorted) : sorted;
}

/** Inserts a pair; true when it became the first key of the root map. */
function insertAt(map: YAMLMap, pair: Pair, index: number | undefined, isRoot: boolean): boolean {
  // `{}` written as an empty placeholder becomes a block map once it has keys.
  if (map.flow && map.items.length === 0) map.flow = false;
  if (index !== undefined && index >= 0 && index <= map.items.length) map.items.splice(index, 0, pair);
  else map.items.push(pair);
  if (map.items[0] === pair && !isRoot && isScalar(pair.key)) {
    // A blank line above the first key of a nested map prints as an indented empty line.
    pair.key.spaceBefore = false;
  }
  return index === 0 && isRoot;
}

function join(a: string | undefined | null, b: string | undefined | null): string | undefined {
  if (!a) return b ?? undefined;
  if (!b) return a;
  return `${a}\n${b}`;
}

function walk(n: unknown, visit: (n: unknown) => void): void {
  if (n === null || n === undefined) return;
  visit(n);
  if (isMap(n)) {
    for (const p of n.items) if (isPair(p)) walk(p.value, visit);
  } else if (isSeq(n)) {
    for (const item of n.items) walk(item, visit);
  }
}

/** New documents in `style`; with `splices`, they may receive subtrees cut out of the input. */
export function createDocFactory(style: OutputStyle = detectStyle(''), splices?: Splices): DocFactory {
  return {
    create(header: string): ValuesDoc {
      const doc = new Document(new YAMLMap(), helmSchema);
      doc.commentBefore = header;
      const values = new YamlValues(doc, undefined, style);
      if (splices) values.useSplices(splices);
      values.markDirty();
      return values;
    },
  };
}
