// One terminal: an xterm.js instance bound to a session of the core. It opens the
// session (or re-attaches to it after a reload: the capped scrollback is replayed), writes
// what the user types, follows the size of its pane, and acknowledges output once xterm
// has written it — which is what lets the core pause a program that writes faster than
// the page can render.
import { useEffect, useRef, useState } from 'react';
import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebglAddon } from '@xterm/addon-webgl';
import '@xterm/xterm/css/xterm.css';
import { AlertTriangle, RotateCcw, X, ChevronUp, ChevronDown } from 'lucide-react';
import type { SessionView } from '../../../../core/terminals/contract';
import { ApiError } from '../../../../core/api/errors';
import { api } from '../../lib/transport';
import { inputTargets, removeTab, retryTab, updateTab, useViewSettings, zoom, type Tab } from './store';

/** Acknowledge at least this often (bytes) while output streams; otherwise after ACK_DELAY_MS. */
const ACK_EVERY = 32 * 1024;
const ACK_DELAY_MS = 100;

function themeFromCss(): ITheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  const dark = document.documentElement.dataset['theme'] !== 'light';
  return {
    background: dark ? '#070c16' : '#fbfcfe',
    foreground: v('--text'),
    cursor: v('--accent'),
    cursorAccent: dark ? '#070c16' : '#fbfcfe',
    selectionBackground: dark ? '#38bdf855' : '#0369a133',
    black: dark ? '#1b2333' : '#1f2937',
    red: v('--bad'),
    green: v('--ok'),
    yellow: v('--warn'),
    blue: dark ? '#60a5fa' : '#1d4ed8',
    magenta: v('--standby'),
    cyan: v('--accent'),
    white: dark ? '#dbe4f3' : '#4b5563',
    brightBlack: dark ? '#5f6f8e' : '#6b7280',
  };
}

export type Renderer = 'webgl' | 'dom';

let webglVerdict: boolean | null = null;
/**
 * Draw with WebGL only on a real GPU. A software WebGL (SwiftShader, llvmpipe — headless
 * browsers, VMs without a GPU) redraws so slowly that xterm's parser starves; there the
 * DOM renderer is several times faster. `podium.terminalRenderer` = 'webgl' | 'dom' in
 * localStorage overrides the choice.
 */
function webglIsFast(): boolean {
  const forced = localStorage.getItem('podium.terminalRenderer');
  if (forced === 'webgl' || forced === 'dom') return forced === 'webgl';
  if (webglVerdict !== null) return webglVerdict;
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return (webglVerdict = false);
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    webglVerdict = !/swiftshader|llvmpipe|software|softpipe/i.test(name);
  } catch {
    webglVerdict = false;
  }
  return webglVerdict;
}

function bufferText(term: Terminal, tail?: number): string {
  const b = term.buffer.active;
  const lines: string[] = [];
  for (let i = tail ? Math.max(0, b.length - tail) : 0; i < b.length; i++) lines.push(b.getLine(i)?.translateToString(true) ?? '');
  return lines.join('\n').replace(/\n+$/, '');
}

export interface TerminalHandle {
  term: Terminal;
  search: SearchAddon;
}

