/**
 * The Kubernetes adapter: the only importer of @kubernetes/client-node. It loads the kubeconfig
 * as kubectl does (--kubeconfig, else KUBECONFIG, else ~/.kube/config; --kube-context, else
 * HELM_KUBECONTEXT, else the current context) and turns client errors into HelmMigrateErrors:
 * an unreachable cluster, denied access, anything else the API said.
 *
 * Every request has a timeout (HELM_MIGRATE_REQUEST_TIMEOUT seconds, default 30): a server that
 * accepts the connection and never answers must not hang a plan for minutes. Reads are retried
 * here (they are always safe to repeat); writes are retried by their callers, who know whether
 * repeating one is safe.
 */
import * as k8s from '@kubernetes/client-node';
import { HelmMigrateError } from '../core/errors.js';
import { withRetry } from '../core/retry.js';
import { VERSION } from '../cli/version.js';
import { refOf, type ClusterIdentity, type Kube, type KubeObject, type ObjectRef } from './types.js';

export interface KubeOptions {
  kubeconfig?: string;
  context?: string;
  env: NodeJS.ProcessEnv;
}

function wrap(err: unknown, what: string): HelmMigrateError {
  if (err instanceof HelmMigrateError) return err;
  const e = err as { code?: number | string; body?: unknown; message?: string; cause?: { code?: string } };
  const status = typeof e.code === 'number' ? e.code : undefined;
  const body = typeof e.body === 'string' ? safeJson(e.body) : (e.body as { message?: string } | undefined);
  const message = body?.message ?? e.message ?? String(err);
  if (status === 401 || status === 403) return new HelmMigrateError('access-denied', `access denied ${what}: ${message}`, { cause: err, details: { status } });
  if ((err as Error).name === 'AbortError' || /operation was aborted|user aborted a request/i.test(message)) {
    return new HelmMigrateError('cluster-unreachable', `cluster did not answer ${what} within the request timeout (HELM_MIGRATE_REQUEST_TIMEOUT)`, { cause: err });
  }
  const netCode = (e.cause?.code ?? (typeof e.code === 'string' ? e.code : undefined)) as string | undefined;
  if (!status && (netCode || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|socket hang up|fetch failed|certificate/i.test(message))) {
    return new HelmMigrateError('cluster-unreachable', `cluster unreachable ${what}: ${netCode ?? message}`, { cause: err });
  }
  return new HelmMigrateError('kube-api', `Kubernetes API error ${what}: ${status ? `${status} ` : ''}${message}`, { cause: err, details: { status } });
}

function safeJson(s: string): { message?: string } | undefined {
  try {
    return JSON.parse(s);
  } catch {
    return { message: s.slice(0, 200) };
  }
}

function statusOf(err: unknown): number | undefined {
  const c = (err as { code?: unknown }).code;
  return typeof c === 'number' ? c : undefined;
}

/**
 * client-node passes objects through its typed models, which spell some keys otherwise than the
 * wire does: written from plain JSON, a CRD lost `x-kubernetes-int-or-string`,
 * `x-kubernetes-preserve-unknown-fields` and `$ref`, and read, it came back with
 * `xKubernetesIntOrString`, which a write then sends as an unknown field; the API refused the
 * schema ("type: Required value") once a real server checked it. Reads, creates and replaces go
 * through here as the JSON they are (only metadata is typed), with the same configuration (auth,
 * timeout, user agent).
 */
class RawObjectApi extends k8s.KubernetesObjectApi {
  async write(obj: KubeObject, how: 'create' | 'replace', subresource?: 'status'): Promise<KubeObject> {
    const path = `${await this.specUriPath(obj as k8s.KubernetesObject, how)}${subresource ? `/${subresource}` : ''}`;
    const ctx = this.configuration.baseServer.makeRequestContext(path, how === 'create' ? k8s.HttpMethod.POST : k8s.HttpMethod.PUT);
    ctx.setHeaderParam('Accept', 'application/json');
    ctx.setHeaderParam('Content-Type', 'application/json');
    ctx.setQueryParam('fieldManager', 'helm-migrate');
    ctx.setBody(JSON.stringify(obj));
    return (await this.requestPromise(ctx, 'KubernetesObject')) as KubeObject;
  }

  async readRaw(obj: KubeObject): Promise<KubeObject> {
    const ctx = this.configuration.baseServer.makeRequestContext(await this.specUriPath(obj as k8s.KubernetesObject, 'read'), k8s.HttpMethod.GET);
    ctx.setHeaderParam('Accept', 'application/json');
    return (await this.requestPromise(ctx, 'KubernetesObject')) as KubeObject;
  }
}

