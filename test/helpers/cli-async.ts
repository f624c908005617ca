/** The built CLI run asynchronously, for tests whose API server lives in the test process. */
import { join } from 'node:path';
import { cliNode } from './cli.js';
import { run, type Run } from './cluster.js';
import { repoRoot } from './shared.js';

export function helmMigrate(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Run> {
  return run(cliNode, [join(repoRoot, 'bin', 'helm-migrate.js'), ...args], { ...env, NO_COLOR: '1' }, input);
}
