// The Terminals area: tabs of terminal sessions in one or two panes, a menu of connection
// profiles (local shell, SSH, namespaces, and the console of every VNF and enforcer), the
// list of device consoles by tenant and service (one click opens one), broadcast input to
// selected tabs, search, font zoom, scrollback size and session logging.
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Plus,
  Columns2,
  Radio,
  Search,
  FileText,
  ZoomIn,
  ZoomOut,
  X,
  Settings2,
  ArrowLeftRight,
  TerminalSquare,
  Server,
  Shield,
  Globe,
  Lock,
  Network,
  Link2,
  Users,
  PanelLeft,
} from 'lucide-react';
import { LOCAL_PROFILE_ID, localProfile, type ProfileView, type SessionView } from '../../../../core/terminals/contract';
import { useCommand, useTopic } from '../../lib/hooks';
import { api } from '../../lib/transport';
import { notify, reportError } from '../../app/toasts';
import { Badge } from '../../components/Badge';
import { TerminalView, SearchBar, type TerminalHandle } from './TerminalView';
import { ProfilesDialog } from './ProfilesDialog';
import { AllSessionsDialog } from './AllSessionsDialog';
import { ConsoleList } from './ConsoleList';
import { groupConsoles, type ConsoleProfile } from './devices';
import './topologyActions';
import { useSession } from '../../app/session';
import {
  activate,
  focusPane,
  moveToOtherPane,
  openTab,
  removeTab,
  setBroadcast,
  setViewSettings,
  toggleSelected,
  toggleSplit,
  updateTab,
  useTerminals,
  useViewSettings,
  zoom,
  type Tab,
} from './store';

const KIND_ICON = { local: TerminalSquare, ssh: Globe, netns: Network, console: Server } as const;
const CONSOLE_ICON = { vrouter: Server, vfirewall: Shield, vwebsecurity: Globe, enforcer: Lock } as const;

function iconFor(p: ProfileView) {
  return p.kind === 'console' ? CONSOLE_ICON[p.consoleKind] : KIND_ICON[p.kind];
}

function NewTabMenu(props: {
  profiles: ProfileView[];
  others: SessionView[];
  onPick: (p: ProfileView) => void;
  onAttach: (s: SessionView) => void;
  onManage: () => void;
  onEveryone: (() => void) | null;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const away = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && props.onClose();
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && props.onClose();
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', esc);
    };
  }, [props]);
  const connections = props.profiles.filter((p) => p.kind !== 'console');
  const consoles = groupConsoles(props.profiles.filter((p): p is ConsoleProfile => p.kind === 'console'));
  const item = (p: ProfileView) => {
    const Icon = iconFor(p);
    return (
      <button key={p.id} role="menuitem" className="menu-item" onClick={() => props.onPick(p)} title={p.target}>
        <Icon size={15} />
        <span className="menu-label">{p.name}</span>
        <span className="menu-detail">{p.kind === 'console' ? (p.detail ?? p.target) : p.target}</span>
      </button>
    );
  };
  return (
    <div className="menu" role="menu" ref={ref} aria-label="Open a terminal">
      <div role="group" aria-label="Connections">
        <div className="menu-section">Connections</div>
        {connections.length === 0 && <div className="menu-empty">None</div>}
        {connections.map(item)}
      </div>
      <div role="group" aria-label="VNF and enforcer consoles">
        <div className="menu-section">VNF and enforcer consoles</div>
        {consoles.length === 0 && <div className="menu-empty">No VNF or enforcer is deployed yet.</div>}
        {consoles.flatMap((g) =>
          g.services.map((sv) => (
            <div key={`${g.tenant}/${sv.service}`} role="group" aria-label={`${g.tenant} · ${sv.service}`}>
              <div className="menu-subsection">
                {g.tenant} · {sv.service}
              </div>
              {sv.consoles.map(item)}
            </div>
          )),
        )}
      </div>
      {props.others.length > 0 && (
        <div role="group" aria-label="Your other sessions">
          <div className="menu-section">Your other sessions</div>
          {props.others.map((s) => (
            <button key={s.id} role="menuitem" className="menu-item" onClick={() => props.onAttach(s)}>
              <Link2 size={15} />
              <span className="menu-label">{s.title}</span>
              <span className="menu-detail">
                {s.state} · {s.id}
              </span>
            </button>
          ))}
        </div>
      )}
      <div className="menu-sep" />
      <button role="menuitem" className="menu-item" onClick={props.onManage}>
        <Settings2 size={15} />
        <span className="menu-label">Manage profiles…</span>
      </button>
      {props.onEveryone && (
        <button role="menuitem" className="menu-item" onClick={props.onEveryone}>
          <Users size={15} />
          <span className="menu-label">Everyone’s sessions…</span>
          <span className="menu-detail">admins may close them</span>
        </button>
      )}
    </div>
  );
}

