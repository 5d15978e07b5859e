import type { Role } from '../../core/model';

/** Super and infrastructure peers serve others; their window closing should not take that away. */
export function keepsRunningInTray(role: Role): boolean {
  return role === 'super' || role === 'infrastructure';
}

export type CloseAction = 'hide' | 'close';

/**
 * What closing the window does. A super peer hides to the tray and keeps
 * relaying; anything else closes (which quits). Quitting on purpose (the
 * tray's Quit, Cmd+Q, logging out) always closes, and without a tray there
 * would be no way back to a hidden window, so it closes too.
 */
export function closeAction(state: { quitting: boolean; role: Role; trayAvailable: boolean }): CloseAction {
  if (state.quitting || !state.trayAvailable) return 'close';
  return keepsRunningInTray(state.role) ? 'hide' : 'close';
}
