/** The CLI's one error type: a message, the exit code it maps to, and what to do about it. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}
