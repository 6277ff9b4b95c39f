// The console around every page: navigation, status bar, palette, shortcuts.
import { useEffect, useMemo, useRef, useState } from 'react';
import { LogOut, PanelLeftClose, PanelLeftOpen } from 'lucide-react';
import type { CommandInfo } from '../../../core/system/contract';
import { api, onMenuAction } from '../lib/transport';
import { AREAS, SECTIONS, landingPath, offered, type Area } from './areas';
import { useSession } from './session';
import { navigate, usePath } from './router';
import { StatusBar } from './StatusBar';
import { Palette, type PaletteItem } from './Palette';
import { RunCommand } from './RunCommand';
import { SHORTCUTS, typing } from './shortcuts';
import { toggleTheme } from './theme';
import { Dialog } from '../components/Dialog';
import { reportError } from './toasts';
import { useLocalStorage } from '../lib/hooks';

function Forbidden() {
  return (
    <div className="page">
      <div className="empty">
        <h2>Not available to your role</h2>
        <p>This page needs a permission your role does not hold. The navigation on the left shows what you can use.</p>
      </div>
    </div>
  );
}

export function Shell(props: { version: string | null; schemaVersion: number | null }) {
  const session = useSession();
  const path = usePath();
  const areas = useMemo(() => AREAS.filter((a) => offered(session, a)), [session]);
  const [collapsed, setCollapsed] = useLocalStorage('podium.navCollapsed', false);
  const [palette, setPalette] = useState(false);
  const [help, setHelp] = useState(false);
  const [running, setRunning] = useState<CommandInfo | null>(null);
  const [commands, setCommands] = useState<CommandInfo[]>([]);
  const chord = useRef<number>(0);

  // Land on the role's landing page (landing.ts decides which).
  const within = (a: Area) => path === a.path || path.startsWith(a.path + '/');
  const current: Area | undefined = areas.find(within) ?? AREAS.find(within);
  useEffect(() => {
    const landing = landingPath(
      session.user.role,
      areas.map((a) => a.path),
    );
    if (!current && landing) navigate(landing);
  }, [current, areas, session.user.role]);

  useEffect(() => {
    api.call('system.commands', {}).then(
      (r) => setCommands(r.commands),
      (e: unknown) => reportError(e, 'Command list'),
    );
  }, [session.user.id]);

  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setPalette((p) => !p);
        return;
      }
      if (mod && e.shiftKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        toggleTheme();
        return;
      }
      if (mod || e.altKey || typing(e.target) || document.querySelector('[role="dialog"]')) return;
      if (e.key === '?') {
        e.preventDefault();
        setHelp(true);
      } else if (e.key === '[') {
        e.preventDefault();
        setCollapsed(!collapsed);
      } else if (e.key === 'g') chord.current = Date.now();
      else if (Date.now() - chord.current < 1500) {
        chord.current = 0;
        const a = areas.find((x) => x.key === e.key);
        if (a) {
          e.preventDefault();
          navigate(a.path);
        }
      }
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, [areas, collapsed, setCollapsed]);

  useEffect(
    () =>
      onMenuAction((action) => {
        if (action === 'palette') setPalette(true);
        if (action === 'theme.toggle') toggleTheme();
        if (action === 'shortcuts') setHelp(true);
      }),
    [],
  );

  const items: PaletteItem[] = [
    ...areas.map((a) => ({ id: `go:${a.path}`, label: a.label, detail: a.section, kind: 'Go to' as const, run: () => navigate(a.path) })),
    { id: 'act:theme', label: 'Toggle light / dark theme', kind: 'Action', run: () => toggleTheme() },
    { id: 'act:nav', label: collapsed ? 'Expand the navigation' : 'Collapse the navigation', kind: 'Action', run: () => setCollapsed(!collapsed) },
    { id: 'act:help', label: 'Keyboard shortcuts', kind: 'Action', run: () => setHelp(true) },
    { id: 'act:logout', label: 'Log out', kind: 'Action', run: session.logout },
  ];

  const Page = current && offered(session, current) ? current.component : current ? Forbidden : null;

  return (
    <div className={`shell${collapsed ? ' nav-collapsed' : ''}`}>
      <nav className="nav" aria-label="Areas">
        <div className="nav-brand">
          <img src="./favicon.svg" alt="" />
          <span>Podium</span>
        </div>
        {SECTIONS.map((section) => {
          const list = areas.filter((a) => a.section === section);
          if (list.length === 0) return null;
          return (
            <div key={section} role="group" aria-label={section}>
              <div className="nav-section">{section}</div>
              {list.map((a) => (
                <a
                  key={a.path}
                  href={`#${a.path}`}
                  className={`nav-item${current?.path === a.path ? ' active' : ''}`}
                  aria-current={current?.path === a.path ? 'page' : undefined}
                  title={collapsed ? a.label : undefined}
                >
                  <a.icon size={17} />
                  <span className="nav-label">{a.label}</span>
                  <span className="kbd" title={`g then ${a.key}`}>
                    g {a.key}
                  </span>
                </a>
              ))}
            </div>
          );
        })}
        <div className="nav-spacer" />
        <div className="nav-foot">
          <button className="nav-item" onClick={() => setCollapsed(!collapsed)} aria-label={collapsed ? 'Expand navigation' : 'Collapse navigation'}>
            {collapsed ? <PanelLeftOpen size={17} /> : <PanelLeftClose size={17} />}
            <span className="nav-label">Collapse</span>
          </button>
          <button className="nav-item" onClick={session.logout}>
            <LogOut size={17} />
            <span className="nav-label">Log out</span>
          </button>
        </div>
      </nav>
      <main className="content">{Page && <Page />}</main>
      <StatusBar version={props.version} schemaVersion={props.schemaVersion} />
      {palette && <Palette items={items} commands={commands} onRunCommand={setRunning} onClose={() => setPalette(false)} />}
      {running && <RunCommand command={running} onClose={() => setRunning(null)} />}
      {help && (
        <Dialog title="Keyboard shortcuts" onClose={() => setHelp(false)}>
          <table className="grid">
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.keys}>
                  <td style={{ whiteSpace: 'nowrap' }}>
                    {s.keys.split(' ').map((k, i) => (
                      <span key={i} className="kbd" style={{ marginRight: 4 }}>
                        {k}
                      </span>
                    ))}
                  </td>
                  <td>{s.what}</td>
                </tr>
              ))}
              {areas.map((a) => (
                <tr key={a.path}>
                  <td>
                    <span className="kbd">g</span> <span className="kbd">{a.key}</span>
                  </td>
                  <td>Go to {a.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Dialog>
      )}
    </div>
  );
}
