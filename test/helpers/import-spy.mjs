// Loaded with `node --import` by tests: records every file the process loads code from into the
// file named by HELM_MIGRATE_IMPORT_LOG, so a test can prove a command never loaded a library.
// Three ways in: ES module resolution (a loader hook), require() (Module._load), and the scripts
// bin/helm-migrate.js compiles itself with vm.Script (the bundles, under their code caches).
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

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

  const record = (file) => appendFileSync(log, `${pathToFileURL(file).href}\n`);
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (!Module.isBuiltin(request)) record(Module._resolveFilename(request, parent, isMain));
    return load.apply(this, arguments);
  };
  const Script = vm.Script;
  vm.Script = class extends Script {
    constructor(code, options) {
      super(code, options);
      if (options?.filename) record(options.filename);
    }
  };
}
