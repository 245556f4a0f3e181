/** A failure the user can act on: printed as one line on stderr, exit code 1 (or `exitCode`). */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Thrown by commands whose part of clawbar has not been built yet. */
export function notBuilt(command: string): never {
  throw new CliError(`clawbar ${command} is not built yet in this version`);
}