export function TerminalView(props: {
  tab: Tab;
  visible: boolean;
  onHandle?: (h: TerminalHandle | null) => void;
  onSession?: (s: SessionView | null) => void;
}) {
  const { tab, visible } = props;
  const box = useRef<HTMLDivElement>(null);
  const settings = useViewSettings();
  const [session, setSession] = useState<SessionView | null>(null);
  const [failure, setFailure] = useState<string | null>(tab.error);
  const [renderer, setRenderer] = useState<Renderer>('dom');
  const termRef = useRef<Terminal | null>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const onHandle = useRef(props.onHandle);
  onHandle.current = props.onHandle;
  const onSession = useRef(props.onSession);
  onSession.current = props.onSession;

  useEffect(() => {
    onSession.current?.(session);
  }, [session]);

  // The terminal and its session: made once per tab (and again on Retry).
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let disposed = false;
    const term = new Terminal({
      fontFamily: "'JetBrains Mono', 'DejaVu Sans Mono', ui-monospace, Menlo, Consolas, monospace",
      fontSize: settings.fontSize,
      scrollback: settings.scrollback,
      cursorBlink: true,
      allowProposedApi: true,
      theme: themeFromCss(),
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    term.loadAddon(new WebLinksAddon((_e, uri) => window.open(uri, '_blank', 'noopener,noreferrer')));
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    term.open(el);
    try {
      if (!webglIsFast()) throw new Error('software WebGL: the DOM renderer is faster');
      const webgl = new WebglAddon();
      webgl.onContextLoss(() => {
        webgl.dispose();
        setRenderer('dom');
      });
      term.loadAddon(webgl);
      setRenderer('webgl');
    } catch {
      setRenderer('dom'); // no WebGL here: xterm's DOM renderer draws instead
    }
    termRef.current = term;
    fitRef.current = fit;
    // What the screen shows, as text — for scripts and end-to-end tests (the WebGL renderer
    // draws on a canvas, so the text is not in the DOM).
    Object.defineProperty(el, 'podiumText', { configurable: true, value: (tail?: number) => bufferText(term, tail) });
    onHandle.current?.({ term, search });
    try {
      fit.fit();
    } catch {
      // not laid out yet
    }

    // Keys the terminal handles itself: copy, paste, zoom; Ctrl+K stays with the program.
    term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown') return true;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.shiftKey && e.code === 'KeyC') {
        e.preventDefault(); // not the browser's own use of the keys (developer tools)
        const sel = term.getSelection();
        if (sel) void navigator.clipboard?.writeText(sel);
        return false;
      }
      // Ctrl+Shift+V: not a key for the program; the browser's paste event that follows
      // reaches xterm, which pastes (bracketed when the program asks for it).
      if (mod && e.shiftKey && e.code === 'KeyV') return false;
      if (mod && (e.key === '=' || e.key === '+')) return (zoom(1), false);
      if (mod && e.key === '-') return (zoom(-1), false);
      if (mod && e.key === '0') return (zoom(0), false);
      return true;
    });
    const stopKeys = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'k') e.stopPropagation();
    };
    el.addEventListener('keydown', stopKeys);

    // ---- session ----
    let sessionId = tab.sessionId;
    let expected = 0;
    let acked = 0;
    let ackTimer: ReturnType<typeof setTimeout> | null = null;
    let pendingAck = 0;
    let attaching = false;
    let buffered: { seq: number; end: number; data: string }[] | null = null;
    const unsubs: (() => void)[] = [];

    const sendAck = () => {
      if (ackTimer) clearTimeout(ackTimer);
      ackTimer = null;
      if (!sessionId || pendingAck <= acked) return;
      acked = pendingAck;
      void api.call('terminals.ack', { sessionId, upTo: acked }).catch(() => {});
    };
    const written = (end: number) => {
      pendingAck = Math.max(pendingAck, end);
      if (pendingAck - acked >= ACK_EVERY) sendAck();
      else if (!ackTimer) ackTimer = setTimeout(sendAck, ACK_DELAY_MS);
    };
    const onOutput = (ev: { seq: number; end: number; data: string }) => {
      if (disposed) return;
      if (buffered) {
        buffered.push(ev);
        return;
      }
      if (ev.end <= expected) return; // already shown by the scrollback
      if (ev.seq !== expected) {
        void attach(); // events were lost: start again from the scrollback
        return;
      }
      expected = ev.end;
      term.write(ev.data, () => written(ev.end));
    };
    const attach = async () => {
      if (!sessionId || attaching) return;
      attaching = true;
      buffered = [];
      try {
        const a = await api.call('terminals.attach', { sessionId });
        if (disposed) return;
        term.reset();
        expected = a.seq;
        acked = pendingAck = a.seq;
        if (a.scrollback) term.write(a.scrollback);
        setSession(a.session);
        const held = buffered;
        buffered = null;
        for (const ev of held) onOutput(ev);
        if (a.session.cols !== term.cols || a.session.rows !== term.rows)
          void api.call('terminals.resize', { sessionId, cols: term.cols, rows: term.rows }).catch(() => {});
      } catch (e) {
        buffered = null;
        if (disposed) return;
        const msg =
          e instanceof ApiError && e.code === 'NOT_FOUND' ? 'This session has ended (the core restarted, or it was closed elsewhere).' : (e as Error).message;
        setFailure(msg);
        updateTab(tab.key, { error: msg });
      } finally {
        attaching = false;
      }
    };

    const start = async () => {
      if (!sessionId) {
        try {
          const { session: s } = await api.call('terminals.open', { profileId: tab.profileId, cols: term.cols, rows: term.rows });
          if (disposed) {
            void api.call('terminals.close', { sessionId: s.id }).catch(() => {});
            return;
          }
          sessionId = s.id;
          updateTab(tab.key, { sessionId: s.id, title: s.title, target: s.target, error: s.state === 'failed' ? s.error : null });
          setSession(s);
          if (s.state === 'failed') {
            setFailure(s.error ?? 'the session failed');
            return;
          }
        } catch (e) {
          if (disposed) return;
          const msg = (e as Error).message;
          setFailure(msg);
          updateTab(tab.key, { error: msg });
          return;
        }
      }
      const sid = sessionId;
      unsubs.push(api.subscribe('terminals.output', { sessionId: sid }, onOutput));
      unsubs.push(
        api.subscribe('terminals.sessions', {}, (e) => {
          if (e.session.id !== sid || disposed) return;
          if (e.change === 'detached') void attach();
          else if (e.change === 'closed') removeTab(tab.key);
          else setSession(e.session);
        }),
      );
      await attach();
    };
    void start();

    const input = term.onData((data) => {
      for (const sid of inputTargets(tab.key)) void api.call('terminals.write', { sessionId: sid, data }).catch(() => {});
    });
    let resizeTimer: ReturnType<typeof setTimeout> | null = null;
    const resized = term.onResize(({ cols, rows }) => {
      if (resizeTimer) clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => sessionId && void api.call('terminals.resize', { sessionId, cols, rows }).catch(() => {}), 80);
    });
    const titled = term.onTitleChange((t) => t && el.setAttribute('data-program-title', t));
    const ro = new ResizeObserver(() => {
      if (el.offsetWidth > 0 && el.offsetHeight > 0) {
        try {
          fit.fit();
        } catch {
          // detached while resizing
        }
      }
    });
    ro.observe(el);
    const themeWatch = new MutationObserver(() => (term.options.theme = themeFromCss()));
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

    return () => {
      disposed = true;
      sendAck();
      unsubs.forEach((u) => u());
      input.dispose();
      resized.dispose();
      titled.dispose();
      ro.disconnect();
      themeWatch.disconnect();
      el.removeEventListener('keydown', stopKeys);
      if (resizeTimer) clearTimeout(resizeTimer);
      onHandle.current?.(null);
      termRef.current = null;
      term.dispose();
    };
    // Made once per tab and attempt; settings are applied below without a new terminal.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tab.key, tab.attempt]);

  useEffect(() => {
    const t = termRef.current;
    if (!t) return;
    t.options.fontSize = settings.fontSize;
    t.options.scrollback = settings.scrollback;
    try {
      fitRef.current?.fit();
    } catch {
      // not visible
    }
  }, [settings.fontSize, settings.scrollback]);

  useEffect(() => {
    if (!visible) return;
    try {
      fitRef.current?.fit();
    } catch {
      // not laid out
    }
    termRef.current?.focus();
  }, [visible]);

  const retry = () => {
    if (session?.id) void api.call('terminals.close', { sessionId: session.id }).catch(() => {});
    setFailure(null);
    setSession(null);
    retryTab(tab.key);
  };
  const ended = session && (session.state === 'exited' || session.state === 'failed');
  const badEnd = ended && (session.state === 'failed' || (session.exitCode ?? 0) !== 0 || session.signal);
  return (
    <div
      className="term-view"
      style={{ display: visible ? 'flex' : 'none' }}
      data-testid="terminal"
      data-tab={tab.key}
      data-session={session?.id ?? ''}
      data-renderer={renderer}
    >
      {failure && !session && (
        <div className="term-error" role="alert">
          <AlertTriangle size={22} color="var(--bad)" />
          <div>
            <h3>Could not open {tab.title}</h3>
            <p>{failure}</p>
            <div className="row">
              <button className="btn primary" onClick={retry}>
                <RotateCcw size={15} /> Retry
              </button>
              <button className="btn" onClick={() => removeTab(tab.key)}>
                <X size={15} /> Close tab
              </button>
            </div>
          </div>
        </div>
      )}
      {ended && (
        <div className={`term-banner ${badEnd ? 'bad' : ''}`} role="status">
          {session.state === 'failed'
            ? `The session failed: ${session.error ?? 'unknown reason'}`
            : `The program ended${session.exitCode ? ` with exit code ${session.exitCode}` : ''}${session.signal ? ` (signal ${session.signal})` : ''}.`}
          <span className="grow" />
          <button className="btn small" onClick={retry}>
            <RotateCcw size={13} /> Retry
          </button>
        </div>
      )}
      {failure && session && !ended && (
        <div className="term-banner bad" role="alert">
          {failure}
          <span className="grow" />
          <button className="btn small" onClick={retry}>
            <RotateCcw size={13} /> Retry
          </button>
        </div>
      )}
      <div className="term-box" ref={box} style={{ visibility: failure && !session ? 'hidden' : 'visible' }} />
    </div>
  );
}

