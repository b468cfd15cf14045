import { type FormEvent, useCallback, useRef, useState } from 'react';
import { type FormErrors, formErrorsFrom, NO_ERRORS, useFocusOnError } from '#/lib/forms';

export interface ApiFormOptions<Values> {
  /** The form's field names in screen order: focus goes to the first one at fault. */
  fields: readonly string[];
  /** Focus for an error about the whole form (e.g. the password after a failed login). */
  focusOnFormError?: string;
  /** The values to send, read from the submitted form. */
  read: (data: FormData) => Values;
  /** The API's own rules, checked before sending: field name → message. */
  validate?: (values: Values) => Record<string, string>;
  /** Sends the values (usually a mutation's `mutate`), calling `onError` if the API refuses them. */
  send: (values: Values, onError: (error: unknown) => void) => void;
}

/**
 * The submit path the account forms share: read the form, check it locally, send
 * it, and show what went wrong — beside the field the API names, or for the whole
 * form — moving focus to it.
 */
export function useApiForm<Values>({
  fields,
  focusOnFormError,
  read,
  validate,
  send,
}: ApiFormOptions<Values>) {
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, errors, fields, focusOnFormError);

  const onSubmit = useCallback(
    (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const values = read(new FormData(event.currentTarget));
      const local = validate?.(values) ?? {};
      if (Object.keys(local).length > 0) {
        setErrors({ fields: local, form: null });
        return;
      }
      setErrors(NO_ERRORS);
      send(values, (error) => setErrors(formErrorsFrom(error, fields)));
    },
    [fields, read, validate, send],
  );

  return { formRef, errors, onSubmit };
}
