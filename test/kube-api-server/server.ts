/**
 * The request handler: routes Kubernetes API paths to the store, answering the way a real API
 * server does for the verbs helm, kubectl and client-node use (see README.md for what is and is
 * not implemented).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { Faults, RequestFacts } from './faults.js';
import { PatchError, jsonMergePatch, jsonPatch, serverSideApply, strategicMergePatch } from './patches.js';
import { decodeProtobuf } from './protobuf.js';
import type { RequestLog } from './request-log.js';
import { Registry, builtinTypes, resourceVerbs, typeFromCrd, type ResourceType } from './resources.js';
import { SelectorError, fieldValue, matches, parseFieldSelector, parseLabelSelector } from './selectors.js';
import type { Obj, Store, StoreSnapshot, WatchEvent } from './store.js';

export interface ServerOptions {
  /** Kubernetes version reported by /version. */
  gitVersion: string;
  /** Bearer tokens → user names; a token not listed is rejected with 401. */
  tokens: Record<string, string>;
  /** Users that may only read (get, list, watch): everything else is 403, as with a view-only role. */
  readOnlyUsers: string[];
}

interface Route {
  kind: 'resource';
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
}

class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Obj,
  ) {
    super(message);
  }
}

const notFound = (ty: ResourceType | { resource: string; group: string }, name: string) =>
  new HttpError(404, 'NotFound', `${ty.resource}${ty.group ? `.${ty.group}` : ''} "${name}" not found`, { name, group: ty.group, kind: ty.resource });

function versionRank(v: string): number {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return 0;
  const stage = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
  return Number(m[1]) * 1000 + stage * 100 + Number(m[3] ?? 0);
}

export class KubeApi {
  readonly registry = new Registry();
  private readonly openWatches = new Set<ServerResponse>();

