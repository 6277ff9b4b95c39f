import { useEffect, useRef, type ReactNode } from 'react';
import { X } from 'lucide-react';

/** A modal dialog: Escape closes it, focus stays inside, and returns where it was. */
export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; footer?: ReactNode; wide?: boolean; label?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const { onClose } = props;
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const el = ref.current;
    const first = el?.querySelector<HTMLElement>('input, select, textarea, button:not(.dialog-close)');
    (first ?? el)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
      if (e.key === 'Tab' && el) {
        const items = [...el.querySelectorAll<HTMLElement>('input, select, textarea, button, [tabindex="0"]')].filter((x) => !x.hasAttribute('disabled'));
        if (items.length === 0) return;
        const i = items.indexOf(document.activeElement as HTMLElement);
        if (e.shiftKey && i <= 0) {
          e.preventDefault();
          items[items.length - 1]?.focus();
        } else if (!e.shiftKey && i === items.length - 1) {
          e.preventDefault();
          items[0]?.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      before?.focus?.();
    };
  }, [onClose]);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`dialog${props.wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-label={props.label ?? props.title} ref={ref} tabIndex={-1}>
        <div className="dialog-head">
          <h2>{props.title}</h2>
          <button className="btn ghost small icon dialog-close" aria-label="Close" onClick={onClose}>
            <X size={16} />
          </button>
        </div>
        <div className="dialog-body">{props.children}</div>
        {props.footer && <div className="dialog-foot">{props.footer}</div>}
      </div>
    </div>
  );
}

/** The footer of a dialog that holds a form: Cancel, and the button that submits the form with id `form`. */
export function FormButtons(props: { form: string; onCancel: () => void; disabled?: boolean; children: ReactNode }) {
  return (
    <>
      <button className="btn" onClick={props.onCancel}>
        Cancel
      </button>
      <button className="btn primary" type="submit" form={props.form} disabled={props.disabled}>
        {props.children}
      </button>
    </>
  );
}
