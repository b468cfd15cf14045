// Signing up through the web app, as a person would.
export const PASSWORD = 'correct horse battery';

export async function signUp(person, username, displayName, { timeout = 10_000 } = {}) {
  const { page } = person;
  await page.goto('/signup');
  await page.getByLabel('Email').fill(`${username}@example.org`);
  await page.getByLabel('Full name').fill(displayName);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  try {
    await page.getByRole('heading', { name: new RegExp(`Welcome to Lenslet, ${displayName}`) }).waitFor({ timeout });
  } catch (error) {
    const alerts = await page.getByRole('alert').allTextContents().catch(() => []);
    throw new Error(`${error.message}\nat ${page.url()}; alerts: ${JSON.stringify(alerts)}; failed: ${JSON.stringify(person.failed)}`);
  }
}
