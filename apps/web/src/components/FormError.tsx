import { Alert, type AlertProps } from '@mantine/core';
import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A refusal shown at the top of a form, brought into view when it appears: a long form is sent from its bottom, and
 * an answer shown above, out of sight, looked as if the button had done nothing. It scrolls once, when it appears,
 * not while the person scrolls down again to correct the fields.
 */
export function FormError({ children, ...props }: AlertProps & { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => { ref.current?.scrollIntoView({ block: 'nearest' }); }, []);
  return <Alert ref={ref} color="red" role="alert" {...props}>{children}</Alert>;
}
