import { formatMinorAmount } from '@custodia/domain';

/** A money attribute as stored: an amount in the currency's minor units and its ISO 4217 code. */
export interface Money { amountMinor: number; currency: string }

export const isMoney = (v: unknown): v is Money =>
  typeof v === 'object' && v !== null && typeof (v as Money).amountMinor === 'number' && typeof (v as Money).currency === 'string';

/** An amount as people write it in its currency: 12050 EUR → "120.50 EUR", 5000 JPY → "5000 JPY". */
export const moneyText = (v: Money) => formatMinorAmount(v.amountMinor, v.currency);
