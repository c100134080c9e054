import { type Verdict, accept, reject } from '../verdict.js';
import type { AttachmentKind } from './file-types.js';

/** Pictures and Office files (not macro-enabled ones) may be embedded in an Office document, e.g. a chart's data. */
const EMBEDDABLE = new Set(['png', 'jpg', 'jpeg', 'gif', 'bmp', 'tif', 'tiff', 'emf', 'wmf', 'svg', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp']);

/**
 * Whether a part of an Office document holds something that runs: VBA macros, ActiveX controls, OLE objects (which can
 * wrap any program), or an embedded file of another kind; in OpenDocument, Basic or script libraries. Answers what it
 * is, or null for an ordinary part.
 */
export function activeContentOf(family: 'ooxml' | 'odf', partName: string): string | null {
  const name = partName.toLowerCase();
  if (family === 'odf') {
    if (name.startsWith('basic/')) return 'Basic macros';
    if (name.startsWith('scripts/')) return 'scripts';
    return null;
  }
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (base.startsWith('vbaproject') || base.startsWith('vbadata')) return 'VBA macros';
  if (name.includes('/activex/')) return 'ActiveX controls';
  if (name.includes('/embeddings/')) {
    if (base.startsWith('oleobject')) return 'an embedded OLE object';
    const dot = base.lastIndexOf('.');
    if (dot < 0 || !EMBEDDABLE.has(base.slice(dot + 1))) return `an embedded file (${partName.slice(partName.lastIndexOf('/') + 1)})`;
  }
  return null;
}

/**
 * An Office or OpenDocument file, judged from its part names (read from the ZIP directory): it must have its kind's
 * main parts (so a workbook named .docx, or any ZIP, is refused) and nothing that runs (AT-04: macros, ActiveX, OLE).
 */
export function judgeArchiveParts(kind: AttachmentKind, partNames: readonly string[]): Verdict<AttachmentKind> {
  if (!kind.archive) return accept(kind);
  const present = new Set(partNames.map((n) => n.toLowerCase()));
  const missing = kind.archive.requiredParts.filter((p) => !present.has(p.toLowerCase()));
  if (missing.length > 0) {
    return reject({
      code: 'ATTACHMENT_TYPE_REFUSED', field: 'file', details: { extension: kind.extensions[0], missing },
      message: `The file is named .${kind.extensions[0]} but is not a ${kind.key.toUpperCase()} document: it has no ${missing.join(' or ')}`,
    });
  }
  for (const name of partNames) {
    const active = activeContentOf(kind.archive.family, name);
    if (active) {
      return reject({
        code: 'ATTACHMENT_TYPE_REFUSED', field: 'file', details: { part: name, contains: active },
        message: `The document contains ${active} (${name}); documents with macros, controls or embedded programs are not accepted: save it as .${kind.extensions[0]} without them, or as PDF`,
      });
    }
  }
  return accept(kind);
}

/** Relationship types that, pointing outside the document, make Office fetch and run content (a remote template's macros, an OLE object, a frame). */
const EXTERNAL_ACTIVE = new Map([['attachedtemplate', 'an external template'], ['oleobject', 'an external OLE object'], ['frame', 'an external frame']]);

/**
 * One relationship of an Office document's `.rels` part: refused when it points outside the document (TargetMode
 * External) at something Office would load and run, such as an attached template on a server (a way round the
 * no-macros rule). External hyperlinks and pictures are ordinary.
 */
export function judgeRelationship(kind: AttachmentKind, part: string, relationship: { type: string; targetMode: string | null; target: string }): Verdict<AttachmentKind> {
  if ((relationship.targetMode ?? '').toLowerCase() !== 'external') return accept(kind);
  const type = relationship.type.slice(relationship.type.lastIndexOf('/') + 1).toLowerCase();
  const active = EXTERNAL_ACTIVE.get(type);
  if (!active) return accept(kind);
  return reject({
    code: 'ATTACHMENT_TYPE_REFUSED', field: 'file', details: { part, contains: active },
    message: `The document loads ${active} from outside itself (${part}); documents that fetch templates or objects are not accepted: save it as .${kind.extensions[0]} without them, or as PDF`,
  });
}
