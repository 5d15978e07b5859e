/** The harness's typed failures, kept apart so every module can throw them without import cycles. */

/** A command run by this module failed; the message names the command and carries its stderr. */
export class NetnsCommandError extends Error {
  constructor(
    readonly command: string[],
    readonly exitCode: number | string | null,
    readonly stderr: string,
    /** For `-batch` runs: the input line that failed. */
    readonly batchLine?: string,
  ) {
    const at = batchLine ? ` at "${batchLine}"` : '';
    super(`\`${command.join(' ')}\` failed (exit ${exitCode})${at}: ${stderr.trim() || '(no stderr)'}`);
    this.name = 'NetnsCommandError';
  }
}

export class LanSpecError extends Error {
  override name = 'LanSpecError';
}

/** Delay or loss was asked for, and the kernel has no sch_netem. */
export class NetemUnavailableError extends Error {
  override name = 'NetemUnavailableError';
}
