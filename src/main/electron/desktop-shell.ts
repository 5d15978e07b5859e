/**
 * What makes the Electron window a desktop app: the tray with the unread
 * count, native notifications that open their conversation, the application
 * menu, "start at login", close-to-tray for super peers and lanline:// links.
 * Every decision is made by the pure modules in src/main/desktop (unit
 * tested there); this file only connects them to Electron.
 */
import {
  app,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  Tray,
  type BrowserWindow,
  type IpcMainEvent,
  type MenuItemConstructorOptions,
} from 'electron';
import { DESKTOP_CHANNELS, ToShellSchema, type FromShell, type ToShell } from '../../core/api/desktop-bridge';
import type { Backend } from '../backend';
import { isAutostartEnabled, setAutostart } from '../desktop/autostart';
import { closeAction, keepsRunningInTray } from '../desktop/close-policy';
import { menuTemplate, type MenuEntry } from '../desktop/menu-template';
import { trayIcon, trayTooltip } from '../desktop/tray-icon';

/** Notifications are kept referenced until dismissed: Electron drops the click handler of one that is garbage-collected. */
const MAX_LIVE_NOTIFICATIONS = 20;

export class DesktopShell {
  private tray: Tray | undefined;
  private ready = false;
  private queued: FromShell[] = [];
  private quitting = false;
  private unread = 0;
  private readonly notifications = new Map<string, Notification>();

  constructor(
    private readonly window: BrowserWindow,
    private readonly backend: Backend,
    /** Whether an IPC message comes from our own page in our window. */
    private readonly fromOurPage: (event: IpcMainEvent) => boolean,
  ) {}

  start(): void {
    this.tray = this.createTray();
    Menu.setApplicationMenu(Menu.buildFromTemplate(this.electronMenu()));
    app.setAboutPanelOptions({ applicationName: 'Lanline', applicationVersion: app.getVersion() });

    ipcMain.on(DESKTOP_CHANNELS.toShell, (event, raw: unknown) => {
      if (!this.fromOurPage(event)) return;
      const message = ToShellSchema.safeParse(raw);
      if (message.success) this.receive(message.data);
      else this.backend.log.warn('desktop message dropped', { reason: message.error.issues[0]?.message });
    });
    // A reload starts a new page that has to say it is listening again.
    this.window.webContents.on('did-start-loading', () => (this.ready = false));
    this.backend.onEvent.on(({ name }) => {
      if (name === 'status.changed') this.sendState();
    });
    this.window.on('close', (event) => {
      if (
        closeAction({ quitting: this.quitting, role: this.backend.engine.role, trayAvailable: this.tray !== undefined }) ===
        'hide'
      ) {
        event.preventDefault();
        this.window.hide();
      }
    });
    app.on('before-quit', () => (this.quitting = true));
  }

  /** Brings the window to the front, from the tray, a notification, a second launch or a link. */
  show(): void {
    if (this.window.isMinimized()) this.window.restore();
    this.window.show();
    this.window.focus();
  }

  /** A lanline://join/CODE link: open the window on the invite dialog with the code filled in. */
  openInvite(code: string): void {
    this.show();
    this.send({ type: 'join', code });
  }

  private receive(message: ToShell): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendState();
        for (const queued of this.queued.splice(0)) this.send(queued);
        return;
      case 'notify':
        return this.notify(message);
      case 'unread':
        return this.setUnread(message.count);
      case 'set-start-at-login':
        this.setStartAtLogin(message.enabled);
        return this.sendState();
    }
  }

  private send(message: FromShell): void {
    if (!this.ready || this.window.isDestroyed()) {
      // Only the latest of each kind matters by the time the page is back.
      this.queued = [...this.queued.filter((m) => m.type !== message.type), message];
      return;
    }
    this.window.webContents.send(DESKTOP_CHANNELS.fromShell, message);
  }

  private sendState(): void {
    this.send({
      type: 'state',
      startAtLogin: this.startAtLogin(),
      closeToTray: this.tray !== undefined && keepsRunningInTray(this.backend.engine.role),
    });
  }

  private notify(request: Extract<ToShell, { type: 'notify' }>): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: request.title, body: request.body });
    const forget = () => this.notifications.delete(request.messageId);
    notification.on('click', () => {
      forget();
      this.show();
      this.send({ type: 'open-conversation', conversation: request.conversation });
    });
    notification.on('close', forget);
    this.notifications.get(request.messageId)?.close();
    this.notifications.set(request.messageId, notification);
    while (this.notifications.size > MAX_LIVE_NOTIFICATIONS) this.notifications.delete(this.notifications.keys().next().value!);
    notification.show();
  }

  private setUnread(count: number): void {
    if (count === this.unread) return;
    this.unread = count;
    app.setBadgeCount(count); // dock (macOS) and launcher (Unity) badges; a no-op elsewhere
    if (this.tray) {
      this.tray.setImage(this.trayImage());
      this.tray.setToolTip(trayTooltip(count));
    }
  }

  private trayImage(): Electron.NativeImage {
    const icon = trayIcon(this.unread, 32);
    // Drawn at 32 px for 16 pt trays on high-density screens; scaled down elsewhere.
    return nativeImage.createFromBitmap(Buffer.from(icon.data), { width: icon.width, height: icon.height, scaleFactor: 2 });
  }

  private createTray(): Tray | undefined {
    try {
      const tray = new Tray(this.trayImage());
      tray.setToolTip(trayTooltip(0));
      tray.setContextMenu(
        Menu.buildFromTemplate([
          { label: 'Open Lanline', click: () => this.show() },
          { type: 'separator' },
          { label: 'Quit Lanline', click: () => app.quit() },
        ]),
      );
      tray.on('click', () => this.show());
      return tray;
    } catch (error) {
      // Some Linux desktops have no system tray; the window then simply quits on close.
      this.backend.log.warn('no system tray', { error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }

  /** null where the platform offers no way to start at login. */
  private startAtLogin(): boolean | null {
    if (process.platform === 'linux') return isAutostartEnabled();
    if (process.platform === 'darwin' || process.platform === 'win32') return app.getLoginItemSettings().openAtLogin;
    return null;
  }

  private setStartAtLogin(enabled: boolean): void {
    if (process.platform === 'linux') {
      // Packaged, the binary is the app; in development Electron needs the app's folder too.
      setAutostart(enabled, app.isPackaged ? [process.execPath] : [process.execPath, app.getAppPath()]);
    } else if (process.platform === 'darwin' || process.platform === 'win32') {
      app.setLoginItemSettings({ openAtLogin: enabled });
    }
  }

  private electronMenu(): MenuItemConstructorOptions[] {
    const item = (entry: MenuEntry): MenuItemConstructorOptions => {
      switch (entry.kind) {
        case 'separator':
          return { type: 'separator' };
        case 'role':
          return { role: entry.role as MenuItemConstructorOptions['role'], ...(entry.label && { label: entry.label }) };
        case 'command':
          return {
            label: entry.label,
            accelerator: entry.accelerator,
            click: () => {
              this.show();
              this.send({ type: 'command', command: entry.command });
            },
          };
        case 'action':
          return {
            label: entry.label,
            accelerator: entry.accelerator,
            click: () => (entry.action === 'quit' ? app.quit() : app.showAboutPanel()),
          };
      }
    };
    // On macOS the first menu is the application menu whatever it is called.
    return menuTemplate(process.platform, { devTools: !app.isPackaged }).map((group) => ({
      label: group.label,
      submenu: group.entries.map(item),
    }));
  }
}
