/**
 * What a set of values *does* to a chart, measured on its rendered manifests: the differences
 * between a render with the values and the same chart's default render. Pure: renders come in as
 * plain objects (the caller runs helm and parses YAML).
 *
 * A manifest is flattened to leaves keyed by object (`Kind/name`) and field. Lists of named
 * items (containers, env, ports, volumes) are keyed by name, so inserting one does not shift the
 * others; lists of scalars (args, command) are sets, so `-log-level=debug` replacing
 * `-log-level=info` is one element out and one in. Multi-line strings that hold a YAML or JSON
 * document (a ConfigMap with the control plane's values, a collector config) are flattened into
 * it, because components read their settings from there.
 */
import { registryHost } from '../core/image-reference.js';

export interface RenderedObject {
  kind?: string;
  metadata?: { name?: string };
  [k: string]: unknown;
}

/** object → field → value. Values are text so `3` and `"3"` compare equal, as Kubernetes would coerce them. */
export type Leaves = Map<string, Map<string, string>>;

export interface Effect {
  object: string;
  /** '' for the object itself (created or removed). */
  field: string;
  before?: string;
  after?: string;
}

export interface FlattenOptions {
  /** Parses a multi-line string that may hold a document; returns undefined when it does not. */
  parseEmbedded?: (text: string) => unknown;
}

export const OBJECT = '';
const PRESENT = '(present)';

export function objectKey(o: RenderedObject): string | undefined {
  const name = o.metadata?.name;
  return o.kind && name ? `${o.kind}/${name}` : undefined;
}

export function flatten(objects: RenderedObject[], opts: FlattenOptions = {}): Leaves {
  return joinObjects(objects.map((o) => flattenObject(o, opts)));
}

/** One object's fields, keyed by its kind and name; undefined for an object without them. */
export function flattenObject(o: RenderedObject, opts: FlattenOptions = {}): [string, Map<string, string>] | undefined {
  const key = objectKey(o);
  if (!key) return undefined;
  const fields = new Map<string, string>([[OBJECT, PRESENT]]);
  walk(o, '', fields, opts);
  return [key, fields];
}

/**
 * Objects' fields as one render: an object given twice has the fields of both, and references
 * between objects are resolved. The maps given are not changed (they may be shared).
 */
export function joinObjects(objects: ([string, Map<string, string>] | undefined)[]): Leaves {
  const out: Leaves = new Map();
  for (const o of objects) {
    if (!o) continue;
    const [key, fields] = o;
    const had = out.get(key);
    out.set(key, had ? new Map([...had, ...fields]) : fields);
  }
  resolveReferences(out);
  return out;
}

/**
 * An environment variable read from a ConfigMap (`valueFrom.configMapKeyRef`) gets the value it
 * resolves to, as the pod sees it: a setting that moves from an inline `value` to a ConfigMap is
 * the same setting.
 */
function resolveReferences(all: Leaves): void {
  for (const [object, shared] of all) {
    // The object's map may be shared with other renders: it is copied before the first change.
    let fields = shared;
    const set = (f: string, v: string) => {
      if (fields === shared) {
        fields = new Map(shared);
        all.set(object, fields);
      }
      fields.set(f, v);
    };
    for (const [f, name] of [...shared]) {
      const env = /^(.*)\.valueFrom\.(configMapKeyRef|secretKeyRef)\.name$/.exec(f);
      if (env) {
        const key = fields.get(`${env[1]}.valueFrom.${env[2]}.key`);
        const kind = env[2] === 'configMapKeyRef' ? 'ConfigMap' : 'Secret';
        const data = kind === 'Secret' ? 'data~' : 'data.';
        const value = key === undefined ? undefined : all.get(`${kind}/${name}`)?.get(`${data}${key}`) ?? all.get(`${kind}/${name}`)?.get(`data.${key}`);
        if (value !== undefined && !fields.has(`${env[1]}.value`)) set(`${env[1]}.value`, value);
        continue;
      }
      // A mounted ConfigMap or Secret: the pod reads its files.
      const vol = /^(.*\.volumes\[[^\]]+\])\.(configMap\.name|secret\.secretName)$/.exec(f);
      if (vol) {
        const source = all.get(`${vol[2].startsWith('configMap') ? 'ConfigMap' : 'Secret'}/${name}`);
        for (const [df, dv] of source ?? []) if (df.startsWith('data')) set(`${vol[1]}|${df}`, dv);
      }
    }
  }
}

