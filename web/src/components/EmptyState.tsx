import type { ReactNode } from 'react';
import './EmptyState.css';

export function EmptyState({
  icon,
  title,
  children,
}: {
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className="empty">
      {icon && <div className="empty__icon">{icon}</div>}
      <h2 className="empty__title">{title}</h2>
      {children && <div className="empty__body">{children}</div>}
    </div>
  );
}
