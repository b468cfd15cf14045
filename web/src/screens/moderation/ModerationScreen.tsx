import { Link, useSearchParams } from 'react-router';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { isAdmin, isModerator } from '#/state/queries/moderation';
import { useMe } from '#/state/queries/session';
import NotFoundScreen from '../NotFoundScreen';
import { AuditLog } from './AuditLog';
import { Invites } from './Invites';
import { PendingAccounts } from './PendingAccounts';
import { ReportQueue } from './ReportQueue';
import './moderation.css';

type Tab = 'reports' | 'resolved' | 'sign-ups' | 'invites' | 'audit';

const TABS: { id: Tab; label: string; adminOnly: boolean }[] = [
  { id: 'reports', label: 'Reports', adminOnly: false },
  { id: 'resolved', label: 'Resolved', adminOnly: false },
  { id: 'sign-ups', label: 'Sign-ups', adminOnly: false },
  { id: 'invites', label: 'Invites', adminOnly: true },
  { id: 'audit', label: 'Audit log', adminOnly: true },
];

/**
 * /moderation, for moderators and admins only: to everyone else it does not exist
 * (the API answers them 404 too). The sections are links (?tab=), so each has an
 * address and the back button works.
 */
export default function ModerationScreen() {
  const me = useMe();
  const [params] = useSearchParams();
  const admin = isAdmin(me);
  const tabs = TABS.filter((tab) => admin || !tab.adminOnly);
  const asked = params.get('tab');
  const tab = tabs.find((t) => t.id === asked) ?? tabs[0];
  useDocumentTitle(`Moderation${tab && tab.id !== 'reports' ? ` · ${tab.label}` : ''}`);

  if (!isModerator(me) || !tab) return <NotFoundScreen />;

  return (
    <div className="page page--narrow mod">
      <h1 className="page__title">Moderation</h1>
      <nav className="mod-tabs" aria-label="Moderation sections">
        <ul>
          {tabs.map((t) => (
            <li key={t.id}>
              <Link
                to={t.id === 'reports' ? '/moderation' : `/moderation?tab=${t.id}`}
                className={`mod-tabs__tab${t.id === tab.id ? ' is-current' : ''}`}
                aria-current={t.id === tab.id ? 'page' : undefined}
              >
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-label={tab.label}>
        {tab.id === 'reports' && <ReportQueue status="open" />}
        {tab.id === 'resolved' && <ReportQueue status="resolved" />}
        {tab.id === 'sign-ups' && <PendingAccounts />}
        {tab.id === 'invites' && <Invites />}
        {tab.id === 'audit' && <AuditLog />}
      </section>
    </div>
  );
}
