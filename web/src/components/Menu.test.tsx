import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '#/test/utils';
import { Menu } from './Menu';

describe('Menu', () => {
  it('opens on click with focus on the first item, moves with the arrows, and acts on a choice', async () => {
    const mute = vi.fn();
    const report = vi.fn();
    renderWithProviders(
      <Menu
        label="More options for bob"
        items={[
          { label: 'Mute', onSelect: mute },
          { label: 'Report', onSelect: report, danger: true },
        ]}
      />,
    );
    const button = screen.getByRole('button', { name: 'More options for bob' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('menu')).toBeNull();

    await userEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Mute' }));
    await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Report' }));
    await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Mute' }));
    await userEvent.keyboard('{ArrowUp}{Enter}');

    expect(report).toHaveBeenCalledTimes(1);
    expect(mute).not.toHaveBeenCalled();
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('closes on Escape (focus back on its button) and on a click outside, choosing nothing', async () => {
    const chosen = vi.fn();
    renderWithProviders(
      <>
        <Menu label="More options" items={[{ label: 'Report', onSelect: chosen }]} />
        <p>elsewhere</p>
      </>,
    );
    const button = screen.getByRole('button', { name: 'More options' });
    await userEvent.click(button);
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);

    await userEvent.click(button);
    await userEvent.click(screen.getByText('elsewhere'));
    expect(screen.queryByRole('menu')).toBeNull();
    expect(chosen).not.toHaveBeenCalled();
  });
});
