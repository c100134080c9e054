/** Types and labels of the purchase requests pages (the API: /api/v1/purchase-requests). */
import { displayMinorAmount } from './money';

export type RequestStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'withdrawn' | 'ordered' | 'cancelled';
export type RequestAction = 'submit' | 'withdraw' | 'approve' | 'reject' | 'order' | 'cancel';
interface Named { id: string; name: string }

export interface PurchaseRequest {
  id: string; status: RequestStatus; orgUnit: Named; requester: Named; forPerson: Named | null; model: Named | null; description: string | null; quantity: number;
  unitCostMinor: number | null; currency: string | null; estimatedTotalMinor: number | null; justification: string; neededBy: string | null; supplier: Named | null;
  submittedAt: string | null; decidedBy: Named | null; decidedAt: string | null; decisionNote: string | null; orderReference: string | null; orderedAt: string | null;
  assets: { id: string; tag: string }[]; actions: RequestAction[]; version: number; createdAt: string; updatedAt: string;
}

/** Each status as people read it; colours dark enough on their light badge for AA contrast (as the audits' are). */
export const REQUEST_STATUS: Record<RequestStatus, { label: string; color: string }> = {
  draft: { label: 'Draft', color: '#495057' },
  submitted: { label: 'Waiting for approval', color: '#1864ab' },
  approved: { label: 'Approved', color: '#364fc7' },
  rejected: { label: 'Rejected', color: '#b02525' },
  withdrawn: { label: 'Withdrawn', color: '#495057' },
  ordered: { label: 'Ordered', color: '#18692c' },
  cancelled: { label: 'Cancelled', color: '#495057' },
};

/** The buttons of the actions, in the order they are offered. */
export const ACTION_LABEL: Record<RequestAction, string> = {
  submit: 'Submit for approval', approve: 'Approve', reject: 'Reject', order: 'Order', withdraw: 'Withdraw', cancel: 'Cancel request',
};

/** What is asked for: the catalogue model, else the description. */
export const itemText = (r: Pick<PurchaseRequest, 'model' | 'description'>) => r.model?.name ?? r.description ?? '';

/** The estimated total, "3,897.00 EUR", or a dash when no cost was estimated. */
export const totalText = (r: Pick<PurchaseRequest, 'estimatedTotalMinor' | 'currency'>) => (r.estimatedTotalMinor === null ? '—' : displayMinorAmount(r.estimatedTotalMinor, r.currency));
