import { Link } from 'react-router';
import { type ThemeChoice, useTheme } from '#/app/theme';
import { useToast } from '#/app/toasts';
import { Avatar } from '#/components/Avatar';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { useLogout, useLogoutAll, useMe } from '#/state/queries/session';
import { isModerator } from '#/state/queries/moderation';
import { ChangeEmailForm } from './ChangeEmailForm';
import { ChangePasswordForm } from './ChangePasswordForm';
import { DeleteAccountSection } from './DeleteAccountSection';
import { DataExportSection } from './DataExportSection';
import { HiddenWordsEditor } from './HiddenWordsEditor';
import { InstagramImport } from './InstagramImport';
import { LoginsList } from './LoginsList';
import { QuietList } from './QuietList';
import { TwoFactorSettings } from './TwoFactorSettings';
import './settings.css';

const THEMES: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'Automatic' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export default function SettingsScreen() {
  useDocumentTitle('Settings');
  const me = useMe();
  const { choice, setChoice } = useTheme();
  const logout = useLogout();
  const logoutAll = useLogoutAll();
  const toast = useToast();

  const signOut = (everywhere: boolean) => {
    const mutation = everywhere ? logoutAll : logout;
    mutation.mutate(undefined, { onError: (error) => toast.error(error, () => signOut(everywhere)) });
  };
  const busy = logout.isPending || logoutAll.isPending;

  return (
    <div className="page page--narrow">
      <h1 className="page__title">Settings</h1>

      <section className="settings-section" aria-labelledby="settings-account">
        <h2 id="settings-account" className="section-title">
          Account
        </h2>
        <div className="card settings-card">
          <Link to={`/u/${me.username}`} className="settings-row settings-row--profile">
            <Avatar user={me} size="md" />
            <span>
              <span className="strong block">{me.username}</span>
              <span className="muted small">{me.email}</span>
            </span>
          </Link>
          <Link to="/settings/profile" className="settings-row">
            Edit profile
          </Link>
          <Link to="/follow-requests" className="settings-row">
            Follow requests
          </Link>
          <Link to="/saved" className="settings-row">
            Saved
          </Link>
          {isModerator(me) && (
            <Link to="/moderation" className="settings-row">
              Moderation
            </Link>
          )}
        </div>
      </section>

      <section className="settings-section" aria-labelledby="settings-muted">
        <h2 id="settings-muted" className="section-title">
          Muted accounts
        </h2>
        <QuietList kind="mute" />
      </section>

      <section className="settings-section" aria-labelledby="settings-restricted">
        <h2 id="settings-restricted" className="section-title">
          Restricted accounts
        </h2>
        <QuietList kind="restrict" />
      </section>

      <section className="settings-section" aria-labelledby="settings-hidden-words">
        <h2 id="settings-hidden-words" className="section-title">
          Hidden words
        </h2>
        <HiddenWordsEditor />
      </section>

      <section className="settings-section" aria-labelledby="settings-email">
        <h2 id="settings-email" className="section-title">
          Email address
        </h2>
        <ChangeEmailForm />
      </section>

      <section className="settings-section" aria-labelledby="settings-password">
        <h2 id="settings-password" className="section-title">
          Change password
        </h2>
        <ChangePasswordForm />
      </section>

      <section className="settings-section" aria-labelledby="settings-logins">
        <h2 id="settings-logins" className="section-title">
          Where you’re logged in
        </h2>
        <LoginsList />
      </section>

      <section className="settings-section" aria-labelledby="settings-two-factor">
        <h2 id="settings-two-factor" className="section-title">
          Two-factor authentication
        </h2>
        <TwoFactorSettings />
      </section>

      <section className="settings-section" aria-labelledby="settings-data-export">
        <h2 id="settings-data-export" className="section-title">
          Download your information
        </h2>
        <DataExportSection />
      </section>

      <section className="settings-section" aria-labelledby="settings-import">
        <h2 id="settings-import" className="section-title">
          Import from Instagram
        </h2>
        <InstagramImport />
      </section>

      <section className="settings-section" aria-labelledby="settings-delete">
        <h2 id="settings-delete" className="section-title">
          Delete account
        </h2>
        <DeleteAccountSection />
      </section>

      <section className="settings-section" aria-labelledby="settings-appearance">
        <h2 id="settings-appearance" className="section-title">
          Appearance
        </h2>
        <fieldset className="card settings-card segmented">
          <legend className="visually-hidden">Theme</legend>
          {THEMES.map((theme) => (
            <label
              key={theme.value}
              className={`segmented__option${choice === theme.value ? ' is-checked' : ''}`}
            >
              <input
                type="radio"
                name="theme"
                value={theme.value}
                checked={choice === theme.value}
                onChange={() => setChoice(theme.value)}
              />
              {theme.label}
            </label>
          ))}
        </fieldset>
      </section>

      <section className="settings-section" aria-labelledby="settings-login">
        <h2 id="settings-login" className="section-title">
          Login
        </h2>
        <div className="card settings-card">
          <button
            type="button"
            className="settings-row settings-row--danger"
            disabled={busy}
            onClick={() => signOut(false)}
          >
            {logout.isPending ? 'Logging out…' : 'Log out'}
          </button>
          <button
            type="button"
            className="settings-row settings-row--danger"
            disabled={busy}
            onClick={() => signOut(true)}
          >
            {logoutAll.isPending ? 'Logging out everywhere…' : 'Log out of all devices'}
          </button>
        </div>
      </section>
    </div>
  );
}