export function connectKube(opts: KubeOptions): Kube {
  const kc = new k8s.KubeConfig();
  try {
    const file = opts.kubeconfig ?? undefined;
    if (file) kc.loadFromFile(file);
    else kc.loadFromDefault();
  } catch (err) {
    throw new HelmMigrateError('cluster-unreachable', `cannot read kubeconfig: ${(err as Error).message}`, { cause: err });
  }
  const context = opts.context ?? opts.env.HELM_KUBECONTEXT ?? undefined;
  if (context) {
    if (!kc.getContextObject(context)) throw new HelmMigrateError('cluster-unreachable', `kube context "${context}" not found in the kubeconfig`);
    kc.setCurrentContext(context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new HelmMigrateError('cluster-unreachable', 'the kubeconfig has no current cluster (set --kube-context or KUBECONFIG)');
  const timeoutMs = requestTimeoutMs(opts.env);
  const objects = new RawObjectApi(
    k8s.createConfiguration({
      baseServer: new k8s.ServerConfiguration(cluster.server, {}),
      authMethods: { default: kc },
      promiseMiddleware: [
        {
          pre: async (ctx) => {
            ctx.setSignal(AbortSignal.timeout(timeoutMs));
            // Names helm-migrate in the API server's audit log (and lets tests tell it from helm).
            ctx.setHeaderParam('User-Agent', `helm-migrate/${VERSION}`);
            return ctx;
          },
          post: async (rsp) => rsp,
        },
      ],
    }),
  );
  // What makeApiClient does too: objects without a namespace go to the context's.
  (objects as unknown as { setDefaultNamespace(k: k8s.KubeConfig): string }).setDefaultNamespace(kc);
  const identity: ClusterIdentity = { context: kc.getCurrentContext(), server: cluster.server };
  const header = (r: ObjectRef) => ({ apiVersion: r.apiVersion, kind: r.kind, metadata: { name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) } });
  const where = (r: ObjectRef) => `(${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name})`;

  return {
    identity: () => identity,
    list: (apiVersion, kind, o = {}) => withRetry(async () => {
      const out: KubeObject[] = [];
      let token: string | undefined;
      try {
        do {
          const page = await objects.list(apiVersion, kind, o.namespace, undefined, undefined, undefined, o.fieldSelector, o.labelSelector, 500, token);
          out.push(...(page.items as KubeObject[]).map((i) => ({ ...i, apiVersion: i.apiVersion ?? apiVersion, kind: i.kind ?? kind })));
          token = page.metadata?._continue ?? (page.metadata as { continue?: string } | undefined)?.continue;
        } while (token);
      } catch (err) {
        if (statusOf(err) === 404) return [];
        throw wrap(err, `listing ${kind}`);
      }
      return out;
    }),
    get: (ref) => withRetry(async () => {
      try {
        return await objects.readRaw(header(ref) as KubeObject);
      } catch (err) {
        if (statusOf(err) === 404) return undefined;
        // An unknown kind (its CRD is not installed) is "absent" too.
        if (/unable to find api|resource .* not found|no resource|unrecognized api/i.test(String((err as Error).message))) return undefined;
        throw wrap(err, `reading ${where(ref)}`);
      }
    }),
    async mergePatch(ref, patch) {
      try {
        const h = header(ref);
        const meta = (patch.metadata ?? {}) as Record<string, unknown>;
        // client-node routes by the body's own apiVersion/kind/name: keep them beside the patch.
        const body = { ...patch, ...h, metadata: { ...meta, ...h.metadata } };
        return (await objects.patch(body as never, undefined, undefined, 'helm-migrate', undefined, k8s.PatchStrategy.MergePatch)) as KubeObject;
      } catch (err) {
        throw wrap(err, `patching ${where(ref)}`);
      }
    },
    async replace(obj) {
      try {
        return await objects.write(obj, 'replace');
      } catch (err) {
        throw wrap(err, `replacing ${where(refOf(obj))}`);
      }
    },
    async replaceStatus(obj) {
      try {
        return await objects.write(obj, 'replace', 'status');
      } catch (err) {
        throw wrap(err, `replacing the status of ${where(refOf(obj))}`);
      }
    },
    async create(obj) {
      try {
        return await objects.write(obj, 'create');
      } catch (err) {
        throw wrap(err, `creating ${where(refOf(obj))}`);
      }
    },
    async delete(ref, resourceVersion) {
      try {
        const body = resourceVersion ? { preconditions: { resourceVersion } } : undefined;
        await objects.delete(header(ref) as never, undefined, undefined, undefined, undefined, 'Background', body as never);
        return true;
      } catch (err) {
        if (statusOf(err) === 404) return false;
        throw wrap(err, `deleting ${where(ref)}`);
      }
    },
    serves: (apiVersion, kind) => withRetry(async () => {
      try {
        await objects.list(apiVersion, kind, undefined, undefined, undefined, undefined, undefined, undefined, 1);
        return true;
      } catch (err) {
        if (statusOf(err) === 404 || /unable to find api|not found|unrecognized api/i.test(String((err as Error).message))) return false;
        throw wrap(err, `discovering ${kind}`);
      }
    }),
  };
}

function requestTimeoutMs(env: NodeJS.ProcessEnv): number {
  const raw = env.HELM_MIGRATE_REQUEST_TIMEOUT;
  if (raw === undefined || raw === '') return 30_000;
  const s = Number(raw);
  if (!Number.isFinite(s) || s <= 0) throw new HelmMigrateError('usage', `HELM_MIGRATE_REQUEST_TIMEOUT=${raw} is not a number of seconds`);
  return s * 1000;
}
