import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { moveItem, RankList, type RankItem } from './rank-list';

const ITEMS: RankItem[] = [
  { id: 'a', title: 'Vaccine assay internship' },
  { id: 'b', title: 'Regulatory writing' },
  { id: 'c', title: 'Bioinformatics project' },
];

function Harness({ onChange }: { onChange: (items: RankItem[]) => void }) {
  const [items, setItems] = useState(ITEMS);
  return (
    <RankList
      label="Your choices"
      items={items}
      onChange={(next) => {
        setItems(next);
        onChange(next);
      }}
    />
  );
}

const order = () =>
  within(screen.getByRole('list', { name: 'Your choices' }))
    .getAllByRole('listitem')
    .map((li) =>
      li.textContent
        ?.replace(/^\d+\.\s*/, '')
        .replace(/[↑↓]/g, '')
        .trim(),
    );

describe('moveItem', () => {
  it('moves an item and leaves the others in order', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
  });

  it('changes nothing for a move out of range', () => {
    expect(moveItem(['a', 'b'], 0, 2)).toEqual(['a', 'b']);
    expect(moveItem(['a', 'b'], -1, 0)).toEqual(['a', 'b']);
  });
});

describe('RankList', () => {
  it('reorders with the move buttons and reports the new order', async () => {
    const onChange = vi.fn();
    await renderWithProviders(<Harness onChange={onChange} />);
    expect(order()).toEqual(['Vaccine assay internship', 'Regulatory writing', 'Bioinformatics project']);

    await userEvent.click(screen.getByRole('button', { name: 'Move Bioinformatics project up' }));
    expect(order()).toEqual(['Vaccine assay internship', 'Bioinformatics project', 'Regulatory writing']);
    expect(onChange).toHaveBeenLastCalledWith([ITEMS[0], ITEMS[2], ITEMS[1]]);

    await userEvent.click(screen.getByRole('button', { name: 'Move Vaccine assay internship down' }));
    expect(order()).toEqual(['Bioinformatics project', 'Vaccine assay internship', 'Regulatory writing']);
  });

  it('cannot move the first item up or the last one down', async () => {
    await renderWithProviders(<Harness onChange={() => {}} />);
    expect(screen.getByRole('button', { name: 'Move Vaccine assay internship up' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Move Bioinformatics project down' })).toBeDisabled();
  });

  it('names each item with its position and explains the keyboard, in Dutch too', async () => {
    await renderWithProviders(<Harness onChange={() => {}} />, 'nl');
    expect(screen.getByRole('button', { name: '1. Vaccine assay internship' })).toHaveAttribute(
      'aria-roledescription',
      'sorteerbaar item',
    );
    expect(screen.getByText(/Spatiebalk/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Regulatory writing omhoog' })).toBeEnabled();
  });
});
