import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { errorMessage } from '#/lib/api/client';
import './toasts.css';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
  retry?: () => void;
}

interface ToastApi {
  show: (toast: Omit<Toast, 'id'>) => void;
  /** A failed action: its message, and a Retry button when `retry` is given. */
  error: (error: unknown, retry?: () => void) => void;
  info: (message: string) => void;
  dismiss: (id: number) => void;
}

const ToastContext = createContext<ToastApi | null>(null);
const ERROR_MS = 8000;
const INFO_MS = 4000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (toast: Omit<Toast, 'id'>) => {
      const id = nextId.current++;
      // Keep at most three on screen; the newest last.
      setToasts((list) => [...list.slice(-2), { ...toast, id }]);
      setTimeout(() => dismiss(id), toast.kind === 'error' ? ERROR_MS : INFO_MS);
    },
    [dismiss],
  );
  const api = useMemo<ToastApi>(
    () => ({
      show,
      dismiss,
      error: (error, retry) => show({ kind: 'error', message: errorMessage(error), retry }),
      info: (message) => show({ kind: 'info', message }),
    }),
    [show, dismiss],
  );

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="region" aria-label="Notifications from the app">
        <div aria-live="polite" aria-relevant="additions">
          {toasts.map((toast) => (
            <div
              key={toast.id}
              className={`toast toast--${toast.kind}`}
              role={toast.kind === 'error' ? 'alert' : 'status'}
            >
              <span className="toast__message">{toast.message}</span>
              {toast.retry && (
                <button
                  type="button"
                  className="toast__action"
                  onClick={() => {
                    dismiss(toast.id);
                    toast.retry?.();
                  }}
                >
                  Retry
                </button>
              )}
              <button
                type="button"
                className="toast__close"
                aria-label="Dismiss"
                onClick={() => dismiss(toast.id)}
              >
                ×
              </button>
            </div>
          ))}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const value = useContext(ToastContext);
  if (!value) throw new Error('useToast() outside ToastProvider');
  return value;
}
