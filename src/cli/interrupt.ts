/** A prompt ended by the user (Ctrl-C, or an abort signal): inquirer's own error names. */
export function isPromptInterrupt(err: unknown): boolean {
  const name = (err as Error | undefined)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError';
}
