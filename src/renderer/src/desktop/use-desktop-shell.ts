import { useEffect, useRef, useState } from 'react';
import type { LanlineDesktopBridge, ShellCommand } from '../../../core/api/desktop-bridge';

export interface DesktopState {
  /** null where the platform has no login items; undefined until the shell has said. */
  startAtLogin: boolean | null | undefined;
  closeToTray: boolean;
  setStartAtLogin(enabled: boolean): void;
}

/**
 * The renderer's half of the desktop integration: tells the shell the unread
 * count (for the tray and the dock badge) and follows what the shell asks
 * for (open a conversation from a notification, a deep-linked invite, menu
 * commands). Does nothing in a browser tab.
 */
export function useDesktopShell(
  bridge: LanlineDesktopBridge | undefined,
  unreadTotal: number,
  handlers: {
    onOpen: (conversation: string) => void;
    onJoin: (code: string) => void;
    onCommand: (command: ShellCommand) => void;
  },
): DesktopState {
  const [state, setState] = useState<{ startAtLogin: boolean | null | undefined; closeToTray: boolean }>({
    startAtLogin: undefined,
    closeToTray: false,
  });
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    if (!bridge) return;
    const off = bridge.onMessage((message) => {
      switch (message.type) {
        case 'state':
          setState({ startAtLogin: message.startAtLogin, closeToTray: message.closeToTray });
          break;
        case 'open-conversation':
          latest.current.onOpen(message.conversation);
          break;
        case 'join':
          latest.current.onJoin(message.code);
          break;
        case 'command':
          latest.current.onCommand(message.command);
          break;
      }
    });
    bridge.send({ type: 'ready' });
    return off;
  }, [bridge]);

  useEffect(() => {
    bridge?.send({ type: 'unread', count: unreadTotal });
  }, [bridge, unreadTotal]);

  return { ...state, setStartAtLogin: (enabled) => bridge?.send({ type: 'set-start-at-login', enabled }) };
}
