import { Center, Loader, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A page or part of one still loading. The words are text of the status region (read out), the
 * spinner is decoration: an aria-label on the spinner's plain element is not allowed (axe
 * aria-prohibited-attr, serious), which the browser tests met when a check ran while one showed.
 */
export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status">
      <Loader aria-hidden />
      <VisuallyHidden>{t('common.loading')}</VisuallyHidden>
    </Center>
  );
}
