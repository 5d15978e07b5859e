/**
 * The Electron shell (with desktop-shell.ts, the only code in Lanline that
 * imports 'electron'). It starts the same Backend as `lanline serve`, opens
 * one locked-down window, and carries the contract over IPC and pipe bytes
 * over a MessagePort. Security checklist: contextIsolation, sandbox, no
 * nodeIntegration, a strict CSP on every response, all permissions refused,
 * navigation and new windows blocked (http(s) links go to the system
 * browser), and IPC accepted only from our own page, schema-checked.
 */
import {
  app,
  BrowserWindow,
  ipcMain,
  MessageChannelMain,
  session,
  shell,
  type IpcMainEvent,
  type MessagePortMain,
} from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePipeMessage, encodePipeMessage } from '../../core/api/pipe-framing';
import { eventMessage, type RpcMessage } from '../../core/api/rpc';
import { IPC_CHANNELS } from '../../core/api/window-bridge';
import { Backend } from '../backend';
import { CONTENT_SECURITY_POLICY } from '../bridge/static-files';
import { resolveConfig } from '../config';
import { ControlServer } from '../control/server';
import { inviteCodeFromArgv, inviteCodeFromUrl } from '../desktop/deep-link';
import { bundledChunkWorker } from '../files/chunk-worker';
import type { WindowChannel } from '../rtc/window-rtc-host';
import { DesktopShell } from './desktop-shell';

// Chromium replaces host ICE candidates with random .local names to hide LAN
// addresses from web pages. Resolving those needs mDNS between the two
// browsers, which offices often block and which never works across subnets;
// our SDP is signed and only ever sent to verified peers, so we turn it off.
app.commandLine.appendSwitch('disable-features', 'WebRtcHideLocalIpsWithMdns');

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererIndex = join(here, '../renderer/index.html');
const preloadPath = join(here, '../preload/index.cjs');

// lanline://join/CODE opens this app. In development Electron is started with the app's folder as its argument.
if (process.defaultApp && process.argv[1]) app.setAsDefaultProtocolClient('lanline', process.execPath, [process.argv[1]]);
else app.setAsDefaultProtocolClient('lanline');

// macOS hands links over with open-url, possibly before the window exists; keep the last one until it does.
let shellReady: DesktopShell | undefined;
let pendingInvite: string | undefined = inviteCodeFromArgv(process.argv);
app.on('open-url', (event, url) => {
  event.preventDefault();
  const code = inviteCodeFromUrl(url);
  if (!code) return;
  if (shellReady) shellReady.openInvite(code);
  else pendingInvite = code;
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

function dataDirFromArgv(argv: string[]): string | undefined {
  const at = argv.findIndex((a) => a === '--data-dir' || a.startsWith('--data-dir='));
  if (at < 0) return undefined;
  return argv[at]!.includes('=') ? argv[at]!.slice('--data-dir='.length) : argv[at + 1];
}

function isOurPage(url: string): boolean {
  if (!url.startsWith('file://')) return false;
  try {
    return fileURLToPath(url) === rendererIndex;
  } catch {
    return false; // a file: URL with a host, or otherwise not a local path
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  // The same default folder as the CLI, so `lanline status` finds the desktop app's node.
  const config = resolveConfig(dataDirFromArgv(process.argv) ? { dataDir: dataDirFromArgv(process.argv) } : {});
  const backend = await Backend.start(config, { rtc: 'window', fileWorker: bundledChunkWorker(import.meta.url) });
  // "Show in folder" opens the system file manager with the file selected.
  backend.revealer = async (path) => shell.showItemInFolder(path);
  const control = new ControlServer(backend, backend.log.child('control'));
  await control.listen();

  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
  // Everything is refused but writing to the clipboard from our own page (the Copy buttons), which is harmless.
  const mayWriteClipboard = (permission: string, url: string | undefined) =>
    permission === 'clipboard-sanitized-write' && url !== undefined && isOurPage(url);
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback) =>
    callback(mayWriteClipboard(permission, wc.getURL())),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission, origin, details) =>
    mayWriteClipboard(permission, details.requestingUrl ?? origin),
  );

  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 640,
    minHeight: 420,
    title: 'Lanline',
    show: false,
    webPreferences: { preload: preloadPath, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
  });
  window.once('ready-to-show', () => window.show());
  // Gather host candidates on every interface, not just the default route's:
  // an office LAN may have no gateway at all.
  window.webContents.setWebRTCIPHandlingPolicy('default');
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://') || url.startsWith('http://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());

  let port: MessagePortMain | undefined;
  const channel: WindowChannel = {
    request: (request) => window.webContents.send(IPC_CHANNELS.fromBackend, eventMessage('rtc.request', request)),
    sendPipeBytes: (linkId, data) => port?.postMessage(encodePipeMessage(linkId, data)),
    bufferedAmount: 0,
  };
  const fromOurPage = (event: IpcMainEvent) => event.sender === window.webContents && isOurPage(event.senderFrame?.url ?? '');

  const desktop = new DesktopShell(window, backend, fromOurPage);
  desktop.start();
  shellReady = desktop;
  // A second launch (a lanline:// link on Windows and Linux, or just starting it again) comes here.
  app.on('second-instance', (_event, argv) => {
    const code = inviteCodeFromArgv(argv);
    if (code) desktop.openInvite(code);
    else desktop.show();
  });
  if (pendingInvite) desktop.openInvite(pendingInvite);
  pendingInvite = undefined;

  ipcMain.on(IPC_CHANNELS.toBackend, (event, message: unknown) => {
    if (!fromOurPage(event)) return;
    void backend.api.handle(message, { window: channel }).then((reply: RpcMessage | undefined) => {
      if (reply && !window.isDestroyed()) window.webContents.send(IPC_CHANNELS.fromBackend, reply);
    });
  });
  backend.onEvent.on(({ name, payload }) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_CHANNELS.fromBackend, eventMessage(name, payload));
  });

  // A fresh port per page load: a reload must not inherit the old page's links.
  window.webContents.on('did-finish-load', () => {
    backend.detachWindow(channel);
    port?.close();
    const { port1, port2 } = new MessageChannelMain();
    port = port1;
    port1.on('message', ({ data }) => {
      const piece = data instanceof Uint8Array ? decodePipeMessage(data) : undefined;
      if (piece) backend.windowRtc?.deliver(channel, piece.linkId, piece.data);
    });
    port1.start();
    window.webContents.postMessage(IPC_CHANNELS.pipePort, null, [port2]);
  });

  await window.loadFile(rendererIndex);

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    void control
      .close()
      .then(() => backend.stop())
      .finally(() => app.exit(0));
  });
  app.on('window-all-closed', () => app.quit());
}
