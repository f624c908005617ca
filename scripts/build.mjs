// Bundles the CLI into dist/ with esbuild, in a shape chosen for start-up time:
//
//   dist/main.cjs      the front: argument parsing, help, --version, the error boundary
//   dist/engine.cjs    the commands, the engine, the packs, yaml, semver and jsonpath-plus,
//                      loaded by the front when a command runs; not the packs' default snapshots,
//                      which stay data files (migrations/<pack>/defaults/, read as needed)
//   dist/lib/*.cjs     the libraries only plan, apply and the wizard use (the Kubernetes client,
//                      execa, inquirer), each in a file of its own that the engine requires when a
//                      command first needs it, so `values` never reads them
//   dist/packages.json which npm packages each file holds, so the start-up tests can prove that
//                      `values` loads none of those libraries
//   dist/**/*.cache    the code caches: the front's and the engine's written here, by running
//                      the shipped example once; a library's by the first run that loads it
//
// Front and engine are CommonJS scripts so bin/helm-migrate.js can compile them with a V8 code
// cache (Node 20 has none for ES modules; see bin/). They are two because a cache is read whole:
// `--version` would otherwise read the engine's 0.9 MB. The modules both hold (the error class,
// the exit codes, the logger) hold no state, and HelmMigrateError's instanceof works across them.
//
// The libraries are bundled rather than loaded from node_modules: client-node alone is ~900 ES
// modules there, 0.7–1 s to import on a 2-core machine. Each library file re-exports only the
// names the code imports from it (found below, in the importing files), so tree-shaking still
// applies: all of client-node is 14 MB, the part used under 2 MB.
//
// Runs on `npm ci` through the prepare script.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The libraries kept out of the engine, each with the file it is bundled into. */
const libraries = new Map([
  ['@kubernetes/client-node', 'kubernetes-client-node.cjs'],
  ['execa', 'execa.cjs'],
  ['@inquirer/prompts', 'inquirer-prompts.cjs'],
]);

rmSync(dist, { recursive: true, force: true });

/** `text` as a regular expression that matches it exactly (package names hold / and .). */
const literal = (text) => text.replace(/[/.]/g, '\\$&');

// No bundle keeps an import(): bin/ compiles them with vm.Script, whose dynamic imports are
// experimental on Node 20 (and fail in functions compiled from a code cache). esbuild turns each
// into a require in a promise, which bin/ answers (engine:<module>, ./lib/<library>.cjs).
// Each bundle is written as the function Node would wrap a CommonJS module in, so bin/ compiles
// the file's text as it is: joining a wrapper to 0.8 MB of source made V8 copy it whole, ~4 ms
// of a small run on a 2-core machine.
const wrapper = { banner: { js: '(function (exports, require, module, __filename, __dirname) {' }, footer: { js: '})' } };
const common = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', legalComments: 'none', metafile: true, logLevel: 'warning', supported: { 'dynamic-import': false }, ...wrapper };
// __HELM_MIGRATE_BUNDLE__ tells code that finds files beside itself (src/io/pack-data.ts) that it
// runs from dist/, where it asks __dirname; import.meta.url, its way from the sources, is then
// never reached, and a CommonJS bundle has none.
const define = { __HELM_MIGRATE_VERSION__: JSON.stringify(pkg.version), __HELM_MIGRATE_BUNDLE__: 'true', 'import.meta.url': 'undefined' };

/** The command modules the front loads, by path from the root (filled while it is bundled). */
const commands = new Set();
const front = await build({
  ...common,
  entryPoints: [join(root, 'src/cli/main.ts')],
  outfile: join(dist, 'main.cjs'),
  define,
  plugins: [
    {
      name: 'commands-apart',
      setup(b) {
        b.onResolve({ filter: /^\.\/commands\// }, async ({ path, importer, resolveDir, kind, pluginData }) => {
          // (b.resolve comes back through here: pluginData marks that call.)
          if (kind !== 'dynamic-import' || pluginData === 'inner') return undefined;
          const { path: file, errors } = await b.resolve(path, { importer, resolveDir, kind, pluginData: 'inner' });
          if (errors.length) return { errors };
          commands.add(relative(root, file));
          return { path: `engine:${relative(root, file)}`, external: true };
        });
      },
    },
  ],
});

/** Which source files import each library (filled while the engine is bundled). */
const importers = new Map([...libraries.keys()].map((name) => [name, new Set()]));
const engine = await build({
  ...common,
  stdin: {
    // Each command module is initialised when first asked for, as a dynamic import would be.
    contents: `module.exports = { load: (name) => ({ ${[...commands].map((c) => `${JSON.stringify(c)}: () => require(${JSON.stringify(`./${c}`)})`).join(', ')} })[name]() };`,
    resolveDir: root,
    sourcefile: 'engine-entry.cjs',
    loader: 'js',
  },
  outfile: join(dist, 'engine.cjs'),
  define,
  plugins: [
    {
      name: 'libraries-apart',
      setup(b) {
        const filter = new RegExp(`^(${[...libraries.keys()].map(literal).join('|')})$`);
        b.onResolve({ filter }, ({ path, importer }) => {
          importers.get(path).add(importer);
          return { path: `./lib/${libraries.get(path)}`, external: true };
        });
      },
    },
  ],
});

