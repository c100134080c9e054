import { Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import { isCurrencyCode, minorUnitDigits, toMinorUnits } from '@custodia/domain';
import { isMoney } from '../money';

/**
 * A money field: the amount as written (decimal point or comma, no thousands separators) and its ISO 4217 currency.
 * Gives `{ amountMinor, currency }`, null when both are empty, and the text as typed while it is not an amount, so a
 * save is refused by the server rather than dropping what was typed.
 */
export function MoneyInput({ label, required, description, error, value, onChange }: {
  label: string; required?: boolean | undefined; description?: string | undefined; error?: string | undefined; value: unknown; onChange: (v: unknown) => void;
}) {
  const initial = isMoney(value) ? { amount: (value.amountMinor / 10 ** minorUnitDigits(value.currency)).toFixed(minorUnitDigits(value.currency)), currency: value.currency } : { amount: '', currency: '' };
  const [amount, setAmount] = useState(initial.amount);
  const [currency, setCurrency] = useState(initial.currency);
  const code = currency.trim().toUpperCase();
  const minor = amount.trim() && isCurrencyCode(code) ? toMinorUnits(amount, code) : null;
  const amountProblem = amount.trim() && code && isCurrencyCode(code) && minor === null
    ? `Write the amount with at most ${minorUnitDigits(code)} decimals and no thousands separator` : undefined;
  const currencyProblem = amount.trim() && !isCurrencyCode(code) ? 'A three-letter ISO 4217 code, such as EUR' : undefined;
  const emit = (a: string, c: string) => {
    const cc = c.trim().toUpperCase();
    if (!a.trim() && !cc) return onChange(null);
    const m = a.trim() && isCurrencyCode(cc) ? toMinorUnits(a, cc) : null;
    onChange(m === null ? `${a.trim()} ${cc}`.trim() : { amountMinor: m, currency: cc });
  };
  return (
    <Group align="flex-start" gap="xs" wrap="nowrap">
      <TextInput label={label} required={required ?? false} description={description} inputMode="decimal" style={{ flex: 1 }}
        error={error ?? amountProblem} value={amount} onChange={(e) => { setAmount(e.currentTarget.value); emit(e.currentTarget.value, currency); }} />
      <TextInput label={`${label}: currency`} placeholder="EUR" maxLength={3} w={110} error={currencyProblem} value={currency}
        onChange={(e) => { setCurrency(e.currentTarget.value.toUpperCase()); emit(amount, e.currentTarget.value); }} />
    </Group>
  );
}
