import { cloneElement, isValidElement, useId, type ReactElement } from 'react';

/**
 * A labelled form field with an optional hint and its error (from the core's field-level
 * issues). The label names the control; the hint and the error describe it.
 */
export function Field(props: { label: string; hint?: string | undefined; error?: string | null | undefined; children: ReactElement<Record<string, unknown>> }) {
  const id = useId();
  const noteId = `${id}-note`;
  const note = props.error ? (
    <span id={noteId} className="error" role="alert">
      {props.error}
    </span>
  ) : props.hint ? (
    <span id={noteId} className="hint">
      {props.hint}
    </span>
  ) : null;
  const control = isValidElement(props.children)
    ? cloneElement(props.children, {
        id,
        'aria-describedby': note ? noteId : undefined,
        'aria-invalid': props.error ? true : props.children.props['aria-invalid'],
      })
    : props.children;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {control}
      {note}
    </div>
  );
}

/** A form's error that belongs to none of its fields. */
export function FormError(props: { message: string | null | undefined }) {
  return props.message ? (
    <div className="alert bad" role="alert">
      {props.message}
    </div>
  ) : null;
}