/**
 * A `--long.flag=value` argument with its name in lower case: applications that take dotted long
 * flags commonly read them without regard to case, and a chart may spell the same flag
 * `--entryPoints.…` in one version and `--entrypoints.…` in the next. No application has two
 * settings whose flags differ only in case.
 */
function flagCase(arg: string): string {
  const m = /^(--[A-Za-z][\w.-]*)(=.*)?$/s.exec(arg);
  return m ? `${m[1].toLowerCase()}${m[2] ?? ''}` : arg;
}

/**
 * A flag given more than once (`--x=:80` then `--x=:8000`): the application takes the last, so
 * which one wins is a setting of its own, `args{--x}`. A list kept as a set cannot tell a flag
 * moved after the chart's own (now winning) from one before it (overridden).
 */
function winningFlags(list: unknown[], path: string, out: Map<string, string>): void {
  const last = new Map<string, { value: string; count: number }>();
  for (const x of list) {
    const m = typeof x === 'string' ? /^(--?[\w.-]+)=(.*)$/s.exec(flagCase(x)) : null;
    if (!m) continue;
    last.set(m[1], { value: m[2], count: (last.get(m[1])?.count ?? 0) + 1 });
  }
  for (const [name, { value, count }] of last) if (count > 1) out.set(`${path}{${name}}`, value);
}

