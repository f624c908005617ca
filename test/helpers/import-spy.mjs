// Loaded with `node --import` by tests: records every module URL the process resolves into the
// file named by HELM_MIGRATE_IMPORT_LOG, so a test can prove a command never loaded a library.
import { register } from 'node:module';

const log = process.env.HELM_MIGRATE_IMPORT_LOG;
if (log) {
  const hooks = `
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const r = await next(specifier, context);
      appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
      return r;
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
}
