/**
 * The whole surface the page gets from Electron: `window.lanline` with send
 * and onMessage for contract messages, `window.lanlineDesktop` for the
 * shell's own messages (notifications, tray count, menu commands, deep
 * links), and the pipe MessagePort handed over by postMessage. Each goes out
 * on its one channel; the shell checks every message against its schema.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { DESKTOP_CHANNELS, type FromShell, type LanlineDesktopBridge, type ToShell } from '../core/api/desktop-bridge';
import type { RpcMessage } from '../core/api/rpc';
import { IPC_CHANNELS, PIPE_PORT_MESSAGE, type LanlineWindowBridge } from '../core/api/window-bridge';

const bridge: LanlineWindowBridge = {
  send(message: RpcMessage) {
    if (message?.kind !== 'call' || typeof message.method !== 'string') return;
    ipcRenderer.send(IPC_CHANNELS.toBackend, message);
  },
  onMessage(listener) {
    const wrapped = (_event: IpcRendererEvent, message: RpcMessage) => listener(message);
    ipcRenderer.on(IPC_CHANNELS.fromBackend, wrapped);
    return () => void ipcRenderer.removeListener(IPC_CHANNELS.fromBackend, wrapped);
  },
};

// The preload is type-checked without the DOM library; this is the one DOM call it makes.
declare const window: { postMessage(message: unknown, targetOrigin: string, transfer?: readonly unknown[]): void };

const desktop: LanlineDesktopBridge = {
  send(message: ToShell) {
    if (typeof message?.type !== 'string') return;
    ipcRenderer.send(DESKTOP_CHANNELS.toShell, message);
  },
  onMessage(listener) {
    const wrapped = (_event: IpcRendererEvent, message: FromShell) => listener(message);
    ipcRenderer.on(DESKTOP_CHANNELS.fromShell, wrapped);
    return () => void ipcRenderer.removeListener(DESKTOP_CHANNELS.fromShell, wrapped);
  },
  // Only a path string comes back: the page learns where a file it was given lies, nothing more.
  pathForFile: (file) => {
    try {
      return webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]);
    } catch {
      return '';
    }
  },
};

contextBridge.exposeInMainWorld('lanline', bridge);
contextBridge.exposeInMainWorld('lanlineDesktop', desktop);

// contextBridge cannot carry MessagePorts, so the port goes to the page by window.postMessage.
ipcRenderer.on(IPC_CHANNELS.pipePort, (event) => {
  window.postMessage({ type: PIPE_PORT_MESSAGE }, '*', event.ports);
});
