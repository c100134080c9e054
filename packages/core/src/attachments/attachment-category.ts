import { AppError } from '@custodia/contracts';
import { ATTACHMENT_CATEGORY_KEYS, type AttachmentCategory, DEFAULT_ATTACHMENT_CATEGORY, isAttachmentCategory } from '@custodia/domain';

/**
 * The category a request names, `other` when it names none (absent or null). One the domain does not know, blank
 * included, is refused (422 `ATTACHMENT_CATEGORY_UNKNOWN`, listing the known ones) before anything is received or written.
 */
export function attachmentCategoryOf(value: string | null | undefined): AttachmentCategory {
  if (value === undefined || value === null) return DEFAULT_ATTACHMENT_CATEGORY;
  if (isAttachmentCategory(value)) return value;
  const message = `Use one of: ${ATTACHMENT_CATEGORY_KEYS.join(', ')}`;
  throw new AppError('ATTACHMENT_CATEGORY_UNKNOWN', `"${value}" is not a document category. ${message}`, { errors: [{ field: 'category', code: 'ATTACHMENT_CATEGORY_UNKNOWN', message }] });
}
