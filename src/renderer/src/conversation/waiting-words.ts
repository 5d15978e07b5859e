/**
 * The banner for messages the ordering buffer holds back because they
 * arrived before ones they follow (docs/MESSAGING.md, "The ordering buffer").
 * Calm on purpose: nothing is lost, they show by themselves, at the latest
 * after the backend's bounded wait.
 */
export function waitingSentence(waiting: number): string {
  if (waiting <= 0) return '';
  return waiting === 1
    ? '1 message is waiting for an earlier one to arrive…'
    : `${waiting.toLocaleString()} messages are waiting for earlier ones to arrive…`;
}
