import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type ComponentType, type ReactElement, lazy, Suspense } from 'react';
import { Link, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { AppRouter } from '#/app/AppRouter';
import { AppHistory } from '#/app/history';
import { NavigationProgress } from './NavigationProgress';

let mounted: AppHistory | undefined;
afterEach(() => {
  mounted?.dispose();
  mounted = undefined;
});

/** A screen whose code arrives when the test says so, as a lazy chunk on a slow link does. */
function slowScreen() {
  let arrive: () => void = () => {};
  const loaded = new Promise<{ default: () => ReactElement }>((resolve) => {
    arrive = () => resolve({ default: () => <p>slow screen</p> });
  });
  return { Screen: lazy(() => loaded), arrive: () => act(async () => arrive()) };
}

function renderApp(Slow: ComponentType) {
  window.history.replaceState(null, '', '/');
  const history = new AppHistory(window);
  mounted = history;
  render(
    <AppRouter history={history}>
      <NavigationProgress />
      <Suspense fallback={<p>first load</p>}>
        <Routes>
          <Route path="/" element={<Link to="/slow">Go</Link>} />
          <Route path="/slow" element={<Slow />} />
        </Routes>
      </Suspense>
    </AppRouter>,
  );
  return history;
}

describe('NavigationProgress', () => {
  it('shows while the next screen loads, over the screen being left, and goes when it is there', async () => {
    const { Screen, arrive } = slowScreen();
    renderApp(Screen);
    expect(screen.queryByRole('progressbar')).toBeNull();

    await userEvent.click(screen.getByRole('link', { name: 'Go' }));
    expect(screen.getByRole('progressbar', { name: 'Loading the page' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go' })).toBeTruthy();

    await arrive();
    expect(await screen.findByText('slow screen')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('is not there for a navigation whose screen is ready', async () => {
    renderApp(() => <p>ready screen</p>);
    await userEvent.click(screen.getByRole('link', { name: 'Go' }));
    expect(screen.getByText('ready screen')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });
});
