/**
 * The four PATCH content types: JSON merge patch (RFC 7386), JSON patch (RFC 6902), strategic
 * merge patch (built-in kinds; lists merged by their patch merge key), and server-side apply
 * (approximated: the applied configuration is merged in, and fields the same manager applied
 * before but no longer applies are removed; there is no conflict detection between managers).
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonMap = { [k: string]: Json };

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

export class PatchError extends Error {}

export function jsonMergePatch(target: Json, patch: Json): Json {
  if (!isMap(patch)) return clone(patch);
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = jsonMergePatch(out[k] ?? null, v);
  }
  return out;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer ${path}`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function jsonPatch(target: Json, ops: unknown): Json {
  if (!Array.isArray(ops)) throw new PatchError('JSON patch must be a list of operations');
  let doc = clone(target);
  const parentOf = (p: string[]): [any, string] => {
    let cur: any = doc;
    for (const k of p.slice(0, -1)) {
      cur = Array.isArray(cur) ? cur[Number(k)] : cur?.[k];
      if (cur === undefined) throw new PatchError(`path not found: /${p.join('/')}`);
    }
    return [cur, p[p.length - 1]];
  };
  const get = (p: string[]) => p.reduce<any>((c, k) => (c === undefined ? undefined : Array.isArray(c) ? c[Number(k)] : c[k]), doc);
  for (const op of ops as any[]) {
    const p = pointer(op.path);
    switch (op.op) {
      case 'add':
      case 'replace': {
        if (p.length === 0) {
          doc = clone(op.value);
          break;
        }
        const [parent, key] = parentOf(p);
        if (Array.isArray(parent)) {
          const i = key === '-' ? parent.length : Number(key);
          if (op.op === 'add') parent.splice(i, 0, clone(op.value));
          else parent[i] = clone(op.value);
        } else {
          if (op.op === 'replace' && !(key in parent)) throw new PatchError(`path not found: ${op.path}`);
          parent[key] = clone(op.value);
        }
        break;
      }
      case 'remove': {
        const [parent, key] = parentOf(p);
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else if (parent && key in parent) delete parent[key];
        else throw new PatchError(`path not found: ${op.path}`);
        break;
      }
      case 'test':
        if (JSON.stringify(get(p)) !== JSON.stringify(op.value)) throw new PatchError(`test failed at ${op.path}`);
        break;
      case 'move':
      case 'copy': {
        const from = pointer(op.from);
        const value = clone(get(from));
        if (op.op === 'move') {
          const [fp, fk] = parentOf(from);
          if (Array.isArray(fp)) fp.splice(Number(fk), 1);
          else delete fp[fk];
        }
        const [parent, key] = parentOf(p);
        if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : Number(key), 0, value);
        else parent[key] = value;
        break;
      }
      default:
        throw new PatchError(`unknown JSON patch op ${op.op}`);
    }
  }
  return doc;
}

/** Patch merge keys of the built-in kinds' lists, by field name (as in the Kubernetes API types). */
const mergeKeys: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  ownerReferences: 'uid',
  conditions: 'type',
};

function portKey(item: JsonMap): string | undefined {
  if ('containerPort' in item) return 'containerPort';
  if ('port' in item) return 'port';
  return undefined;
}

/** Strategic merge patch for built-in kinds. */
export function strategicMergePatch(target: Json, patch: Json, field = ''): Json {
  if (!isMap(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return clone(rest);
  }
  if (patch.$patch === 'delete') return null;
  const out: JsonMap = isMap(target) ? { ...target } : {};
  const retain = Array.isArray(patch.$retainKeys) ? new Set(patch.$retainKeys as string[]) : undefined;
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$retainKeys' || k === '$patch' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const name = k.slice('$deleteFromPrimitiveList/'.length);
      const drop = new Set((v as Json[]).map((x) => JSON.stringify(x)));
      if (Array.isArray(out[name])) out[name] = (out[name] as Json[]).filter((x) => !drop.has(JSON.stringify(x)));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    if (Array.isArray(v)) {
      out[k] = mergeList(out[k], v, k);
      continue;
    }
    out[k] = isMap(v) ? strategicMergePatch(out[k] ?? null, v, k) : clone(v);
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.has(k) && !(k in patch)) delete out[k];
  void field;
  return out;
}

function mergeList(current: Json | undefined, patch: Json[], field: string): Json {
  const key = mergeKeys[field] ?? (field === 'ports' ? 'ports' : undefined);
  const items = patch.filter((x) => !(isMap(x) && x.$patch === 'replace'));
  if (patch.some((x) => isMap(x) && x.$patch === 'replace')) return clone(items.map((x) => (isMap(x) ? (({ $patch: _, ...r }) => r)(x) : x)));
  if (!key || !Array.isArray(current)) return clone(items.filter((x) => !(isMap(x) && x.$patch === 'delete')));
  const out = clone(current) as Json[];
  for (const item of items) {
    if (!isMap(item)) continue;
    const k = key === 'ports' ? portKey(item) : key;
    if (!k) continue;
    const idx = out.findIndex((x) => isMap(x) && x[k] === item[k]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) out[idx] = strategicMergePatch(out[idx], item, field);
    else out.push(clone(item));
  }
  return out;
}

/** Leaf paths of a JSON map (lists are leaves), for server-side apply field tracking. */
function leafPaths(v: Json, prefix: string[] = []): string[][] {
  if (isMap(v) && Object.keys(v).length) return Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...prefix, k]));
  return prefix.length ? [prefix] : [];
}

/**
 * Server-side apply, approximately: merge the applied configuration into the live object, and
 * drop fields this manager applied last time but not this time. `previous` is the manager's
 * last applied configuration (kept by the store).
 */
export function serverSideApply(live: Json | undefined, applied: JsonMap, previous: JsonMap | undefined): Json {
  let out: Json = live === undefined ? {} : clone(live);
  if (previous) {
    const now = new Set(leafPaths(applied).map((p) => p.join('\u0000')));
    for (const p of leafPaths(previous)) {
      if (now.has(p.join('\u0000')) || p[0] === 'metadata' && (p[1] === 'name' || p[1] === 'namespace')) continue;
      let cur: any = out;
      for (const k of p.slice(0, -1)) cur = cur?.[k];
      if (isMap(cur)) delete cur[p[p.length - 1]];
    }
  }
  out = strategicMergePatch(out, applied);
  return out;
}
