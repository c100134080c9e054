import { describe, expect, it } from 'vitest';
import { READ_ONLY_PERMISSIONS, isPermission } from '../access/permissions.js';
import { ATTACHMENT_OWNERS, ATTACHMENT_OWNER_KINDS, attachmentContentPath } from './owners.js';

describe('ATTACHMENT_OWNERS', () => {
  it.each(ATTACHMENT_OWNER_KINDS)('%s: real permissions, one to read (allowed to read-only tokens) and one to change', (kind) => {
    const owner = ATTACHMENT_OWNERS[kind];
    expect(isPermission(owner.read) && isPermission(owner.write)).toBe(true);
    expect(READ_ONLY_PERMISSIONS).toContain(owner.read);
    expect(READ_ONLY_PERMISSIONS).not.toContain(owner.write);
  });

  it('gives every kind its own path', () => {
    const paths = ATTACHMENT_OWNER_KINDS.map((k) => ATTACHMENT_OWNERS[k].path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('downloads assets\' files at their first address and the others\' through their owner', () => {
    expect(attachmentContentPath({ kind: 'asset', id: 'a1' }, 'f1')).toBe('/api/v1/attachments/f1/content');
    expect(attachmentContentPath({ kind: 'person', id: 'p1' }, 'f1')).toBe('/api/v1/people/p1/attachments/f1/content');
    expect(attachmentContentPath({ kind: 'audit_run', id: 'r1' }, 'f1')).toBe('/api/v1/audit-runs/r1/attachments/f1/content');
  });
});
