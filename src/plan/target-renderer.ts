/**
 * Rendering target charts for the planner, once per distinct input. A fleet is mostly the same
 * chart, version and values in many namespaces; `helm template` costs ~0.1–0.5 s and parsing its
 * output more, so renders are shared across releases that differ only in their namespace, when the
 * chart is shown to treat the namespace as plain text (see `substitutable`). Everything else
 * renders once per release, as before.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Helm } from '../helm/cli.js';
import type { KubeObject } from '../kube/types.js';
import { parseManifests, parseYaml } from '../values/manifests.js';
import { chartArgs, type ChartSource } from './chart-source.js';
import type { ReleaseId } from './types.js';

export interface RenderRequest {
  id: ReleaseId;
  chart: ChartSource;
  values: string;
}

const clusterScopedKinds = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'APIService',
  'PodSecurityPolicy',
  'PriorityClass',
  'Node',
]);

export function clusterScoped(kind: string): boolean {
  return clusterScopedKinds.has(kind);
}

/** Objects without a namespace, of namespaced kinds, land in the release's (as helm installs them). */
export function withNamespace(o: KubeObject, namespace: string): KubeObject {
  if (o.metadata.namespace || clusterScoped(o.kind)) return o;
  return { ...o, metadata: { ...o.metadata, namespace } };
}

/** A shared render: objects rendered in `sentinel`, to be moved to each release's namespace. */
interface Shared {
  sentinel: string;
  objects: KubeObject[];
  /** The maps and lists that hold the sentinel somewhere below them (in a key or a string). */
  holders: WeakSet<object>;
}

export class TargetRenderer {
  private readonly shared = new Map<string, Promise<Shared | undefined>>();
  private readonly crdTexts = new Map<string, Promise<string>>();
  /** How many `helm template` runs this renderer made (the tests count them). */
  renders = 0;

  constructor(
    private readonly helm: Helm,
    private readonly work: string,
  ) {}

  /**
   * Renders every request, a few helm processes at a time. Requests that share chart, version,
   * values, release name and namespace length share two renders (which prove the namespace
   * substitutes) instead of one each.
   */
  async renderAll(requests: RenderRequest[]): Promise<KubeObject[][]> {
    const groups = new Map<string, number>();
    for (const r of requests.filter(substitutable)) groups.set(keyOf(r), (groups.get(keyOf(r)) ?? 0) + 1);
    const out: KubeObject[][] = new Array(requests.length);
    await inPool(requests.map((r, i) => [r, i] as const), 4, async ([r, i]) => {
      const shared = substitutable(r) && groups.get(keyOf(r))! > 2 ? await this.fromShared(r) : undefined;
      out[i] = shared ?? (await this.render(r));
    });
    return out;
  }

  /** One request, rendered on its own. */
  async render(r: RenderRequest): Promise<KubeObject[]> {
    return parseManifests(await this.template(r.id.name, r.id.namespace, r)).map((o) => withNamespace(o, r.id.namespace));
  }

  /** `helm show crds` of a chart, asked once per chart. */
  crds(chart: ChartSource): Promise<string> {
    const key = JSON.stringify(chartArgs(chart));
    let p = this.crdTexts.get(key);
    if (!p) this.crdTexts.set(key, (p = this.helm.run(['show', 'crds', ...chartArgs(chart)], { cluster: false })));
    return p;
  }

  private async fromShared(r: RenderRequest): Promise<KubeObject[] | undefined> {
    const key = keyOf(r);
    let p = this.shared.get(key);
    if (!p) this.shared.set(key, (p = this.renderShared(r)));
    const s = await p;
    if (!s) return undefined;
    return s.objects.map((o) => withNamespace(replaceDeep(o, s, r.id.namespace) as KubeObject, r.id.namespace));
  }

  /**
   * Renders in two made-up namespaces as long as the real ones (names are often truncated to 63
   * characters, so length matters). When the second output is the first with the name replaced,
   * the chart uses the namespace only as text (no hash of it, no test of its letters), and the
   * real namespaces can be put in the same way.
   */
  private async renderShared(r: RenderRequest): Promise<Shared | undefined> {
    const [one, two] = [sentinel(r.id.namespace.length), sentinel(r.id.namespace.length)];
    if (one === two || `${r.values}${r.id.name}`.includes(one)) return undefined;
    const [a, b] = await Promise.all([this.template(r.id.name, one, r), this.template(r.id.name, two, r)]);
    if (a.replaceAll(one, two) !== b) return undefined;
    const objects = parseManifests(a);
    const holders = new WeakSet<object>();
    for (const o of objects) markHolders(o, one, holders);
    return { sentinel: one, objects, holders };
  }

  private async template(name: string, namespace: string, r: RenderRequest): Promise<string> {
    const file = join(this.work, `${namespace}.${name}.${randomBytes(6).toString('hex')}.yaml`);
    writeFileSync(file, r.values, { mode: 0o600 });
    this.renders++;
    return this.helm.run(['template', name, ...chartArgs(r.chart), '--namespace', namespace, '-f', file], { cluster: false });
  }
}

function keyOf(r: RenderRequest): string {
  return JSON.stringify([chartArgs(r.chart), r.id.name, r.id.namespace.length, r.values]);
}

/** Namespaces charts test for by name render on their own. */
const special = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * A namespace that may be put in place of a sentinel: long enough for a sentinel that does not
 * occur by chance, not one charts test for, and read back as the same string wherever the chart
 * prints it bare (`1e3` or `true` would be a number or a boolean in YAML text, not in an object).
 */
function substitutable(r: RenderRequest): boolean {
  const ns = r.id.namespace;
  return ns.length >= 8 && !special.has(ns) && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns) && parseYaml(ns) === ns;
}

/** `length` random lower-case letters after `hm`: a namespace no chart output holds by chance. */
function sentinel(length: number): string {
  return `hm${[...randomBytes(length - 2)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;
}

/** Adds to `holders` every map and list under `v` that holds `sentinel`; says whether `v` does. */
function markHolders(v: unknown, sentinel: string, holders: WeakSet<object>): boolean {
  if (typeof v === 'string') return v.includes(sentinel);
  if (!v || typeof v !== 'object') return false;
  let holds = false;
  if (Array.isArray(v)) for (const x of v) holds = markHolders(x, sentinel, holders) || holds;
  else for (const [k, x] of Object.entries(v)) holds = markHolders(x, sentinel, holders) || k.includes(sentinel) || holds;
  if (holds) holders.add(v);
  return holds;
}

/**
 * A shared object with the sentinel replaced by `to`. Only what holds the sentinel is copied; the
 * rest is shared by every release rendered from it, as the objects of a stored manifest already
 * are (the planner reads rendered objects, it never changes them). Copying every object for every
 * release was a tenth of a 200-release plan.
 */
function replaceDeep(v: unknown, s: Shared, to: string): unknown {
  if (typeof v === 'string') return v.includes(s.sentinel) ? v.replaceAll(s.sentinel, to) : v;
  if (!v || typeof v !== 'object' || !s.holders.has(v)) return v;
  if (Array.isArray(v)) return v.map((x) => replaceDeep(x, s, to));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k.includes(s.sentinel) ? k.replaceAll(s.sentinel, to) : k] = replaceDeep(x, s, to);
  return out;
}

/** Runs `fn` over `items`, at most `size` at once. */
async function inPool<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