export function SearchBar(props: { handle: TerminalHandle | null; onClose: () => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<boolean | null>(null);
  const go = (dir: 1 | -1) => {
    if (!props.handle || !q) return;
    const opts = {
      decorations: {
        matchOverviewRuler: '#f59e0b',
        activeMatchColorOverviewRuler: '#38bdf8',
        matchBackground: '#f59e0b55',
        activeMatchBackground: '#38bdf888',
      },
    };
    setFound(dir === 1 ? props.handle.search.findNext(q, opts) : props.handle.search.findPrevious(q, opts));
  };
  return (
    <div className="term-search" role="search">
      <input
        autoFocus
        placeholder="Find in terminal"
        aria-label="Find in terminal"
        value={q}
        onChange={(e) => (setQ(e.target.value), setFound(null))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') go(e.shiftKey ? -1 : 1);
          if (e.key === 'Escape') props.onClose();
        }}
      />
      <button className="btn small icon" aria-label="Previous match" onClick={() => go(-1)}>
        <ChevronUp size={14} />
      </button>
      <button className="btn small icon" aria-label="Next match" onClick={() => go(1)}>
        <ChevronDown size={14} />
      </button>
      {found === false && <span className="faint">No match</span>}
      <button className="btn small icon ghost" aria-label="Close search" onClick={props.onClose}>
        <X size={14} />
      </button>
    </div>
  );
}
