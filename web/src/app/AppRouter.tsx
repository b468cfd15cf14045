import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
  useTransition,
} from 'react';
import { type Blocker, type BlockerFunction, Router } from 'react-router';
import type { AppHistory, HistoryUpdate } from './history';

const HistoryContext = createContext<AppHistory | null>(null);
const PendingContext = createContext(false);

/**
 * React Router's plain <Router> on the app's own history (app/history.ts): what
 * <BrowserRouter> does, plus the leave guard's blocker. It replaces the data router
 * (createBrowserRouter), which the app used for useBlocker alone and which cost
 * 16.5 KB gzip of script and its set-up on every first render. Navigations render
 * in a transition, as both of React Router's routers do.
 */
export function AppRouter({ history, children }: { history: AppHistory; children: ReactNode }) {
  const [update, setUpdate] = useState<HistoryUpdate>(() => ({
    action: history.action,
    location: history.location,
  }));
  // While the next screen loads (a lazy screen's chunk), the transition keeps the
  // last one on screen: `pending` lets the frame say that something is coming.
  const [pending, startNavigation] = useTransition();
  // As <BrowserRouter>: subscribed before any child's passive effect can navigate (<Navigate>).
  useLayoutEffect(() => history.listen((next) => startNavigation(() => setUpdate(next))), [history]);
  return (
    <HistoryContext value={history}>
      <PendingContext value={pending}>
        <Router location={update.location} navigationType={update.action} navigator={history}>
          {children}
        </Router>
      </PendingContext>
    </HistoryContext>
  );
}

/** Whether a navigation has started and its screen is not rendered yet. */
export function useNavigationPending(): boolean {
  return useContext(PendingContext);
}

/**
 * React Router's useBlocker for the app's router: while mounted, every navigation
 * asks `shouldBlock` (read when the navigation starts); a blocked one waits in the
 * returned blocker ('blocked': proceed() or reset() it).
 */
export function useNavigationBlocker(shouldBlock: BlockerFunction): Blocker {
  const history = useContext(HistoryContext);
  if (!history) throw new Error('useNavigationBlocker() outside <AppRouter>');
  const latest = useRef(shouldBlock);
  useLayoutEffect(() => {
    latest.current = shouldBlock;
  });
  useEffect(() => history.block((args) => latest.current(args)), [history]);
  return useSyncExternalStore(history.subscribeBlocker, history.getBlocker);
}
