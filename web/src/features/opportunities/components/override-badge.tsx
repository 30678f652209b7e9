import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * On a recommendation HR lets the candidate apply to although not eligible: said in words (the fit
 * explanation on the opportunity page gives HR's reason), a coloured border with dark text.
 */
export function OverrideBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="teal" variant="outline" c="dark.9" data-testid="override-badge">
      {t('fit.overrideBadge')}
    </Badge>
  );
}
