import { Menu, app, dialog, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { CHANNELS } from './channels.js';

/** The application menu; renderer actions go to the page as 'podium:menu' messages. */
export function buildMenu(win: () => BrowserWindow | null, version: string): Menu {
  const send = (action: string) => () => win()?.webContents.send(CHANNELS.menu, action);
  const template: MenuItemConstructorOptions[] = [
    { label: 'File', submenu: [{ role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: 'View',
      submenu: [
        { label: 'Command Palette…', accelerator: 'CmdOrCtrl+K', click: send('palette') },
        { label: 'Toggle Light / Dark Theme', accelerator: 'CmdOrCtrl+Shift+L', click: send('theme.toggle') },
        { type: 'separator' },
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Help',
      submenu: [
        { label: 'Keyboard Shortcuts', accelerator: 'F1', click: send('shortcuts') },
        {
          label: 'About Podium',
          click: () => {
            const w = win();
            const opts = {
              type: 'info' as const,
              title: 'About Podium',
              message: `Podium ${version}`,
              detail: 'Operations console for virtual managed network services.',
            };
            void (w ? dialog.showMessageBox(w, opts) : dialog.showMessageBox(opts));
          },
        },
      ],
    },
  ];
  if (process.platform === 'darwin') template.unshift({ label: app.name, submenu: [{ role: 'about' }, { role: 'quit' }] });
  return Menu.buildFromTemplate(template);
}
