// For admins: every user's terminal sessions, and closing any of them. Admins cannot
// attach to or type into another user's session — only see that it runs, and end it.
import { XCircle } from 'lucide-react';
import { useCommand, useTopic } from '../../lib/hooks';
import { api } from '../../lib/transport';
import { relativeTime, utc } from '../../lib/format';
import { Dialog } from '../../components/Dialog';
import { Badge } from '../../components/Badge';
import { notify, reportError } from '../../app/toasts';

export function AllSessionsDialog(props: { onClose: () => void }) {
  const all = useCommand('terminals.list', { all: true });
  useTopic('terminals.sessions', {}, () => all.reload());
  const list = all.data?.sessions ?? [];
  async function close(id: string, owner: string) {
    try {
      await api.call('terminals.close', { sessionId: id });
      notify('success', `Closed ${owner}’s session ${id}`);
      all.reload();
    } catch (e) {
      reportError(e, 'Close session');
    }
  }
  return (
    <Dialog title="Everyone’s terminal sessions" onClose={props.onClose} wide>
      {list.length === 0 ? (
        <div className="empty">{all.loading ? 'Loading…' : 'No terminal session is open.'}</div>
      ) : (
        <table className="grid" aria-label="All terminal sessions">
          <thead>
            <tr>
              <th>User</th>
              <th>Session</th>
              <th>Target</th>
              <th>State</th>
              <th className="num">Output</th>
              <th>Opened</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id}>
                <td>
                  <b>{s.owner}</b>
                </td>
                <td className="mono">{s.id}</td>
                <td title={s.target}>{s.title}</td>
                <td>
                  <Badge tone={s.state === 'running' ? 'ok' : s.state === 'failed' ? 'bad' : 'neutral'}>{s.state}</Badge>
                  {s.detached && (
                    <Badge tone="warn" title="Nobody is reading its output">
                      detached
                    </Badge>
                  )}
                </td>
                <td className="num">{(s.bytesOut / 1024).toFixed(0)} KiB</td>
                <td title={utc(s.createdAt)}>{relativeTime(s.createdAt)}</td>
                <td style={{ textAlign: 'right' }}>
                  <button className="btn small danger" onClick={() => close(s.id, s.owner)} aria-label={`Close ${s.owner}’s session ${s.id}`}>
                    <XCircle size={13} /> Close
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
