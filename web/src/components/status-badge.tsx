import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = {
  SUBMITTED: 'blue',
  SHORTLISTED: 'violet',
  OFFERED: 'orange',
  ACCEPTED: 'green',
  COMPLETED: 'teal',
  REJECTED: 'red',
  WITHDRAWN: 'gray',
  DECLINED: 'gray',
  EXPIRED: 'gray',
  DRAFT: 'gray',
  PENDING_APPROVAL: 'yellow',
  OPEN: 'green',
  CLOSED: 'gray',
  ALLOCATED: 'teal',
  CANCELLED: 'red',
};

/** An application's or opportunity's status in words: a coloured border, dark text (AA contrast). */
export function StatusBadge({ status, kind }: { status: string; kind: 'application' | 'opportunity' }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status] ?? 'gray'} variant="outline" c="dark.9">
      {t(`status.${kind}.${status}`)}
    </Badge>
  );
}
