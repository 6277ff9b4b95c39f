import { useEffect, useState } from 'react';
import type { ConnectionState } from '../../../core/api/client';
import { onConnectionState, shell, type CoreInfo } from '../lib/transport';
import { useSession } from './session';

const LABEL: Record<ConnectionState, string> = { open: 'Connected', connecting: 'Reconnecting…', closed: 'Disconnected' };
const TONE: Record<ConnectionState, string> = { open: 'ok', connecting: 'warn', closed: 'bad' };

export function useConnection(): { state: ConnectionState; info: CoreInfo | null } {
  const [s, setS] = useState<{ state: ConnectionState; info: CoreInfo | null }>({ state: 'connecting', info: null });
  useEffect(() => onConnectionState((state, info) => setS({ state, info })), []);
  return s;
}

function Clock() {
  const [now, setNow] = useState(new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <span className="mono" title="Coordinated Universal Time">
      {now.toISOString().slice(11, 19)} UTC
    </span>
  );
}

export function StatusBar(props: { version: string | null; schemaVersion: number | null }) {
  const { state } = useConnection();
  const s = useSession();
  return (
    <footer className="statusbar" aria-label="Status">
      <span data-testid="connection-state">
        <span className={`dot ${TONE[state]}`} />
        {LABEL[state]}
        {shell === 'electron' ? ' · desktop' : ''}
      </span>
      <span data-testid="status-user">
        {s.user.username} · {s.user.role}
        {s.user.tenantId ? ` · tenant ${s.user.tenantId}` : ''}
      </span>
      <span className="grow" />
      <span>
        <span className="kbd">Ctrl</span> <span className="kbd">K</span> commands · <span className="kbd">?</span> shortcuts
      </span>
      <span data-testid="core-version">
        Podium {props.version ?? '…'}
        {props.schemaVersion !== null ? ` · schema ${props.schemaVersion}` : ''}
      </span>
      <Clock />
    </footer>
  );
}
