import { Alert, Anchor, Button, Group, Loader, NumberInput, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type Asset, type Page, get, query } from '../api';
import { type LabelCodes, type Symbology, barcodeImage, symbologiesOf } from '../labels/barcodes';
import { LABEL_LAYOUTS, type LabelLayout, labelPages, labelsPerPage } from '../labels/layouts';
import { registerFilters } from '../register-filters';
import './labels.css';

/** Ids the list API takes in one request; more are asked for a hundred at a time. */
const IDS_PER_REQUEST = 100;
const VIEW_LABELS = 500;
const LAYOUT_KEY = 'custodia.labels.layout';
const CODES_KEY = 'custodia.labels.codes';

type Images = Map<string, Partial<Record<Symbology, string>>>;

/**
 * Asset labels to print (`/labels?ids=…`, from the register's selection or an asset's page, or `/labels?view=1&…` with
 * the register's filters, every asset of a view): each with its tag as a QR
 * code and a Code 128 barcode, the tag in clear, the name and serial, laid out on the chosen label stock. The codes
 * hold the tag itself, which is what the audit scanning page and a laser scanner read back.
 */
export function LabelsPage() {
  const [params] = useSearchParams();
  const ids = (params.get('ids') ?? '').split(',').filter(Boolean);
  // Or the register's filters (`view=1`): every asset of a view, up to VIEW_LABELS.
  const view = params.get('view') === '1' ? registerFilters(params) : null;
  const [layoutKey, setLayoutKey] = useState(() => localStorage.getItem(LAYOUT_KEY) ?? LABEL_LAYOUTS[0]!.key);
  const [codes, setCodes] = useState<LabelCodes>(() => (localStorage.getItem(CODES_KEY) as LabelCodes | null) ?? 'both');
  const [skip, setSkip] = useState(0);
  const layout = LABEL_LAYOUTS.find((l) => l.key === layoutKey) ?? LABEL_LAYOUTS[0]!;
  // A delivery of up to 500 assets is printed whole (the list API reads ids a hundred at a time).
  const wanted = ids.slice(0, VIEW_LABELS);

  const assets = useQuery({
    queryKey: ['labels', wanted.join(','), view],
    queryFn: async (): Promise<Page<Asset>> => {
      if (view) return get<Page<Asset>>(`/api/v1/assets${query({ ...view, limit: VIEW_LABELS, includeTotal: 'true' })}`);
      const items: Asset[] = [];
      for (let i = 0; i < wanted.length; i += IDS_PER_REQUEST) {
        const chunk = wanted.slice(i, i + IDS_PER_REQUEST);
        items.push(...(await get<Page<Asset>>(`/api/v1/assets${query({ ids: chunk.join(','), limit: IDS_PER_REQUEST })}`)).items);
      }
      return { items, nextCursor: null };
    },
    enabled: wanted.length > 0 || view !== null,
  });
  const items = assets.data?.items ?? [];
  const images = useQuery({
    queryKey: ['label-images', codes, items.map((a) => a.tag).join(',')],
    queryFn: async (): Promise<Images> => {
      const out: Images = new Map();
      for (const a of items) {
        const entry: Partial<Record<Symbology, string>> = {};
        for (const s of symbologiesOf(codes)) {
          const image = await barcodeImage(a.tag, s);
          if (image) entry[s] = image;
        }
        out.set(a.id, entry);
      }
      return out;
    },
    enabled: items.length > 0,
    staleTime: Infinity,
  });

  if (wanted.length === 0 && view === null) {
    return (
      <Stack>
        <Title order={1} size="h2">Labels</Title>
        <Text>No asset chosen. Select assets in the <Anchor component={Link} to="/assets">register</Anchor> and choose <em>Print labels</em>, or print one from an asset&apos;s page.</Text>
      </Stack>
    );
  }
  const missing = assets.data && !view ? wanted.length - items.length : 0;
  const withoutBarcode = images.data && symbologiesOf(codes).includes('code128') ? items.filter((a) => !images.data!.get(a.id)?.code128).map((a) => a.tag) : [];
  const beyondView = view && assets.data?.total !== undefined ? assets.data.total - items.length : 0;
  const pages = labelPages(layout, items, skip);
  const ready = Boolean(images.data) && !assets.isFetching;

  return (
    <Stack>
      <Stack className="labels-no-print">
        <Group justify="space-between" align="flex-end">
          <div>
            <Anchor component={Link} to="/assets" size="sm">← Register</Anchor>
            <Title order={1} size="h2">Labels</Title>
          </div>
          <Button onClick={() => window.print()} disabled={!ready}>Print</Button>
        </Group>
        <Group align="flex-end" wrap="wrap">
          <Select label="Label stock" data={LABEL_LAYOUTS.map((l) => ({ value: l.key, label: l.name }))} value={layout.key} allowDeselect={false} w={440}
            onChange={(v) => { if (v) { setLayoutKey(v); setSkip(0); localStorage.setItem(LAYOUT_KEY, v); } }} />
          <div>
            <Text size="sm" fw={500} mb={4} id="label-codes">Codes</Text>
            <SegmentedControl aria-labelledby="label-codes" value={codes} data={[{ value: 'both', label: 'QR code and barcode' }, { value: 'qr', label: 'QR code' }, { value: 'code128', label: 'Barcode (Code 128)' }]}
              onChange={(v) => { setCodes(v as LabelCodes); localStorage.setItem(CODES_KEY, v); }} />
          </div>
          {labelsPerPage(layout) > 1 && (
            <NumberInput label="Start at label" description="On a sheet already in use" min={1} max={labelsPerPage(layout)} value={skip + 1} w={160}
              onChange={(v) => setSkip(Math.max(0, Math.min(labelsPerPage(layout), Number(v) || 1) - 1))} />
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {items.length} label{items.length === 1 ? '' : 's'} on {pages.length} page{pages.length === 1 ? '' : 's'}. Print at 100 % (actual size), without headers and footers.
        </Text>
        {ids.length > VIEW_LABELS && <Alert color="yellow" role="alert">Labels are printed {VIEW_LABELS} at a time: the first {VIEW_LABELS} of the {ids.length} chosen assets are shown.</Alert>}
        {beyondView > 0 && <Alert color="yellow" role="alert">Labels are printed {VIEW_LABELS} at a time: the first {VIEW_LABELS} of the {assets.data?.total} assets in this view are shown. Narrow the view to print the others.</Alert>}
        {view && assets.data && items.length === 0 && <Alert color="yellow" role="alert">No asset in this view.</Alert>}
        {withoutBarcode.length > 0 && (
          <Alert color="yellow" role="alert">
            No Code 128 barcode for {withoutBarcode.join(', ')}: it holds Latin characters only (ISO 8859-1). {codes === 'both' ? `The QR code holds ${withoutBarcode.length === 1 ? 'this tag' : 'these tags'}.` : 'Print QR codes to label them.'}
          </Alert>
        )}
        {missing > 0 && <Alert color="yellow" role="alert">{missing} of the chosen assets {missing === 1 ? 'is' : 'are'} not available (deleted, or outside what your role lets you see).</Alert>}
        {(assets.error || images.error) && <Alert color="red" role="alert">The labels could not be prepared: {String((assets.error ?? images.error as Error).message)}</Alert>}
      </Stack>
      {(assets.isLoading || (items.length > 0 && !images.data)) && <Loader role="status" aria-label="Preparing labels" />}
      {images.data && (
        <div aria-label="Label sheets" role="region">
          <style>{`@media print { @page { size: ${layout.page.size}; margin: 0; } }`}</style>
          {pages.map((places, i) => <Sheet key={i} layout={layout} places={places} images={images.data!} />)}
        </div>
      )}
    </Stack>
  );
}

function Sheet({ layout, places, images }: { layout: LabelLayout; places: (Asset | null)[]; images: Images }) {
  return (
    <div className="label-sheet" style={{
      width: layout.page.width, height: layout.page.height, paddingTop: layout.margin.top, paddingLeft: layout.margin.left,
      display: 'grid', gridTemplateColumns: `repeat(${layout.columns}, ${layout.label.width})`, gridAutoRows: layout.label.height,
      columnGap: layout.gap.column, rowGap: layout.gap.row, alignContent: 'start',
    }}>
      {places.map((a, i) => (a ? <Label key={a.id} asset={a} images={images.get(a.id) ?? {}} /> : <div key={`empty-${i}`} className="label-place" aria-hidden />))}
    </div>
  );
}

function Label({ asset, images }: { asset: Asset; images: Partial<Record<Symbology, string>> }) {
  return (
    <div className="label-place" data-label={asset.tag}>
      {images.qr && <img className="label-qr" src={images.qr} alt={`QR code of ${asset.tag}`} />}
      <div className="label-text">
        <span className="label-tag">{asset.tag}</span>
        <span className="label-name">{asset.name}</span>
        {images.code128 && <img className="label-barcode" src={images.code128} alt={`Barcode of ${asset.tag}`} />}
        {asset.serial && <span className="label-serial">S/N {asset.serial}</span>}
      </div>
    </div>
  );
}
