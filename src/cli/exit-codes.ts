/**
 * Exit codes. 0–2 carry the seed's meanings per command (validate/verify/check-deploy: 1 = the
 * check failed; portfolio: 1 warning, 2 critical). Errors that prevent an answer use the
 * sysexits.h codes so a pipeline can tell "the check failed" from "the check could not run".
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  critical: 2,
  /** Unknown command or flag, missing argument. */
  usage: 64,
  /** Bad input data that is not a spec finding (e.g. an unreadable config file). */
  dataError: 65,
  /** A spec or environment file that cannot be read. */
  noInput: 66,
  /** Prometheus (or another upstream) is unreachable or answered with an error. */
  unavailable: 69,
  /** A bug in NthLayer. */
  internal: 70,
  /** An output file or directory that cannot be written. */
  cannotWrite: 73,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
