import { NavLink } from '@mantine/core';
import { Link, useLocation } from 'react-router';

/** The reference-data administration pages (register.read), in the order people usually fill them in. */
export const REFERENCE_LINKS = [
  { to: '/admin/org-units', label: 'Org units' },
  { to: '/admin/locations', label: 'Locations' },
  { to: '/admin/people', label: 'People' },
  { to: '/admin/manufacturers', label: 'Manufacturers' },
  { to: '/admin/suppliers', label: 'Suppliers' },
  { to: '/admin/models', label: 'Catalogue models' },
];

/** The "Reference data" group of the main navigation; open while one of its pages is shown. */
export function ReferenceNav({ onNavigate }: { onNavigate: () => void }) {
  const location = useLocation();
  const inside = REFERENCE_LINKS.some((l) => location.pathname.startsWith(l.to));
  return (
    <NavLink component="button" label="Reference data" defaultOpened={inside} childrenOffset="sm">
      {REFERENCE_LINKS.map((l) => (
        <NavLink key={l.to} variant="filled" component={Link} to={l.to} label={l.label} active={location.pathname.startsWith(l.to)} onClick={onNavigate} />
      ))}
    </NavLink>
  );
}
