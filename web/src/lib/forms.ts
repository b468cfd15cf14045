import { type RefObject, useEffect } from 'react';
import { errorMessage, isApiError } from '#/lib/api/client';

export interface FormErrors {
  /** Errors to show beside a field, by the API's `field` name. */
  fields: Record<string, string>;
  /** An error about the whole form. */
  form: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, form: null };

/**
 * Splits an API failure into an inline field error (when the API names a field
 * the form shows) or a form-level message.
 */
export function formErrorsFrom(error: unknown, knownFields: readonly string[]): FormErrors {
  if (isApiError(error) && error.field && knownFields.includes(error.field)) {
    return { fields: { [error.field]: error.message }, form: null };
  }
  if (isApiError(error) && error.code === 'username_taken' && knownFields.includes('username')) {
    return { fields: { username: error.message }, form: null };
  }
  if (isApiError(error) && error.code === 'email_taken' && knownFields.includes('email')) {
    return { fields: { email: error.message }, form: null };
  }
  return { fields: {}, form: errorMessage(error) };
}

/** The first field with an error, in the form's order, to move focus to. */
export function firstErrorField(errors: FormErrors, order: readonly string[]): string | undefined {
  return order.find((name) => errors.fields[name]);
}

/** Moves focus to a form's control by name (after a failed submit). */
export function focusField(form: HTMLFormElement | null, name: string): void {
  const control = form?.elements.namedItem(name);
  if (control instanceof HTMLElement) control.focus();
}

/**
 * After a failed submit, focus goes to the first field at fault (or to `fallback`
 * for a form-level error) once the form is enabled again.
 */
export function useFocusOnError(
  formRef: RefObject<HTMLFormElement | null>,
  errors: FormErrors,
  order: readonly string[],
  fallback?: string,
): void {
  useEffect(() => {
    const field = firstErrorField(errors, order) ?? (errors.form ? fallback : undefined);
    if (field) focusField(formRef.current, field);
  }, [errors, order, fallback, formRef]);
}
