// Readable notifications. Errors from the core arrive as ApiError: the toast shows what
// failed in words, with the code for whoever reads the log.
import { useEffect, useState } from 'react';
import { X, AlertTriangle, CheckCircle2, Info } from 'lucide-react';
import { ApiError } from '../../../core/api/errors';

export type ToastKind = 'error' | 'success' | 'info';
interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  message?: string;
}

let nextId = 1;
let toasts: Toast[] = [];
const listeners = new Set<(t: Toast[]) => void>();
const emit = () => listeners.forEach((l) => l(toasts));

function dismiss(id: number) {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function notify(kind: ToastKind, title: string, message?: string): void {
  const id = nextId++;
  toasts = [...toasts.slice(-4), message === undefined ? { id, kind, title } : { id, kind, title, message }];
  emit();
  setTimeout(() => dismiss(id), kind === 'error' ? 9000 : 4000);
}

const TITLES: Partial<Record<string, string>> = {
  FORBIDDEN: 'Not allowed',
  UNAUTHENTICATED: 'Session ended',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Cannot do that now',
  BAD_INPUT: 'Check the input',
  RATE_LIMITED: 'Too many attempts',
  RESOURCE_EXHAUSTED: 'Not enough capacity',
  UNAVAILABLE: 'Core unavailable',
  INTERNAL: 'Something went wrong in the core',
};

let unauthenticated: (() => void) | null = null;
/** Where an expired session sends the user (the app sets it). */
export function onUnauthenticated(h: () => void): void {
  unauthenticated = h;
}

/** Show an error as a toast (a lost session returns to the login page instead). */
export function reportError(e: unknown, what?: string): void {
  if (e instanceof ApiError) {
    if (e.code === 'UNAUTHENTICATED' && unauthenticated) return unauthenticated();
    notify('error', what ? `${what}: ${TITLES[e.code] ?? e.code}` : (TITLES[e.code] ?? e.code), `${e.message} (${e.code})`);
    return;
  }
  notify('error', what ?? 'Error', e instanceof Error ? e.message : String(e));
}

const ICONS = { error: AlertTriangle, success: CheckCircle2, info: Info };

export function Toasts() {
  const [list, setList] = useState<Toast[]>(toasts);
  useEffect(() => {
    listeners.add(setList);
    return () => void listeners.delete(setList);
  }, []);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {list.map((t) => {
        const Icon = ICONS[t.kind];
        return (
          <div key={t.id} className={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined}>
            <Icon size={18} color={t.kind === 'error' ? 'var(--bad)' : t.kind === 'success' ? 'var(--ok)' : 'var(--info)'} />
            <div className="body">
              <div className="title">{t.title}</div>
              {t.message && <div className="msg">{t.message}</div>}
            </div>
            <button className="btn ghost small icon" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              <X size={14} />
            </button>
          </div>
        );
      })}
    </div>
  );
}
