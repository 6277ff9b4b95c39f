// The VNF list of the Terminals area: every device with a console, grouped by tenant and
// service, with its state; one click opens its console. A filter narrows it by name,
// tenant, service or state.
import { useMemo, useState } from 'react';
import { Globe, Lock, Server, Shield } from 'lucide-react';
import { Badge } from '../../components/Badge';
import { groupConsoles, type ConsoleProfile } from './devices';
import './consoles.css';

const ICON = { vrouter: Server, vfirewall: Shield, vwebsecurity: Globe, enforcer: Lock } as const;
const KIND = { vrouter: 'vRouter', vfirewall: 'vFirewall', vwebsecurity: 'vWebSecurity', enforcer: 'IPsec enforcer' } as const;

function tone(state: string | null): 'ok' | 'bad' | 'warn' | 'neutral' {
  if (state === 'ACTIVE') return 'ok';
  if (state === 'ERROR') return 'bad';
  if (state === 'BUILD' || state === 'PLANNED' || state === 'DELETING') return 'warn';
  return 'neutral';
}

export function ConsoleList(props: { consoles: ConsoleProfile[]; onOpen: (p: ConsoleProfile) => void }) {
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const shown = f
      ? props.consoles.filter((p) => [p.name, p.tenantName, p.serviceName, p.state, KIND[p.consoleKind]].some((x) => x?.toLowerCase().includes(f)))
      : props.consoles;
    return groupConsoles(shown);
  }, [props.consoles, filter]);
  return (
    <aside className="term-consoles" aria-label="Device consoles">
      <div className="term-consoles-head">
        <h2>Device consoles</h2>
        <input
          type="search"
          placeholder="Filter consoles"
          aria-label="Filter consoles"
          title="By name, tenant, service, type or state"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      {props.consoles.length === 0 && <p className="term-consoles-empty">No VNF or enforcer is deployed yet.</p>}
      {props.consoles.length > 0 && groups.length === 0 && <p className="term-consoles-empty">Nothing matches “{filter}”.</p>}
      {groups.map((g) => (
        <section key={g.tenant} aria-label={g.tenant} className="term-consoles-tenant">
          <h3>{g.tenant}</h3>
          {g.services.map((s) => (
            <div key={s.service} role="group" aria-label={`${g.tenant} · ${s.service}`} className="term-consoles-service">
              <h4>{s.service}</h4>
              {s.consoles.map((p) => {
                const Icon = ICON[p.consoleKind];
                return (
                  <button
                    key={p.id}
                    className="term-console-row"
                    onClick={() => props.onOpen(p)}
                    aria-label={`Open the console of ${p.name}`}
                    title={`${KIND[p.consoleKind]} ${p.name}${p.detail ? ` — ${p.detail}` : ''}`}
                  >
                    <Icon size={14} />
                    <span className="term-console-name">{p.name}</span>
                    <Badge tone={tone(p.state)}>{p.state ?? '?'}</Badge>
                  </button>
                );
              })}
            </div>
          ))}
        </section>
      ))}
    </aside>
  );
}
