/**
 * The whole surface the page gets from Electron: `window.lanline` with send
 * and onMessage for contract messages, and the pipe MessagePort handed over by
 * postMessage. Only the contract's call envelopes go out, on one channel.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
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

contextBridge.exposeInMainWorld('lanline', bridge);

// contextBridge cannot carry MessagePorts, so the port goes to the page by window.postMessage.
ipcRenderer.on(IPC_CHANNELS.pipePort, (event) => {
  window.postMessage({ type: PIPE_PORT_MESSAGE }, '*', event.ports);
});
