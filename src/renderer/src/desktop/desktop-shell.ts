import { FromShellSchema, type LanlineDesktopBridge } from '../../../core/api/desktop-bridge';

declare global {
  interface Window {
    /** Present only inside the Electron app, exposed by the preload next to `window.lanline`. */
    lanlineDesktop?: LanlineDesktopBridge;
  }
}

/**
 * The Electron shell's bridge, or undefined in a browser tab. Messages from
 * the shell are checked against their schema here too: the preload passes
 * them through as they came.
 */
export function desktopBridge(): LanlineDesktopBridge | undefined {
  const bridge = window.lanlineDesktop;
  if (!bridge) return undefined;
  return {
    send: (message) => bridge.send(message),
    onMessage: (listener) =>
      bridge.onMessage((raw) => {
        const parsed = FromShellSchema.safeParse(raw);
        if (parsed.success) listener(parsed.data);
      }),
  };
}
