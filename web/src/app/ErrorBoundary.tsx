import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** Changing it (e.g. the location) clears a caught error. */
  resetKey?: unknown;
}

interface State {
  error: Error | null;
  resetKey: unknown;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (props.resetKey !== state.resetKey) return { error: null, resetKey: props.resetKey };
    return null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // A lazily loaded screen whose chunk disappeared after a deploy: a reload fetches the new one.
    if (/dynamically imported module|Importing a module script failed/i.test(error.message)) return;
    console.warn('Screen crashed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    const stale = /dynamically imported module|Importing a module script failed/i.test(
      this.state.error.message,
    );
    return (
      <div className="screen-error" role="alert">
        <h1 className="screen-error__title">{stale ? 'Lenslet was updated' : 'Something went wrong'}</h1>
        <p className="muted">
          {stale ? 'Reload to get the latest version.' : 'This screen could not be shown. Try again.'}
        </p>
        <div className="row-gap">
          <button type="button" className="btn btn--primary" onClick={() => window.location.reload()}>
            Reload
          </button>
          {!stale && (
            <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
              Try again
            </button>
          )}
        </div>
      </div>
    );
  }
}
