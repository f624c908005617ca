import type { Logger, Output } from './logger.js';

/** What a command may touch of its process: streams, environment, working directory. */
export interface CommandIO {
  stdout: Output;
  stderr: Output;
  stdin?: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  log: Logger;
}
