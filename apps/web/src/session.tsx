import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { dateOf } from '@custodia/domain';
import { ApiError, type SessionInfo, get, onSessionEnded, setCsrfToken } from './api';

interface SessionState {
  session: SessionInfo | null; loading: boolean; refresh: () => Promise<void>; can: (permission: string) => boolean;
  /**
   * Today for the organisation (its time zone, from the session), as the server judges key dates and what is overdue:
   * a page marking those agrees with the dashboard and the register's filters. The dates a person fills in start from
   * their own day instead (`localToday`).
   */
  today: () => string;
}

const organisationToday = (timeZone: string | undefined) => () => dateOf(new Date(), timeZone ?? 'UTC');

const SessionContext = createContext<SessionState>({ session: null, loading: true, refresh: async () => {}, can: () => false, today: organisationToday(undefined) });

/** Who is signed in, loaded once and refreshed after sign-in and sign-out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        const s = await get<SessionInfo>('/api/v1/auth/session');
        setCsrfToken(s.csrfToken);
        return s;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) { setCsrfToken(null); return null; }
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
  const session = q.data ?? null;
  // A call answered 401 while signed in: read the session again; when it has ended, the pages show signing in.
  const { refetch } = q;
  useEffect(() => {
    onSessionEnded(() => { void refetch(); });
    return () => onSessionEnded(null);
  }, [refetch]);
  const value: SessionState = {
    session,
    loading: q.isLoading,
    refresh: async () => { await client.invalidateQueries(); await q.refetch(); },
    can: (p) => session?.permissions.includes(p) ?? false,
    today: organisationToday(session?.timeZone),
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);