function TabStrip(props: {
  pane: 0 | 1;
  tabs: Tab[];
  active: string | null;
  broadcast: boolean;
  selected: string[];
  split: boolean;
  onClose: (t: Tab) => void;
}) {
  return (
    <div className="term-tabs" role="tablist" aria-label={props.pane === 0 ? 'Terminals' : 'Terminals, right pane'}>
      {props.tabs.map((t) => {
        const Icon = KIND_ICON[t.kind as keyof typeof KIND_ICON] ?? TerminalSquare;
        return (
          <div key={t.key} className={`term-tab${props.active === t.key ? ' active' : ''}${t.error ? ' failed' : ''}`} role="presentation">
            {props.broadcast && (
              <input type="checkbox" aria-label={`Broadcast to ${t.title}`} checked={props.selected.includes(t.key)} onChange={() => toggleSelected(t.key)} />
            )}
            <button
              role="tab"
              aria-selected={props.active === t.key}
              className="term-tab-title"
              onClick={() => activate(t.key)}
              title={`${t.title} — ${t.target}`}
            >
              <Icon size={14} />
              <span>{t.title}</span>
            </button>
            {props.split && (
              <button
                className="btn ghost small icon"
                aria-label={`Move ${t.title} to the other pane`}
                title="Move to the other pane"
                onClick={() => moveToOtherPane(t.key)}
              >
                <ArrowLeftRight size={12} />
              </button>
            )}
            <button className="btn ghost small icon" aria-label={`Close ${t.title}`} onClick={() => props.onClose(t)}>
              <X size={13} />
            </button>
          </div>
        );
      })}
    </div>
  );
}

