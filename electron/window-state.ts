// The main window's bounds, kept between runs with electron-store.
import Store from 'electron-store';
import { screen, type BrowserWindow, type Rectangle } from 'electron';

interface WindowState {
  bounds: Rectangle | null;
  maximized: boolean;
}

const store = new Store<WindowState>({ name: 'window-state', defaults: { bounds: null, maximized: false } });

/** Saved bounds, if they still fit on one of the displays. */
export function savedBounds(): { bounds: Partial<Rectangle>; maximized: boolean } {
  const b = store.get('bounds');
  const visible =
    b &&
    screen.getAllDisplays().some((d) => {
      const a = d.workArea;
      return b.x < a.x + a.width && b.x + b.width > a.x && b.y < a.y + a.height && b.y + b.height > a.y;
    });
  return { bounds: visible && b ? b : { width: 1400, height: 900 }, maximized: store.get('maximized') };
}

export function keepBounds(win: BrowserWindow): void {
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      if (win.isDestroyed()) return;
      store.set('maximized', win.isMaximized());
      if (!win.isMaximized() && !win.isMinimized()) store.set('bounds', win.getBounds());
    }, 300);
  };
  win.on('resize', save);
  win.on('move', save);
  win.on('close', () => {
    store.set('maximized', win.isMaximized());
    if (!win.isMaximized() && !win.isMinimized()) store.set('bounds', win.getBounds());
  });
}