/**
 * The names the code takes from `name`, read from the files that import it: `import { a, b }`,
 * or `ns.a` for `import * as ns`; `*` where a dynamic import hands the whole module on. Any other
 * form stops the build rather than leave a name out of the library's file.
 */
function namesUsed(name) {
  const names = new Set();
  const quoted = `['"]${literal(name)}['"]`;
  for (const file of importers.get(name)) {
    // Type-only uses (import type, typeof import(...)) leave nothing at run time.
    const source = readFileSync(file, 'utf8').replace(new RegExp(`import type [^;]*from ${quoted};|typeof import\\(${quoted}\\)`, 'g'), '');
    let forms = 0;
    for (const m of source.matchAll(new RegExp(`import \\{([^}]*)\\} from ${quoted}`, 'g'))) {
      forms++;
      for (const part of m[1].split(',')) if (part.trim()) names.add(part.trim().split(/\s+as\s+/)[0]);
    }
    for (const m of source.matchAll(new RegExp(`import \\* as (\\w+) from ${quoted}`, 'g'))) {
      forms++;
      for (const use of source.matchAll(new RegExp(`\\b${m[1]}\\b(\\.(\\w+))?`, 'g'))) {
        if (use[2]) names.add(use[2]);
        else if (!source.slice(Math.max(0, use.index - 12), use.index).includes('* as ')) throw new Error(`${relative(root, file)} uses ${m[1]} (from ${name}) other than as ns.name`);
      }
    }
    for (const _ of source.matchAll(new RegExp(`import\\(${quoted}\\)`, 'g'))) {
      forms++;
      names.add('*');
    }
    const all = source.match(new RegExp(quoted, 'g'))?.length ?? 0;
    if (all !== forms) throw new Error(`${relative(root, file)} imports ${name} in a form the build cannot read the names of`);
  }
  return names;
}

const libs = await build({
  entryPoints: [...libraries].map(([name, file]) => ({ in: `library:${name}`, out: file.replace(/\.cjs$/, '') })),
  ...common,
  // tr46 (under the Kubernetes client's node-fetch) requires Node's punycode module, deprecated
  // at run time from Node 21: its warning reached the user's stderr wherever the CLI does not
  // live under node_modules (a checkout, a helm plugin). The npm package is the same code.
  alias: { punycode: 'punycode/' },
  outdir: join(dist, 'lib'),
  outExtension: { '.js': '.cjs' },
  plugins: [
    {
      name: 'library-entries',
      setup(b) {
        b.onResolve({ filter: /^library:/ }, ({ path }) => ({ path: path.slice('library:'.length), namespace: 'library' }));
        b.onLoad({ filter: /.*/, namespace: 'library' }, async ({ path }) => {
          const names = namesUsed(path);
          if (names.has('*')) return { contents: `export * from '${path}';`, resolveDir: root };
          // Types used as ns.Type name nothing at run time; keep the names the module exports.
          const exported = new Set(Object.keys(await import(path)));
          return { contents: `export { ${[...names].filter((n) => exported.has(n)).sort().join(', ')} } from '${path}';`, resolveDir: root };
        });
      },
    },
  ],
});

/** The npm package a bundled input file came from (the last node_modules/ in its path), if any. */
function packageOf(input) {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const [scope, name] = input.slice(at + 'node_modules/'.length).split('/');
  return scope.startsWith('@') ? `${scope}/${name}` : scope;
}

const packages = {};
for (const { metafile } of [front, engine, libs]) {
  for (const [file, { inputs }] of Object.entries(metafile.outputs)) {
    if (/\bimport\(/.test(readFileSync(join(root, file), 'utf8'))) throw new Error(`${file} still holds an import(), which bin/ cannot run`);
    const held = new Set(Object.entries(inputs).filter(([, i]) => i.bytesInOutput > 0).map(([k]) => packageOf(k)).filter(Boolean));
    if (held.size) packages[relative(dist, join(root, file))] = [...held].sort();
  }
}
writeFileSync(join(dist, 'packages.json'), `${JSON.stringify(packages, null, 2)}\n`);

// The first run writes the code cache (bin/helm-migrate.js does so whenever it finds none it can
// use); run the shipped example so the cache holds the functions a values run compiles.
const out = mkdtempSync(join(tmpdir(), 'hm-build-'));
try {
  execFileSync(process.execPath, [join(root, 'bin', 'helm-migrate.js'), 'values', join(root, 'fixtures/examples/linkerd2-2.9.values.yaml'), '--chart', 'linkerd2', '--from', '2.9', '--to', 'latest', '--out-dir', out, '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
} finally {
  rmSync(out, { recursive: true, force: true });
}