/** Text that is base64 of printable text (Secret data, some env values), decoded; else undefined. */
function decodeBase64(text: string): string | undefined {
  if (text.length < 8 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return /^[\t\n\r\x20-\x7e]+$/.test(decoded) ? decoded : undefined;
}

function walk(v: unknown, path: string, out: Map<string, string>, opts: FlattenOptions): void {
  if (v === null || v === undefined) return;
  if (Array.isArray(v)) {
    // Items are named by `name` (containers, env, ports), `job_name` (Prometheus scrape jobs),
    // or the `alert` or `record` they define (Prometheus rules, whose order means nothing).
    const isMap = (x: unknown): x is Record<string, unknown> => Boolean(x) && typeof x === 'object' && !Array.isArray(x);
    const key = ['name', 'job_name'].find((k) => v.some((x) => isMap(x) && typeof x[k] === 'string'));
    const rules = key === undefined && v.some((x) => isMap(x) && (typeof x.alert === 'string' || typeof x.record === 'string'));
    const nameOf = (x: Record<string, unknown>): unknown => (key !== undefined ? x[key] : typeof x.alert === 'string' ? x.alert : x.record);
    if ((key || rules) && v.every(isMap)) {
      // Named items by name; an unnamed one among them (a user's container without a name) by
      // its position, so it does not turn every named sibling into a list position.
      const seen = new Map<string, number>();
      v.forEach((item, i) => {
        const name = nameOf(item);
        if (typeof name !== 'string') return walk(item, `${path}[#${i}]`, out, opts);
        const n = (seen.get(name) ?? 0) + 1;
        seen.set(name, n);
        walk(item, `${path}[${n > 1 ? `${name}#${n}` : name}]`, out, opts);
      });
    } else if (v.every((x) => x === null || typeof x !== 'object')) {
      for (const x0 of v) {
        const x = typeof x0 === 'string' ? flagCase(x0) : x0;
        out.set(`${path}[]=${String(x)}`, String(x));
        // `-flag=<base64>`: the flag's value as the component reads it, like a Secret's data.
        const flag = typeof x === 'string' ? /^(-{1,2}[\w.-]+=)(.+)$/s.exec(x) : null;
        const decoded = flag ? decodeBase64(flag[2]) : undefined;
        if (flag && decoded !== undefined) out.set(`${path}[]~${flag[1]}`, decoded);
      }
      winningFlags(v, path, out);
    } else {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, out, opts));
    }
    return;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    for (const [k, x] of entries) walk(x, path ? `${path}.${k}` : k, out, opts);
    return;
  }
  const text = String(v);
  const decoded = typeof v === 'string' ? decodeBase64(text) : undefined;
  if (decoded !== undefined) {
    // Kept in both forms: `data.x` as written, `data~x` as the consumer reads it.
    out.set(path, text);
    walk(decoded, path.replace(/\.([^.]*)$/, '~$1'), out, opts);
    return;
  }
  // A JSON document on one line (a dashboard, written minified): its fields, as for YAML.
  if (typeof v === 'string' && opts.parseEmbedded && !text.includes('\n') && /^\s*[[{]/.test(text)) {
    // An empty one (`{}`) has no fields to read: it stays a value, as any short text does.
    const doc = parseJson(text);
    if (doc && typeof doc === 'object' && Object.keys(doc).length > 0) {
      walk(doc, `${path}|`, out, opts);
      return;
    }
  }
  if (typeof v === 'string' && text.includes('\n') && opts.parseEmbedded) {
    const doc = opts.parseEmbedded(text);
    if (doc && typeof doc === 'object') {
      walk(doc, `${path}|`, out, opts);
      return;
    }
  }
  out.set(path, text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Several charts' renders as one (the target charts of a split). */
export function mergeLeaves(maps: Leaves[]): Leaves {
  const out: Leaves = new Map();
  for (const m of maps) for (const [k, v] of m) out.set(k, v);
  return out;
}

/**
 * Fields that differ between two renders of the same values: generated certificates, random
 * tokens and the checksums over them. They are nobody's customization and are left out.
 */
export function unstableFields(a: Leaves, b: Leaves): Set<string> {
  const out = new Set<string>();
  for (const [obj, fa] of a) {
    const fb = b.get(obj);
    if (!fb) continue;
    for (const [f, v] of fa) if (fb.get(f) !== v) out.add(`${obj}\t${f}`);
    for (const f of fb.keys()) if (!fa.has(f)) out.add(`${obj}\t${f}`);
  }
  return out;
}

/** A checksum annotation changes with any value it hashes; it is a consequence, not a setting. */
function derived(field: string, value: string | undefined): boolean {
  return /checksum\//.test(field) || (value !== undefined && /^[0-9a-f]{32,64}$/.test(value));
}

/**
 * The decoded twin of a base64 field (`data.x` → `data~x`, `args[]=-f=<b64>` → `args[]~-f=`):
 * where one exists, the twin stands for the setting and the encoded text is not compared.
 */
function decodedTwin(field: string): string {
  const flag = /^(.*\[\])=(-{1,2}[\w.-]+=)/s.exec(field);
  return flag ? `${flag[1]}~${flag[2]}` : field.replace(/\.([^.]*)$/, '~$1');
}

/** The differences between a render and the same chart's default render. */
export function effectsOf(base: Leaves, actual: Leaves, unstable: Set<string> = new Set()): Effect[] {
  const out: Effect[] = [];
  for (const [obj, fields] of actual) {
    const was = base.get(obj);
    if (!was) {
      out.push({ object: obj, field: OBJECT, after: PRESENT });
      continue;
    }
    for (const [f, v] of fields) {
      const before = was.get(f);
      if (before === v || unstable.has(`${obj}\t${f}`) || derived(f, v) || (decodedTwin(f) !== f && fields.has(decodedTwin(f)))) continue;
      out.push({ object: obj, field: f, before, after: v });
    }
    for (const [f, v] of was) {
      if (fields.has(f) || unstable.has(`${obj}\t${f}`) || derived(f, v) || (decodedTwin(f) !== f && was.has(decodedTwin(f)))) continue;
      out.push({ object: obj, field: f, before: v, after: undefined });
    }
  }
  for (const obj of base.keys()) if (!actual.has(obj)) out.push({ object: obj, field: OBJECT, before: PRESENT });
  return out;
}

/** The last named segment of a field (`…containers[proxy].args[]=-v` → `args`), stable when nesting changes. */
export function lastSegment(field: string): string {
  const plain = field.replace(/\[\]=.*$/s, '').replace(/\[[^\]]*\]/g, '');
  const parts = plain.split(/[.|]/).filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

/** Same field from its last named list item on (`env[X].value`), wherever that item now sits. */
function sameTail(a: string, b: string): boolean {
  const tail = (f: string) => f.slice(Math.max(0, f.lastIndexOf('[')));
  return b.includes('[') && tail(a) === tail(b);
}

/** A list element kept as a set (`args[]=-v`), or which of a repeated flag wins (`args{--x}`): values the chart does not choose. */
function isSetElement(field: string): boolean {
  return /\[\]=/.test(field) || /\{-[^}]+\}$/.test(field);
}

/** The marker tokens in a text (none without a token pattern). */
export function tokensIn(text: string, tokens?: RegExp): string[] {
  return tokens ? (text.match(tokens) ?? []) : [];
}

/** Whether `text` holds every one of `want` (at least one) among its own tokens. */
export function holdsTokens(text: string, want: string[], tokens: RegExp): boolean {
  if (want.length === 0) return false;
  const have = tokensIn(text, tokens);
  return want.every((t) => have.includes(t));
}

/**
 * Whether `now` carries `wanted`: equal, or (for text long enough not to match by chance)
 * contained in it. With `tokens` (the oracle's unique markers), carrying every token of `wanted`
 * is enough: the text around a marker is the chart's own (`marker:stable-2.10.2` becoming
 * `marker:stable-2.11.5`).
 */
function carries(now: string, wanted: string, tokens?: RegExp, field?: string): boolean {
  if (now === wanted) return true;
  // An image reference with more in front is another image (`quay.io/` + a reference that had
  // its own registry), though its text holds the old one.
  if (field !== undefined && lastSegment(field) === 'image') {
    if (dockerReference(now) === dockerReference(wanted)) return true;
    // The user's part may sit beside a tag of the chart's, but in the same registry.
    return tokens !== undefined && registryOf(now) === registryOf(wanted) && holdsTokens(now, tokensIn(wanted, tokens), tokens);
  }
  if (wanted.length >= 6 && now.includes(wanted)) return true;
  return tokens !== undefined && holdsTokens(now, tokensIn(wanted, tokens), tokens);
}

function registryOf(ref: string): string {
  return dockerReference(ref).split('/')[0];
}

/** An image reference as Docker resolves it: Docker Hub's `docker.io/` and `library/` spelled out. */
function dockerReference(ref: string): string {
  const host = registryHost(ref);
  const path = host ? host.rest : ref;
  const registry = !host || host.registry === 'index.docker.io' ? 'docker.io' : host.registry;
  return registry === 'docker.io' && !path.includes('/') ? `docker.io/library/${path}` : `${registry}/${path}`;
}

export interface Survival {
  ok: boolean;
  /** What the target has at the closest matching field, for the report. */
  now?: string;
  /** The target object the effect was looked for in. */
  object: string;
  /** The target field that carries the effect, where one does. */
  field?: string;
}

/**
 * Whether an effect measured on the old chart is still in force in the new render. Objects may be
 * renamed between versions (`renames`); a field may move within its object (a container split in
 * two), so a field matches on its last segment and value. A created object must exist, a removed
 * one must not, a removed field or list element must not be there.
 */
export function survives(e0: Effect, target: Leaves, renames: (object: string) => string[] = (o) => [o], tokens?: RegExp, stillThere?: (field: string, value: string) => boolean): Survival {
  let e = e0;
  const candidates = renames(e.object);
  const present = candidates.filter((o) => target.has(o));
  const object = present[0] ?? candidates[0];
  if (e.field === OBJECT) {
    return e.after !== undefined ? { ok: present.length > 0, object, now: present.length ? PRESENT : undefined } : { ok: present.length === 0, object, now: present.length ? PRESENT : undefined };
  }
  let closest: string | undefined;
  for (const o of present) {
    const fields = target.get(o)!;
    e = asNamedBy(e0, o);
    const seg = lastSegment(e.field);
    if (e.after === undefined) {
      // A removed field or element: it must be gone from the same place in the new object.
      const still = fields.get(e.field);
      if (still === undefined || (!isSetElement(e.field) && still !== e.before)) return { ok: true, object: o, now: still };
      return { ok: false, object: o, now: still };
    }
    const exact = fields.get(e.field);
    if (exact !== undefined && carries(exact, e.after, tokens, e.field)) return { ok: true, object: o, now: exact, field: e.field };
    for (const [f, v] of fields) {
      if (lastSegment(f) !== seg || (f !== e.field && stillThere?.(f, v))) continue;
      if (carries(v, e.after, tokens, f)) return { ok: true, object: o, now: v, field: f };
    }
    const inField = tokensIn(e.field, tokens);
    const inValue = tokensIn(e.after, tokens);
    // A marker in the key (an annotation named by the user): the key must be there; its value is the chart's.
    const keyed = inField.length ? [...fields.keys()].find((f) => inField.every((t) => f.includes(t))) : undefined;
    if (keyed !== undefined) return { ok: true, object: o, field: keyed };
    // A marker anywhere in the same object: the setting moved within it (a flag became a config file entry).
    // `stillThere`: the field it would have moved from is where it was, so this is a copy, not a move.
    const moved = tokens ? [...fields].find(([f, v]) => holdsTokens(v, inValue, tokens) && !stillThere?.(f, v) && (lastSegment(f) !== 'image' || carries(v, e.after!, tokens, f))) : undefined;
    if (moved) return { ok: true, object: o, now: moved[1], field: moved[0] };
    // Several markers joined in one value where the object held them apart (a name built inline
    // from what were separate variables), or the other way round: each is still in the object.
    if (tokens && inValue.length > 1 && seg !== 'image' && inValue.every((t) => [...fields.values()].some((v) => holdsTokens(v, [t], tokens)))) return { ok: true, object: o };
    // A field the change added with a value of the chart's choosing (not a marker): it must exist.
    const chosen = e.before === undefined && !isSetElement(e.field) && inValue.length === 0 ? [...fields.keys()].find((f) => lastSegment(f) === seg) : undefined;
    if (chosen !== undefined) {
      return { ok: true, object: o, now: exact, field: chosen };
    }
    closest ??= exact ?? [...fields].find(([f]) => !isSetElement(f) && sameTail(f, e.field))?.[1];
  }
  if (e.after === undefined) return { ok: true, object };
  // A setting inside an embedded config document may move to another object (a values dump
  // entry becoming a flag of another component): with markers, anywhere in the target counts.
  if (tokens && e.field.includes('|') && anywhere(target, tokensIn(e.after, tokens), tokens)) return { ok: true, object };
  return { ok: false, object, now: closest };
}

/**
 * An effect as it would read on a renamed object: the part of the name that changed
 * (`validator` of `app-validator` → `controller`) is the component's own name in its
 * labels and selectors, not a setting.
 */
function asNamedBy(e: Effect, object: string): Effect {
  if (object === e.object) return e;
  const [from, to] = [e.object.split('/')[1] ?? '', object.split('/')[1] ?? ''];
  let i = 0;
  while (i < from.length && i < to.length && from[i] === to[i]) i++;
  const [oldCore, newCore] = [from.slice(i), to.slice(i)];
  // A prefix added or dropped (`app-tap` → `tap`) leaves the component's own name as it was.
  if (oldCore.length < 3 || !newCore || oldCore.includes(newCore) || newCore.includes(oldCore)) return e;
  const swap = (t: string | undefined) => t?.split(oldCore).join(newCore);
  return { ...e, field: swap(e.field)!, after: swap(e.after), before: swap(e.before) };
}

/** Whether some field of some object in `target` holds every one of `want`. */
export function anywhere(target: Leaves, want: string[], tokens: RegExp): boolean {
  return [...target.values()].some((fs) => [...fs.values()].some((v) => holdsTokens(v, want, tokens)));
}
