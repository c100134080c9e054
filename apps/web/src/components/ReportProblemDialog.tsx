import { Button, Group, Modal, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { DEFAULT_MAX_TEXT, HOLDER_REPORT_REASONS, type HolderReportReason, holderReportReason } from '@custodia/domain';
import { ApiError, post } from '../api';
import { errorText, fieldError } from '../access';
import { instantDate } from '../dates';
import { FormError } from './FormError';
import type { MyAsset } from '../self-service';

/** The fields this form shows (a refusal about one of them is said beside it). */
const FIELDS = ['reason', 'message'];

/**
 * "Something is wrong" with an asset assigned to me: a reason, and a message where the reason alone says too little
 * (POST /api/v1/me/assets/{id}/problems). An open report is sent again from its own reason and message, which the new
 * one replaces. Checked here first, then by the server, whose refusals are shown on the fields they name.
 */
export function ReportProblemDialog({ asset, onClose, onSent }: { asset: MyAsset; onClose: () => void; onSent: (mine: MyAsset) => void }) {
  const open = asset.report?.status === 'open' ? asset.report : null;
  const [reason, setReason] = useState<HolderReportReason | null>(open?.reason ?? null);
  const [message, setMessage] = useState(open?.message ?? '');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const needsMessage = reason !== null && holderReportReason(reason).messageRequired;
  const onFields = error instanceof ApiError && error.errors.length > 0 && error.errors.every((f) => f.field && FIELDS.includes(f.field));

  const send = async () => {
    const problems: Record<string, string> = {};
    if (!reason) problems['reason'] = 'Choose what is wrong';
    if (needsMessage && !message.trim()) problems['message'] = 'Say what is wrong';
    setMissing(problems);
    setError(null);
    if (!reason || Object.keys(problems).length) return;
    setBusy(true);
    try {
      const mine = await post<MyAsset>(`/api/v1/me/assets/${asset.id}/problems`, { reason, ...(message.trim() ? { message: message.trim() } : {}) });
      onSent(mine);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Something is wrong with ${asset.tag}`}>
      <form noValidate onSubmit={(e) => { e.preventDefault(); void send(); }} aria-label="Report a problem">
        <Stack>
          <Text size="sm">Tell the IT asset team what the register gets wrong about {asset.name}. Nothing changes on the asset until they have looked at it.</Text>
          {open && <Text size="sm">This replaces your report of {instantDate(open.reportedAt)}.</Text>}
          {error !== null && <FormError>{onFields ? (error as ApiError).message : errorText(error)}</FormError>}
          <Radio.Group label="What is wrong?" required value={reason} onChange={(v) => { setReason(v as HolderReportReason); setMissing({}); }} error={missing['reason'] ?? fieldError(error, 'reason')}>
            <Stack gap="xs" mt="xs">
              {HOLDER_REPORT_REASONS.map((r) => <Radio key={r.key} value={r.key} label={r.label} />)}
            </Stack>
          </Radio.Group>
          <Textarea label={needsMessage ? 'What is wrong, in your words' : 'Anything to add (optional)'} required={needsMessage} autosize minRows={3} maxLength={DEFAULT_MAX_TEXT}
            description={`At most ${DEFAULT_MAX_TEXT} characters`} value={message} onChange={(e) => setMessage(e.currentTarget.value)} error={missing['message'] ?? fieldError(error, 'message')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>Send</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
