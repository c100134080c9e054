import { FileInput, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api';
import type { AttachmentCategory } from '@custodia/domain';
import { ATTACHMENT_ACCEPT, type Attachment, uploadAttachment } from '../attachments';

/** Evidence fields that name a document: their proof can be attached to the asset right from the transition form. */
export const isProofField = (field: { key: string; type: string }) => /^proof/.test(field.key) && field.type === 'text';

/** The evidence text that points at an attached document: its name, the start of its hash, and its id. */
export const proofReference = (a: Attachment) => `${a.fileName} (attachment ${a.id}, SHA-256 ${a.sha256.slice(0, 12)}…)`;

/**
 * Uploads the document proving a transition (a certificate of destruction, a receipt) as an attachment of the asset,
 * and hands back the reference to put in the evidence field. It is filed under `category` (`proofFieldCategory` of the
 * field: a certificate of destruction, a proof of purchase).
 */
export function ProofUpload({ assetId, label, category, onAttached }: { assetId: string; label: string; category: AttachmentCategory; onAttached: (reference: string) => void }) {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [attached, setAttached] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = async (file: File | null) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const added = await uploadAttachment({ kind: 'asset', id: assetId }, file, label, category);
      setAttached(added.fileName);
      onAttached(proofReference(added));
      void client.invalidateQueries({ queryKey: ['attachments', assetId] });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The document could not be attached.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <FileInput size="xs" label="Or attach the document" description="It is kept with the asset, and the field above then names it" placeholder="PDF or image" accept={ATTACHMENT_ACCEPT}
        onChange={(f) => void send(f)} disabled={busy} error={error} />
      {attached && <Text size="xs" c="dimmed" mt={2}>Attached to the asset: {attached}</Text>}
    </div>
  );
}
