import { describe, expect, it } from 'vitest';
import { newPasswordErrors, passwordProblem } from './password-rules';

describe('password rules', () => {
  it('counts characters as the server does: code points, not UTF-16 units', () => {
    expect(passwordProblem('🐇🐇🐇🐇')).toBe('Use at least 8 characters.'); // 8 UTF-16 units, 4 characters
    expect(passwordProblem('🐇🐇🐇🐇🐇🐇🐇🐇')).toBeUndefined();
    expect(passwordProblem('x'.repeat(129))).toBe('Use at most 128 characters.');
  });

  it('refuses the username as the password, whatever the case', () => {
    expect(passwordProblem('Ada.Lovelace', 'ada.lovelace')).toBe('Your password cannot be your username.');
  });

  it("puts each problem under the form's own field names", () => {
    const names = { password: 'newPassword', confirmation: 'confirmPassword' };
    expect(newPasswordErrors({ password: '', confirmation: '' }, names)).toEqual({
      newPassword: 'Choose a password.',
    });
    expect(newPasswordErrors({ password: 'long enough', confirmation: 'long enougH' }, names)).toEqual({
      confirmPassword: 'The two passwords do not match.',
    });
  });
});
