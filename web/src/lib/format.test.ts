import { describe, expect, it } from 'vitest';
import { ApiError } from './api/client';
import { compactCount, relativeTime } from './format';
import { firstErrorField, formErrorsFrom } from './forms';

describe('format', () => {
  it('compacts counts as profiles show them', () => {
    expect(compactCount(0)).toBe('0');
    expect(compactCount(999)).toBe('999');
    expect(compactCount(1000)).toBe('1,000');
    expect(compactCount(1005)).toBe('1,005');
    expect(compactCount(9999)).toBe('9,999');
    expect(compactCount(12_345)).toBe('12.3K');
    expect(compactCount(1_000_000)).toBe('1M');
    expect(compactCount(2_460_000)).toBe('2.4M');
  });

  it('shows short relative times', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(relativeTime('2026-11-25T11:59:30Z', now)).toBe('now');
    expect(relativeTime('2026-11-25T11:55:00Z', now)).toBe('5m');
    expect(relativeTime('2026-11-25T09:00:00Z', now)).toBe('3h');
    expect(relativeTime('2026-11-23T12:00:00Z', now)).toBe('2d');
    expect(relativeTime('2026-11-04T12:00:00Z', now)).toBe('3w');
    expect(relativeTime('2025-03-02T12:00:00Z', now)).toBe('Mar 2, 2025');
    expect(relativeTime('2024-12-31T12:00:00Z', now)).toBe('Dec 31, 2024');
  });
});

describe('form errors', () => {
  it('puts an API error with a known field beside that field', () => {
    const errors = formErrorsFrom(new ApiError(422, 'invalid_value', 'Too long', 'bio'), [
      'displayName',
      'bio',
    ]);
    expect(errors).toEqual({ fields: { bio: 'Too long' }, form: null });
    expect(firstErrorField(errors, ['displayName', 'bio'])).toBe('bio');
  });

  it('maps username_taken and email_taken even without a field', () => {
    expect(formErrorsFrom(new ApiError(409, 'username_taken', 'Taken'), ['username']).fields).toEqual({
      username: 'Taken',
    });
    expect(formErrorsFrom(new ApiError(409, 'email_taken', 'Used'), ['email']).fields).toEqual({
      email: 'Used',
    });
  });

  it('shows anything else for the whole form', () => {
    expect(formErrorsFrom(new ApiError(401, 'invalid_credentials', 'Wrong password'), ['login'])).toEqual({
      fields: {},
      form: 'Wrong password',
    });
    expect(formErrorsFrom(new Error('boom'), []).form).toMatch(/Something went wrong/);
  });
});
