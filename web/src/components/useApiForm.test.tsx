import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '#/lib/api/client';
import { Field, FormError } from './Field';
import { useApiForm } from './useApiForm';

interface Values {
  name: string;
  website: string;
}

/** A two-field form on the hook, sending through `send`. */
function TestForm({ send }: { send: (values: Values, onError: (error: unknown) => void) => void }) {
  const { formRef, errors, onSubmit } = useApiForm({
    fields: ['name', 'website'],
    focusOnFormError: 'name',
    read: (data) => ({
      name: String(data.get('name') ?? '').trim(),
      website: String(data.get('website') ?? ''),
    }),
    validate: (values): Record<string, string> => (values.name ? {} : { name: 'Enter a name.' }),
    send,
  });
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <Field label="Name" name="name" error={errors.fields.name} />
      <Field label="Website" name="website" error={errors.fields.website} hint="Optional" />
      <FormError message={errors.form} />
      <button type="submit">Save</button>
    </form>
  );
}

describe('useApiForm', () => {
  it('checks locally first: nothing is sent, the message is beside the field, focus goes there', async () => {
    const send = vi.fn();
    render(<TestForm send={send} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(send).not.toHaveBeenCalled();
    const name = screen.getByLabelText('Name');
    expect(screen.getByRole('alert').textContent).toBe('Enter a name.');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toBe(`${name.id}-error`);
    expect(document.activeElement).toBe(name);
  });

  it('sends the values it read, trimmed, and clears an earlier error', async () => {
    const send = vi.fn();
    render(<TestForm send={send} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await userEvent.type(screen.getByLabelText('Name'), '  Ada ');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(send).toHaveBeenCalledWith({ name: 'Ada', website: '' }, expect.any(Function));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('puts an API error that names a field beside that field, and focuses it', async () => {
    render(
      <TestForm
        send={(_values, onError) => onError(new ApiError(422, 'invalid_value', 'Not a link.', 'website'))}
      />,
    );
    await userEvent.type(screen.getByLabelText('Name'), 'Ada');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const website = screen.getByLabelText('Website');
    expect(await screen.findByText('Not a link.')).toBeTruthy();
    expect(website.getAttribute('aria-invalid')).toBe('true');
    // The hint and the error both describe the field.
    expect(website.getAttribute('aria-describedby')).toBe(`${website.id}-hint ${website.id}-error`);
    expect(document.activeElement).toBe(website);
  });

  it('shows any other failure for the whole form and focuses the fallback field', async () => {
    render(<TestForm send={(_values, onError) => onError(new ApiError(500, 'internal', 'boom'))} />);
    await userEvent.type(screen.getByLabelText('Name'), 'Ada');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Something went wrong on our side. Try again.',
    );
    expect(document.activeElement).toBe(screen.getByLabelText('Name'));
  });
});

describe('Field', () => {
  it('is a textarea with `multiline`, labelled, with its hint', () => {
    render(<Field multiline label="Bio" hint="0 / 150" rows={3} defaultValue="hi" />);
    const bio = screen.getByLabelText('Bio');
    expect(bio.tagName).toBe('TEXTAREA');
    expect(bio.className).toBe('field__input field__input--area');
    expect(bio.getAttribute('aria-describedby')).toBe(`${bio.id}-hint`);
    expect(bio.hasAttribute('multiline')).toBe(false);
  });
});
