/**
 * Every failure a user can meet has a code. `describeError` is the one place
 * that turns codes into the words a person reads, in the UI and the CLI alike.
 */
export type ErrorCode =
  | 'unknown-peer'
  | 'unknown-group'
  | 'not-a-member'
  | 'unknown-message'
  | 'invalid-input'
  | 'message-too-long'
  | 'not-connected'
  | 'peer-unreachable'
  | 'timeout'
  | 'closed'
  | 'unsupported-version'
  | 'bad-signature'
  | 'unauthorized'
  | 'no-ui'
  | 'disk-full'
  | 'file-changed'
  | 'file-unavailable'
  | 'file-corrupt'
  | 'no-file-manager'
  | 'declined'
  | 'cancelled'
  | 'internal';

export class LanlineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LanlineError';
  }
}

const userText: Record<ErrorCode, string> = {
  'unknown-peer': 'Nobody with that peer id is known to this node. Run `lanline peers` to see who is around.',
  'unknown-group': 'No such group is known to this node. Run `lanline groups` to see yours.',
  'not-a-member': 'You are not a member of that group.',
  'unknown-message': 'No such message is stored here.',
  'invalid-input': 'The request was not valid.',
  'message-too-long': 'The message is too long.',
  'not-connected': 'There is no open connection to that person.',
  'peer-unreachable': 'That person could not be reached.',
  timeout: 'The operation took too long and was abandoned.',
  closed: 'The connection closed.',
  'unsupported-version': 'The other side speaks a protocol version this build does not understand.',
  'bad-signature': 'A signature did not verify.',
  unauthorized: 'Not allowed.',
  'no-ui': 'No Lanline window is open to make the connection.',
  'disk-full': 'The disk is full. Free some space, then resume the transfer.',
  'file-changed': 'The file changed on disk after it was offered; offer it again.',
  'file-unavailable': 'Nobody who has that file is online right now.',
  'file-corrupt': 'The offered file is damaged and cannot be received.',
  'no-file-manager': 'This machine has no file manager Lanline can open.',
  declined: 'The recipient declined the files.',
  cancelled: 'Cancelled.',
  internal: 'Something went wrong inside Lanline.',
};

/** One line a person can act on: the specific detail when there is one, else the generic text. */
export function describeError(error: unknown): string {
  if (error instanceof LanlineError) return error.message || userText[error.code];
  if (error instanceof Error) return error.message;
  return String(error);
}

export function errorCode(error: unknown): ErrorCode {
  return error instanceof LanlineError ? error.code : 'internal';
}

/** Makes a forgotten case in a switch over a union a compile error. */
export function missingCase(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
