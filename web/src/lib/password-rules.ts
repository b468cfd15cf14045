// The API's rules for a new password (shared/API.md "Accounts"), told before
// asking the server. Lengths count code points, as the server does
// (server/core/utf8): four emoji are four characters, not eight.
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** What is wrong with `password` as a new password, if anything. */
export function passwordProblem(password: string, username?: string): string | undefined {
  if (!password) return 'Choose a password.';
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (username && password.toLowerCase() === username.toLowerCase()) {
    return 'Your password cannot be your username.';
  }
  return undefined;
}

/**
 * A new password typed twice: the problems of each, under the form's own
 * field names (the API names the first; the confirmation is ours).
 */
export function newPasswordErrors(
  values: { password: string; confirmation: string },
  names: { password: string; confirmation: string },
): Record<string, string> {
  const errors: Record<string, string> = {};
  const problem = passwordProblem(values.password);
  if (problem) errors[names.password] = problem;
  if (values.password && values.confirmation !== values.password) {
    errors[names.confirmation] = 'The two passwords do not match.';
  }
  return errors;
}