export function TerminalsPage() {
  const st = useTerminals();
  const settings = useViewSettings();
  const profiles = useCommand('terminals.profiles.list', {});
  const sessions = useCommand('terminals.list', {});
  const [menu, setMenu] = useState(false);
  const [manage, setManage] = useState(false);
  const [everyone, setEveryone] = useState(false);
  const isAdmin = useSession().user.role === 'admin';
  const [searching, setSearching] = useState(false);
  const handles = useRef(new Map<string, TerminalHandle>());
  const [views, setViews] = useState<Record<string, SessionView | null>>({});
  useTopic('terminals.sessions', {}, () => sessions.reload());
  // The device list follows the VNFs: new, failed, repaired, removed.
  useTopic('vnfs.changed', {}, () => profiles.reload());
  useTopic('services.changed', {}, () => profiles.reload());

  const focused = st.active[0] ?? st.active[1];
  const focusedTab = st.tabs.find((t) => t.key === focused) ?? null;
  const focusedSession = focusedTab ? (views[focusedTab.key] ?? null) : null;
  const shown = new Set(st.tabs.map((t) => t.sessionId).filter(Boolean));
  const others = (sessions.data?.sessions ?? []).filter((s) => !shown.has(s.id));

  const pick = (p: ProfileView) => {
    setMenu(false);
    openTab({ id: p.id, name: p.kind === 'console' ? `${p.name} (console)` : p.name, target: p.target, kind: p.kind });
  };
  const attachOther = (s: SessionView) => {
    setMenu(false);
    const key = openTab({ id: s.profileId, name: s.title, target: s.target, kind: s.kind });
    updateTab(key, { sessionId: s.id });
  };
  const closeTab = (t: Tab) => {
    if (t.sessionId) void api.call('terminals.close', { sessionId: t.sessionId }).catch((e: unknown) => reportError(e, 'Close terminal'));
    removeTab(t.key);
  };
  const toggleLog = async () => {
    if (!focusedTab?.sessionId || !focusedSession) return;
    try {
      const r = await api.call('terminals.log', { sessionId: focusedTab.sessionId, on: !focusedSession.logFile });
      setViews((v) => ({ ...v, [focusedTab.key]: r.session }));
      notify('info', r.session.logFile ? 'Logging this session' : 'Logging stopped', r.session.logFile ?? undefined);
    } catch (e) {
      reportError(e, 'Session log');
    }
  };

  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.code === 'KeyF') {
        e.preventDefault();
        setSearching(true);
      }
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.code === 'KeyT') {
        e.preventDefault();
        setMenu(true);
      }
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, []);

  const panes: (0 | 1)[] = st.split ? [0, 1] : [0];
  const list = useMemo(() => profiles.data?.profiles ?? [], [profiles.data]);
  const consoleProfiles = useMemo(() => list.filter((p): p is ConsoleProfile => p.kind === 'console'), [list]);

  return (
    <div className="term-page">
      <div className="term-toolbar">
        <h1>Terminals</h1>
        <div className="menu-anchor">
          <button
            className="btn primary"
            onClick={() => {
              if (!menu) {
                profiles.reload();
                sessions.reload();
              }
              setMenu(!menu);
            }}
            aria-haspopup="menu"
            aria-expanded={menu}
          >
            <Plus size={16} /> New terminal
          </button>
          {menu && (
            <NewTabMenu
              profiles={list}
              others={others}
              onPick={pick}
              onAttach={attachOther}
              onManage={() => (setMenu(false), setManage(true))}
              onEveryone={isAdmin ? () => (setMenu(false), setEveryone(true)) : null}
              onClose={() => setMenu(false)}
            />
          )}
        </div>
        <button
          className={`btn${settings.showConsoles ? ' on' : ''}`}
          onClick={() => setViewSettings({ showConsoles: !settings.showConsoles })}
          aria-pressed={settings.showConsoles}
          title="The list of VNF and enforcer consoles"
        >
          <PanelLeft size={15} /> Consoles
        </button>
        <button className={`btn${st.split ? ' on' : ''}`} onClick={toggleSplit} aria-pressed={st.split} title="Two panes side by side">
          <Columns2 size={15} /> Split
        </button>
        <button
          className={`btn${st.broadcast ? ' on' : ''}`}
          onClick={() => setBroadcast(!st.broadcast)}
          aria-pressed={st.broadcast}
          title="Type into every selected tab at once"
        >
          <Radio size={15} /> Broadcast{st.broadcast ? ` to ${st.selected.length}` : ''}
        </button>
        <span className="grow" />
        <button className="btn" onClick={() => setSearching(!searching)} disabled={!focusedTab} title="Find (Ctrl+Shift+F)">
          <Search size={15} /> Find
        </button>
        <button
          className={`btn${focusedSession?.logFile ? ' on' : ''}`}
          onClick={toggleLog}
          disabled={!focusedSession || focusedSession.state !== 'running'}
          aria-pressed={!!focusedSession?.logFile}
          title={focusedSession?.logFile ?? 'Log this session’s output to a file'}
        >
          <FileText size={15} /> {focusedSession?.logFile ? 'Logging' : 'Log to file'}
        </button>
        <div className="btn-group" role="group" aria-label="Font size">
          <button className="btn icon" onClick={() => zoom(-1)} aria-label="Smaller font" title="Smaller (Ctrl −)">
            <ZoomOut size={15} />
          </button>
          <span className="btn-group-value" aria-label="Font size">
            {settings.fontSize}px
          </span>
          <button className="btn icon" onClick={() => zoom(1)} aria-label="Larger font" title="Larger (Ctrl +)">
            <ZoomIn size={15} />
          </button>
        </div>
        <label className="row" style={{ gap: 6 }}>
          <span className="muted" style={{ fontSize: 12.5 }}>
            Scrollback
          </span>
          <select aria-label="Scrollback lines" value={settings.scrollback} onChange={(e) => setViewSettings({ scrollback: Number(e.target.value) })}>
            {[1000, 5000, 10000, 50000].map((n) => (
              <option key={n} value={n}>
                {n.toLocaleString()} lines
              </option>
            ))}
          </select>
        </label>
      </div>
      {searching && focusedTab && <SearchBar handle={handles.current.get(focusedTab.key) ?? null} onClose={() => setSearching(false)} />}
      <div className="term-body">
        {settings.showConsoles && <ConsoleList consoles={consoleProfiles} onOpen={pick} />}
        {st.tabs.length === 0 ? (
          <div className="empty term-empty">
            <TerminalSquare size={34} />
            <h2>No terminal open</h2>
            <p>Open a local shell, an SSH connection, a lab namespace, or the console of a VNF or enforcer.</p>
            <div className="row" style={{ justifyContent: 'center' }}>
              <button
                className="btn primary"
                onClick={() =>
                  pick(
                    list.find((p) => p.id === LOCAL_PROFILE_ID) ?? localProfile,
                  )
                }
              >
                <TerminalSquare size={15} /> Local shell
              </button>
              <button className="btn" onClick={() => setMenu(true)}>
                More…
              </button>
            </div>
            {others.length > 0 && (
              <div className="term-others">
                <h3>Your sessions still running</h3>
                {others.map((s) => (
                  <button key={s.id} className="btn" onClick={() => attachOther(s)}>
                    <Link2 size={14} /> {s.title} <Badge tone={s.state === 'running' ? 'ok' : 'neutral'}>{s.state}</Badge>
                  </button>
                ))}
              </div>
            )}
          </div>
        ) : (
          <div className={`term-panes${st.split ? ' split' : ''}`}>
            {panes.map((pane) => {
              const tabs = st.tabs.filter((t) => t.pane === pane);
              return (
                <section key={pane} className="term-pane" aria-label={pane === 0 ? 'Left pane' : 'Right pane'} onMouseDown={() => focusPane(pane)}>
                  <TabStrip
                    pane={pane}
                    tabs={tabs}
                    active={st.active[pane]}
                    broadcast={st.broadcast}
                    selected={st.selected}
                    split={st.split}
                    onClose={closeTab}
                  />
                  <div className="term-stack">
                    {tabs.length === 0 && <div className="empty">Move a tab here, or open a new terminal.</div>}
                    {tabs.map((t) => (
                      <TerminalView
                        key={`${t.key}:${t.attempt}`}
                        tab={t}
                        visible={st.active[pane] === t.key}
                        onHandle={(h) => (h ? handles.current.set(t.key, h) : handles.current.delete(t.key))}
                        onSession={(s) => setViews((v) => (v[t.key] === s ? v : { ...v, [t.key]: s }))}
                      />
                    ))}
                  </div>
                </section>
              );
            })}
          </div>
        )}
      </div>
      <div className="term-status" aria-live="polite">
        {focusedTab ? (
          <>
            <span>
              <b>{focusedTab.title}</b> · {focusedTab.target}
            </span>
            {focusedSession && (
              <>
                <span>{focusedSession.state}</span>
                <span>session {focusedSession.id}</span>
                {focusedSession.logFile && <span title={focusedSession.logFile}>logging to {focusedSession.logFile.split('/').pop()}</span>}
              </>
            )}
          </>
        ) : (
          <span className="faint">Ctrl+Shift+T new terminal · Ctrl+Shift+F find · Ctrl+Shift+C / V copy / paste · Ctrl + / − zoom</span>
        )}
        <span className="grow" />
        {st.broadcast && <Badge tone="warn">Broadcasting to {st.selected.length} tabs</Badge>}
      </div>
      {everyone && <AllSessionsDialog onClose={() => setEveryone(false)} />}
      {manage && <ProfilesDialog onClose={() => (setManage(false), profiles.reload())} />}
    </div>
  );
}
