import type { Diagnosis } from '../../../core/model';
import { clockTime } from '../conversation/message-time';

export type CheckStatus = Diagnosis['checks'][number]['status'];
export type ReachState = Diagnosis['peers'][number]['state'];

export const checkStatusWords: Record<CheckStatus, string> = {
  ok: 'Yes',
  warn: 'Needs attention',
  fail: 'Problem',
  unknown: 'Could not tell',
};

export const reachStateWords: Record<ReachState, string> = {
  linked: 'Connected',
  trying: 'Trying…',
  failing: 'Cannot reach',
  idle: 'Not connected',
};

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One line for the empty state: "Last network check at 14:02: 1 problem and 1 warning." */
export function diagnosisSummary(diagnosis: Diagnosis): string {
  const fails = diagnosis.checks.filter((check) => check.status === 'fail').length;
  const warns = diagnosis.checks.filter((check) => check.status === 'warn').length;
  const when = `Last network check at ${clockTime(diagnosis.checkedAt)}`;
  if (fails === 0 && warns === 0) return `${when}: nothing wrong found.`;
  const parts = [fails ? count(fails, 'problem', 'problems') : '', warns ? count(warns, 'warning', 'warnings') : ''];
  return `${when}: ${parts.filter(Boolean).join(' and ')}.`;
}
