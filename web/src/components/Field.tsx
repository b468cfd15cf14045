import { type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes, useId } from 'react';

interface FieldShell {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
}

type InputProps = FieldShell & { multiline?: false } & InputHTMLAttributes<HTMLInputElement>;
type AreaProps = FieldShell & { multiline: true } & TextareaHTMLAttributes<HTMLTextAreaElement>;

/**
 * A labelled control with its hint and inline error (the error is announced, and
 * both are linked by aria-describedby): an input, or a textarea with `multiline`.
 */
export function Field(props: InputProps | AreaProps) {
  const autoId = useId();
  // One bag of control props: the union's two halves differ only in the element they go on.
  const { label, error, hint, className, multiline, id, ...control } = props as FieldShell & {
    multiline?: boolean;
  } & InputHTMLAttributes<HTMLInputElement> &
    TextareaHTMLAttributes<HTMLTextAreaElement>;
  const inputId = id ?? autoId;
  const describedBy = [hint ? `${inputId}-hint` : '', error ? `${inputId}-error` : '']
    .filter(Boolean)
    .join(' ');
  const shared = {
    id: inputId,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  } as const;
  const element = multiline ? (
    <textarea className="field__input field__input--area" {...shared} {...control} />
  ) : (
    <input className="field__input" {...shared} {...control} />
  );
  return (
    <div className={`field${error ? ' field--error' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field__label" htmlFor={inputId}>
        {label}
      </label>
      {element}
      {hint && (
        <p id={`${inputId}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${inputId}-error`} className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** An error about the whole form (not one field). */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