  constructor(
    readonly store: Store,
    readonly log: RequestLog,
    readonly faults: Faults,
    private readonly opts: ServerOptions,
  ) {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      const ty = this.registry.find('', 'v1', 'namespaces')!;
      store.put(ty, this.newMeta(ty, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }, undefined), 'ADDED');
    }
  }

  closeWatches(): void {
    for (const res of this.openWatches) res.end();
    this.openWatches.clear();
  }

  // --- entry point ---------------------------------------------------------------------------

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kube-api-server');
    const entry = { method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), verb: 'get', status: 0, contentType: req.headers['content-type'], userAgent: req.headers['user-agent'] } as Parameters<RequestLog['add']>[0];
    const send = (code: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = code;
      this.log.add(entry);
      if (res.headersSent) return;
      const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
      res.end(text);
    };
    try {
      if (url.pathname.startsWith('/__test/')) {
        // Control requests are not part of what the clients under test did: not logged.
        return await this.testEndpoint(req, url, (code, body) => {
          res.writeHead(code, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        });
      }
      const user = this.authenticate(req);
      entry.user = user;
      const route = this.route(url.pathname);
      if (!route) return this.nonResource(url, send, entry);
      const ty = this.registry.find(route.group, route.version, route.resource);
      const facts = this.facts(req.method ?? 'GET', route, url);
      Object.assign(entry, facts, { group: route.group });
      const fault = this.faults.take({ ...facts, userAgent: req.headers['user-agent'] });
      if (fault) {
        entry.fault = fault.action ?? 'status';
        if (fault.action === 'drop') {
          entry.status = -1;
          this.log.add(entry);
          req.socket.destroy();
          return;
        }
        if (fault.action === 'delay') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
        else {
          const code = fault.status ?? 500;
          const reasons: Record<number, string> = { 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 422: 'Invalid', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout' };
          const headers: Record<string, string> = fault.retryAfter ? { 'Retry-After': String(fault.retryAfter) } : {};
          return send(code, this.status(code, reasons[code] ?? 'InternalError', fault.message ?? `injected fault: ${facts.verb} ${facts.resource}`, fault.retryAfter ? { retryAfterSeconds: fault.retryAfter } : undefined), headers);
        }
      }
      if (!ty) throw new HttpError(404, 'NotFound', `the server could not find the requested resource`);
      this.authorize(user, facts, ty);
      if (facts.verb === 'watch') return this.watch(ty, route, url, res, entry);
      const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method ?? '') ? await this.readBody(req) : undefined;
      const [code, out] = this.dispatch(req, ty, route, url, body);
      send(code, out);
    } catch (err) {
      if (err instanceof HttpError) return send(err.code, this.status(err.code, err.reason, err.message, err.details));
      if (err instanceof SelectorError || err instanceof PatchError) return send(400, this.status(400, 'BadRequest', err.message));
      send(500, this.status(500, 'InternalError', (err as Error).stack ?? String(err)));
    }
  }

  private authenticate(req: IncomingMessage): string {
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const user = this.opts.tokens[token];
    if (!user) throw new HttpError(401, 'Unauthorized', 'Unauthorized');
    return user;
  }

  private authorize(user: string, facts: RequestFacts, ty: ResourceType): void {
    if (!this.opts.readOnlyUsers.includes(user) || ['get', 'list', 'watch'].includes(facts.verb)) return;
    const where = ty.namespaced && facts.namespace ? ` in the namespace "${facts.namespace}"` : '';
    const what = facts.name ? `${ty.resource} "${facts.name}"` : ty.resource;
    throw new HttpError(403, 'Forbidden', `${what} is forbidden: User "${user}" cannot ${facts.verb} resource "${ty.resource}" in API group "${ty.group}"${where}`, { name: facts.name, group: ty.group, kind: ty.resource });
  }

  private facts(method: string, route: Route, url: URL): RequestFacts {
    const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    const verb =
      method === 'GET' ? (watch ? 'watch' : route.name ? 'get' : 'list')
      : method === 'POST' ? 'create'
      : method === 'PUT' ? 'update'
      : method === 'PATCH' ? 'patch'
      : method === 'DELETE' ? (route.name ? 'delete' : 'deletecollection')
      : method.toLowerCase();
    return { verb, resource: route.resource, name: route.name, namespace: route.namespace };
  }

  // --- routing -------------------------------------------------------------------------------

  private route(path: string): Route | undefined {
    const p = path.replace(/\/+$/, '').split('/').slice(1);
    let group: string;
    let version: string;
    let rest: string[];
    if (p[0] === 'api' && p.length >= 3) {
      group = '';
      version = p[1];
      rest = p.slice(2);
    } else if (p[0] === 'apis' && p.length >= 4) {
      group = p[1];
      version = p[2];
      rest = p.slice(3);
    } else return undefined;
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [resource, name, subresource] = rest.map(decodeURIComponent);
    return { kind: 'resource', group, version, namespace, resource, name, subresource };
  }

  private nonResource(url: URL, send: (c: number, b: unknown, h?: Record<string, string>) => void, entry: { verb: string }): void {
    const p = url.pathname.replace(/\/+$/, '') || '/';
    entry.verb = 'get';
    if (p === '/version') {
      const m = /^v(\d+)\.(\d+)/.exec(this.opts.gitVersion)!;
      return send(200, { major: m[1], minor: m[2], gitVersion: this.opts.gitVersion, gitCommit: '0000000', gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z', goVersion: 'go1.24.0', compiler: 'gc', platform: 'linux/amd64' });
    }
    if (p === '/healthz' || p === '/readyz' || p === '/livez') return send(200, 'ok', { 'Content-Type': 'text/plain' });
    // An empty OpenAPI v2 document: clients skip schema validation (see README).
    if (p === '/openapi/v2') return send(200, '', { 'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' });
    if (p === '/api') return send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: url.host }] });
    if (p === '/apis') {
      const groups = this.registry.groups().map(({ name, versions }) => {
        const sorted = versions.sort((a, b) => versionRank(b) - versionRank(a));
        const gvs = sorted.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
        return { name, versions: gvs, preferredVersion: gvs[0] };
      });
      return send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups });
    }
    const gv = /^\/api\/(v1)$/.exec(p) ?? /^\/apis\/([^/]+\/[^/]+)$/.exec(p);
    if (gv) {
      const [group, version] = p.startsWith('/api/') ? ['', gv[1]] : gv[1].split('/');
      const resources = this.registry
        .all()
        .filter((t) => t.group === group && t.versions.includes(version))
        .map((t) => ({ name: t.resource, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: resourceVerbs, ...(t.shortNames ? { shortNames: t.shortNames } : {}) }));
      if (!resources.length) return send(404, this.status(404, 'NotFound', 'the server could not find the requested resource'));
      return send(200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources });
    }
    send(404, this.status(404, 'NotFound', 'the server could not find the requested resource'));
  }

  // --- verbs ---------------------------------------------------------------------------------

  private dispatch(req: IncomingMessage, ty: ResourceType, route: Route, url: URL, body: Buffer | undefined): [number, unknown] {
    const ns = ty.namespaced ? route.namespace : undefined;
    const apiVersion = ty.group ? `${ty.group}/${route.version}` : route.version;
    const shown = (o: Obj) => ({ ...o, apiVersion, kind: ty.kind });
    const method = req.method ?? 'GET';
    if (route.subresource && route.subresource !== 'status') throw new HttpError(404, 'NotFound', `subresource ${route.subresource} is not served`);
    if (method === 'GET' && route.name) {
      const o = this.store.get(ty, ns, route.name);
      if (!o) throw notFound(ty, route.name);
      return [200, shown(o)];
    }
    if (method === 'GET') return [200, this.list(ty, ns, url, apiVersion)];
    if (method === 'POST') {
      const obj = this.decode(req, body);
      return [201, shown(this.create(ty, ns, obj))];
    }
    if (method === 'PUT' && route.name) {
      const obj = this.decode(req, body);
      return [200, shown(this.update(ty, ns, route.name, obj, route.subresource === 'status'))];
    }
    if (method === 'PATCH' && route.name) {
      const [code, o] = this.patch(req, ty, ns, route.name, body ?? Buffer.alloc(0), url);
      return [code, shown(o)];
    }
    if (method === 'DELETE' && route.name) {
      const o = this.delete(ty, ns, route.name);
      return [200, shown(o)];
    }
    if (method === 'DELETE') {
      const items = this.list(ty, ns, url, apiVersion).items as Obj[];
      for (const o of items) this.delete(ty, o.metadata.namespace, o.metadata.name);
      return [200, { kind: `${ty.kind}List`, apiVersion, metadata: {}, items }];
    }
    throw new HttpError(405, 'MethodNotAllowed', `${method} is not supported here`);
  }

  private list(ty: ResourceType, ns: string | undefined, url: URL, apiVersion: string): Obj {
    const labels = parseLabelSelector(url.searchParams.get('labelSelector'));
    const fields = parseFieldSelector(url.searchParams.get('fieldSelector'));
    let items = this.store
      .list(ty, ns)
      .filter((o) => matches(labels, (k) => o.metadata?.labels?.[k]))
      .filter((o) => matches(fields, (k) => fieldValue(o, k)))
      .map((o) => ({ ...o, apiVersion, kind: ty.kind }));
    const limit = Number(url.searchParams.get('limit') ?? 0);
    const start = url.searchParams.get('continue') ? Number(Buffer.from(url.searchParams.get('continue')!, 'base64url').toString()) : 0;
    const metadata: Obj = { resourceVersion: this.store.currentVersion() };
    if (start) items = items.slice(start);
    if (limit > 0 && items.length > limit) {
      metadata.continue = Buffer.from(String(start + limit)).toString('base64url');
      metadata.remainingItemCount = items.length - limit;
      items = items.slice(0, limit);
    }
    return { kind: `${ty.kind}List`, apiVersion, metadata, items };
  }

  private decode(req: IncomingMessage, body: Buffer | undefined): Obj {
    const type = String(req.headers['content-type'] ?? 'application/json');
    if (!body || !body.length) throw new HttpError(400, 'BadRequest', 'the request body is empty');
    if (type.includes('protobuf')) return decodeProtobuf(body);
    try {
      return type.includes('yaml') ? parseYaml(body.toString('utf8')) : JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw new HttpError(400, 'BadRequest', `cannot decode body: ${(err as Error).message}`);
    }
  }

  private newMeta(ty: ResourceType, obj: Obj, ns: string | undefined): Obj {
    const meta = (obj.metadata ??= {});
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${Math.random().toString(36).slice(2, 7)}`;
    if (!meta.name) throw new HttpError(422, 'Invalid', `${ty.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
    if (ty.namespaced) meta.namespace = ns ?? meta.namespace ?? 'default';
    else delete meta.namespace;
    meta.uid = this.store.newUid();
    meta.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    meta.generation = 1;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    return obj;
  }

  private create(ty: ResourceType, ns: string | undefined, obj: Obj): Obj {
    if (ty.namespaced && ns && !this.store.get(this.registry.find('', 'v1', 'namespaces')!, undefined, ns)) {
      throw new HttpError(404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' });
    }
    if (ty.namespaced && obj.metadata?.namespace && ns && obj.metadata.namespace !== ns) {
      throw new HttpError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    this.newMeta(ty, obj, ns);
    if (this.store.get(ty, ns, obj.metadata.name)) {
      throw new HttpError(409, 'AlreadyExists', `${ty.resource}${ty.group ? `.${ty.group}` : ''} "${obj.metadata.name}" already exists`, { name: obj.metadata.name, group: ty.group, kind: ty.resource });
    }
    this.normalize(ty, obj);
    this.onWrite(ty, obj);
    return this.store.put(ty, obj, 'ADDED');
  }

  private update(ty: ResourceType, ns: string | undefined, name: string, obj: Obj, statusOnly: boolean): Obj {
    const live = this.store.get(ty, ns, name);
    if (!live) throw notFound(ty, name);
    const rv = obj.metadata?.resourceVersion;
    if (rv && rv !== live.metadata.resourceVersion) {
      throw new HttpError(409, 'Conflict', `Operation cannot be fulfilled on ${ty.resource}${ty.group ? `.${ty.group}` : ''} "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name, group: ty.group, kind: ty.resource });
    }
    const next: Obj = statusOnly ? { ...live, status: obj.status } : { ...obj };
    next.metadata = { ...(statusOnly ? live.metadata : obj.metadata ?? {}), name, uid: live.metadata.uid, creationTimestamp: live.metadata.creationTimestamp };
    if (ty.namespaced) next.metadata.namespace = live.metadata.namespace;
    this.bumpGeneration(live, next);
    this.normalize(ty, next);
    this.onWrite(ty, next);
    return this.store.put(ty, next, 'MODIFIED');
  }

  private patch(req: IncomingMessage, ty: ResourceType, ns: string | undefined, name: string, body: Buffer, url: URL): [number, Obj] {
    const type = String(req.headers['content-type'] ?? '');
    const live = this.store.get(ty, ns, name);
    const text = body.toString('utf8');
    const parsed = (() => {
      try {
        return type.includes('yaml') ? parseYaml(text) : JSON.parse(text);
      } catch (err) {
        throw new HttpError(400, 'BadRequest', `cannot decode patch: ${(err as Error).message}`);
      }
    })();
    if (type.includes('apply-patch')) {
      // Server-side apply creates what is absent.
      const manager = url.searchParams.get('fieldManager') ?? 'unknown';
      const key = this.store.key(ty, ns, name);
      const managers = this.store.applied.get(key) ?? new Map<string, Obj>();
      const merged = serverSideApply(live, parsed, live ? managers.get(manager) : undefined) as Obj;
      managers.set(manager, parsed);
      this.store.applied.set(key, managers);
      if (!live) {
        merged.metadata = { ...(merged.metadata ?? {}), name };
        return [201, this.create(ty, ns, merged)];
      }
      return [200, this.replace(ty, live, merged)];
    }
    if (!live) throw notFound(ty, name);
    let next: Obj;
    if (type.includes('strategic-merge-patch')) {
      if (ty.crd) throw new HttpError(415, 'UnsupportedMediaType', 'strategic merge patch is not supported for custom resources; use a JSON merge patch');
      next = strategicMergePatch(live, parsed) as Obj;
    } else if (type.includes('json-patch')) next = jsonPatch(live, parsed) as Obj;
    else if (type.includes('merge-patch')) next = jsonMergePatch(live, parsed) as Obj;
    else throw new HttpError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
    const rv = parsed?.metadata?.resourceVersion;
    if (rv && rv !== live.metadata.resourceVersion) {
      throw new HttpError(409, 'Conflict', `Operation cannot be fulfilled on ${ty.resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
    return [200, this.replace(ty, live, next)];
  }

  private replace(ty: ResourceType, live: Obj, next: Obj): Obj {
    next.metadata = { ...(next.metadata ?? {}), name: live.metadata.name, uid: live.metadata.uid, creationTimestamp: live.metadata.creationTimestamp };
    if (ty.namespaced) next.metadata.namespace = live.metadata.namespace;
    else delete next.metadata.namespace;
    this.bumpGeneration(live, next);
    this.normalize(ty, next);
    this.onWrite(ty, next);
    return this.store.put(ty, next, 'MODIFIED');
  }

  private bumpGeneration(live: Obj, next: Obj): void {
    const spec = (o: Obj) => JSON.stringify({ ...o, metadata: undefined, status: undefined });
    next.metadata.generation = (live.metadata.generation ?? 1) + (spec(live) !== spec(next) ? 1 : 0);
  }

  private delete(ty: ResourceType, ns: string | undefined, name: string): Obj {
    const gone = this.store.remove(ty, ns, name);
    if (!gone) throw notFound(ty, name);
    if (ty.kind === 'Namespace') {
      // No namespace controller: the namespace's objects go at once.
      this.store.purge((_, o) => o.metadata?.namespace === name, (k) => this.typeOfKey(k));
    }
    if (ty.kind === 'CustomResourceDefinition') {
      const crdType = typeFromCrd(gone);
      if (crdType) {
        this.store.purge((k) => k.startsWith(`${crdType.group}/${crdType.resource}/`), () => crdType);
        this.registry.remove(crdType.group, crdType.resource);
      }
    }
    return gone;
  }

  /** Back to a stored state: its objects, and the kinds its CRDs serve (and no others). */
  restore(s: StoreSnapshot): void {
    this.store.restore(s);
    const crds = this.registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
    for (const ty of this.registry.all()) this.registry.remove(ty.group, ty.resource);
    for (const ty of builtinTypes) this.registry.add(ty);
    for (const crd of this.store.list(crds)) this.onWrite(crds, crd);
  }

  private typeOfKey(key: string): ResourceType | undefined {
    const [group, resource] = key.split('/');
    return this.registry.all().find((t) => t.group === group && t.resource === resource);
  }

  /** What the real server defaults or validates, where the clients notice. */
  private normalize(ty: ResourceType, obj: Obj): void {
    if (ty.kind === 'Secret' && obj.stringData) {
      obj.data = { ...(obj.data ?? {}) };
      for (const [k, v] of Object.entries(obj.stringData)) obj.data[k] = Buffer.from(String(v)).toString('base64');
      delete obj.stringData;
    }
    if (ty.kind === 'Secret' && !obj.type) obj.type = 'Opaque';
    // No controller runs Jobs, but Helm waits for hook Jobs (the charts' namespace-metadata
    // post-install hooks): a new Job is reported complete at once.
    if (ty.kind === 'Job' && !obj.status?.conditions) {
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      obj.status = { succeeded: 1, startTime: now, completionTime: now, conditions: [{ type: 'Complete', status: 'True', lastProbeTime: now, lastTransitionTime: now }] };
    }
    if (ty.kind === 'Namespace') obj.status = { phase: 'Active' };
    if (ty.kind === 'CustomResourceDefinition') {
      const crdType = typeFromCrd(obj);
      if (!crdType) throw new HttpError(422, 'Invalid', `CustomResourceDefinition.apiextensions.k8s.io "${obj.metadata.name}" is invalid: spec: incomplete`);
      if (obj.metadata.name !== `${crdType.resource}.${crdType.group}`) {
        throw new HttpError(422, 'Invalid', `CustomResourceDefinition.apiextensions.k8s.io "${obj.metadata.name}" is invalid: metadata.name: Invalid value: "${obj.metadata.name}": must be spec.names.plural+"."+spec.group`);
      }
      const stored: string[] = obj.status?.storedVersions ?? [];
      const served = Array.isArray(obj.spec.versions) ? obj.spec.versions.map((v: Obj) => v.name) : [obj.spec.version];
      stored.forEach((v, i) => {
        if (!served.includes(v)) {
          throw new HttpError(422, 'Invalid', `CustomResourceDefinition.apiextensions.k8s.io "${obj.metadata.name}" is invalid: status.storedVersions[${i}]: Invalid value: "${v}": missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`);
        }
      });
      const storage = Array.isArray(obj.spec.versions) ? (obj.spec.versions.find((v: Obj) => v.storage)?.name ?? served[0]) : served[0];
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      obj.status = {
        ...(obj.status ?? {}),
        conditions: [
          { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: now },
          { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: now },
        ],
        acceptedNames: obj.spec.names,
        storedVersions: [...new Set([...stored, storage])],
      };
    }
  }

  /** CRDs become served kinds as soon as they are written (no establishing delay). */
  private onWrite(ty: ResourceType, obj: Obj): void {
    if (ty.kind !== 'CustomResourceDefinition') return;
    const crdType = typeFromCrd(obj);
    if (crdType) this.registry.add(crdType);
  }

  // --- watch ---------------------------------------------------------------------------------

  private watch(ty: ResourceType, route: Route, url: URL, res: ServerResponse, entry: Parameters<RequestLog['add']>[0]): void {
    const ns = ty.namespaced ? route.namespace : undefined;
    const apiVersion = ty.group ? `${ty.group}/${route.version}` : route.version;
    const labels = parseLabelSelector(url.searchParams.get('labelSelector'));
    const fields = parseFieldSelector(url.searchParams.get('fieldSelector'));
    const wanted = (o: Obj) => matches(labels, (k) => o.metadata?.labels?.[k]) && matches(fields, (k) => fieldValue(o, k));
    entry.status = 200;
    this.log.add(entry);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    this.openWatches.add(res);
    const write = (ev: WatchEvent) => res.write(`${JSON.stringify({ type: ev.type, object: { ...ev.object, apiVersion, kind: ty.kind } })}\n`);
    const rv = url.searchParams.get('resourceVersion');
    const initial = url.searchParams.get('sendInitialEvents') === 'true';
    if (initial || !rv || rv === '0') {
      for (const o of this.store.list(ty, ns)) if (wanted(o)) write({ type: 'ADDED', object: o });
    }
    if (initial) {
      write({ type: 'BOOKMARK', object: { metadata: { resourceVersion: this.store.currentVersion(), annotations: { 'k8s.io/initial-events-end': 'true' } } } });
    }
    const stop = this.store.watch({ group: ty.group, resource: ty.resource, namespace: ns, send: (ev) => wanted(ev.object) && write(ev) });
    const timeout = Math.min(Number(url.searchParams.get('timeoutSeconds') ?? 300), 300) * 1000;
    const timer = setTimeout(() => res.end(), timeout);
    res.on('close', () => {
      stop();
      clearTimeout(timer);
      this.openWatches.delete(res);
    });
  }

  // --- helpers -------------------------------------------------------------------------------

  private status(code: number, reason: string, message: string, details?: Obj): Obj {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
  }

  private readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  /** The test-only control surface: faults and the request log, over HTTP. */
  private async testEndpoint(req: IncomingMessage, url: URL, send: (c: number, b: unknown) => void): Promise<void> {
    if (url.pathname === '/__test/faults') {
      if (req.method === 'POST') {
        const body = JSON.parse((await this.readBody(req)).toString('utf8') || '{}');
        for (const rule of Array.isArray(body) ? body : [body]) this.faults.add(rule);
        return send(200, { pending: this.faults.pending() });
      }
      if (req.method === 'DELETE') {
        this.faults.clear();
        return send(200, { pending: [] });
      }
      return send(200, { pending: this.faults.pending() });
    }
    if (url.pathname === '/__test/requests') {
      if (req.method === 'DELETE') {
        this.log.clear();
        return send(200, { requests: [] });
      }
      return send(200, { counts: this.log.counts(), requests: this.log.entries });
    }
    send(404, this.status(404, 'NotFound', 'unknown test endpoint'));
  }
}

export { HttpError };
