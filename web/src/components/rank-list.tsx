import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { ActionIcon, Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './rank-list.module.css';

export interface RankItem {
  id: string;
  title: string;
}

/** The list with the item at `from` moved to `to` (both 0-based); out of range: unchanged. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= items.length || to < 0 || to >= items.length || from === to) return [...items];
  return arrayMove([...items], from, to);
}

interface RankListProps<T extends RankItem> {
  /** Names the list for screen readers, e.g. "Your choices, most wanted first". */
  label: string;
  items: T[];
  onChange: (items: T[]) => void;
  renderDetail?: (item: T) => ReactNode;
  /** When given, each item has a remove button. */
  onRemove?: (item: T) => void;
}

/**
 * A ranking to reorder three ways: drag with a pointer, the keyboard (focus an item, Space to pick it
 * up, arrows to move, Space to drop, Escape to cancel; dnd-kit announces each step), or the move up /
 * down buttons (a single-pointer alternative to dragging, WCAG 2.2 2.5.7).
 */
export function RankList<T extends RankItem>({
  label,
  items,
  onChange,
  renderDetail,
  onRemove,
}: RankListProps<T>) {
  const { t } = useTranslation();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const position = (id: string | number) => items.findIndex((item) => item.id === id) + 1;
  const title = (id: string | number) => items.find((item) => item.id === id)?.title ?? '';
  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      t('rank.pickedUp', { title: title(active.id), position: position(active.id), total: items.length }),
    onDragOver: ({ active, over }) =>
      over
        ? t('rank.movedTo', { title: title(active.id), position: position(over.id), total: items.length })
        : undefined,
    onDragEnd: ({ active, over }) =>
      over
        ? t('rank.dropped', { title: title(active.id), position: position(over.id), total: items.length })
        : undefined,
    onDragCancel: ({ active }) =>
      t('rank.cancelled', { title: title(active.id), position: position(active.id) }),
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    onChange(moveItem(items, position(active.id) - 1, position(over.id) - 1));
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('rank.instructions') } }}
    >
      <SortableContext items={items.map((item) => item.id)} strategy={verticalListSortingStrategy}>
        <ol aria-label={label} className={classes.list}>
          {items.map((item, index) => (
            <SortableRow
              key={item.id}
              item={item}
              index={index}
              total={items.length}
              detail={renderDetail?.(item)}
              onMove={(to) => onChange(moveItem(items, index, to))}
              onRemove={onRemove ? () => onRemove(item) : undefined}
            />
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}

function SortableRow<T extends RankItem>({
  item,
  index,
  total,
  detail,
  onMove,
  onRemove,
}: {
  item: T;
  index: number;
  total: number;
  detail: ReactNode;
  onMove: (to: number) => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: item.id,
  });
  return (
    <li
      ref={setNodeRef}
      className={classes.item}
      data-dragging={isDragging || undefined}
      style={{ transform: CSS.Transform.toString(transform), transition }}
    >
      <Paper withBorder p="xs">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <div
            className={classes.handle}
            {...attributes}
            {...listeners}
            aria-roledescription={t('rank.roleDescription')}
            aria-label={t('rank.itemLabel', { position: index + 1, title: item.title })}
          >
            <Text span fw={700} className={classes.position} aria-hidden>
              {index + 1}.
            </Text>
            <Text span>{item.title}</Text>
            {detail}
          </div>
          <Group gap={4} wrap="nowrap">
            <ActionIcon
              variant="default"
              aria-label={t('rank.moveUp', { title: item.title })}
              disabled={index === 0}
              onClick={() => onMove(index - 1)}
            >
              <span aria-hidden>↑</span>
            </ActionIcon>
            <ActionIcon
              variant="default"
              aria-label={t('rank.moveDown', { title: item.title })}
              disabled={index === total - 1}
              onClick={() => onMove(index + 1)}
            >
              <span aria-hidden>↓</span>
            </ActionIcon>
            {onRemove && (
              <ActionIcon
                variant="default"
                aria-label={t('rank.remove', { title: item.title })}
                onClick={onRemove}
              >
                <span aria-hidden>×</span>
              </ActionIcon>
            )}
          </Group>
        </Group>
      </Paper>
    </li>
  );
}
