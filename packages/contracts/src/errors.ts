/**
 * Every error the API can answer, with its stable code and HTTP status. Codes are part of the public contract:
 * never rename one; add a new code instead. Answers are RFC 9457 problem+json with `code` as an extension member.
 */
export const ERRORS = {
  BAD_REQUEST: { status: 400, title: 'The request could not be read' },
  INVALID_QUERY: { status: 400, title: 'A query parameter is not allowed or not valid' },
  SORT_FIELD_NOT_ALLOWED: { status: 400, title: 'The sort field is not in the allowed list' },
  FILTER_FIELD_NOT_ALLOWED: { status: 400, title: 'The filter field is not in the allowed list' },
  DUPLICATE_PARAMETER: { status: 400, title: 'A query parameter was given more than once' },
  INVALID_CURSOR: { status: 400, title: 'The pagination cursor is not valid' },
  INVENTORY_MALFORMED: { status: 400, title: 'The inventory could not be read (not well-formed XML/JSON, truncated or corrupt compression)' },
  INVENTORY_DTD_NOT_ALLOWED: { status: 400, title: 'Inventories may not contain a DTD or entity declarations' },
  INVENTORY_TOO_COMPLEX: { status: 400, title: 'The inventory has too many elements or is nested too deeply' },
  CSRF_REJECTED: { status: 403, title: 'The request did not come from this application (CSRF check failed)' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication is required' },
  INVALID_CREDENTIALS: { status: 401, title: 'The login or password is not correct' },
  INVALID_TWO_FACTOR_CODE: { status: 401, title: 'The verification code is not correct' },
  REAUTHENTICATION_REQUIRED: { status: 401, title: 'Confirm your password to make this change' },
  TWO_FACTOR_ENROLMENT_REQUIRED: { status: 403, title: 'Your role requires two-factor authentication: set it up first' },
  TOKEN_READ_ONLY: { status: 403, title: 'This API token is read-only' },
  SSO_ACCOUNT_INACTIVE: { status: 403, title: 'This account is deactivated' },
  FORBIDDEN: { status: 403, title: 'You do not have permission for this' },
  SELF_APPROVAL_NOT_ALLOWED: { status: 403, title: 'You asked for this purchase: someone else must decide on it' },
  NOT_REQUESTER: { status: 403, title: 'Only the requester may do this with the purchase request' },
  PERMISSION_NOT_HELD: { status: 403, title: 'You cannot hand out or manage permissions you do not hold as widely yourself' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  REQUEST_TIMEOUT: { status: 408, title: 'The request was not received in time' },
  CONFLICT: { status: 409, title: 'The request conflicts with the current state' },
  IDEMPOTENCY_KEY_IN_USE: { status: 409, title: 'A request with this Idempotency-Key is in progress, or was applied without an answer kept' },
  UNIQUE_VIOLATION: { status: 409, title: 'A record with this value already exists' },
  ASSET_TAG_TAKEN: { status: 409, title: 'The asset tag is already in use' },
  ASSET_SERIAL_TAKEN: { status: 409, title: 'The serial number is already registered for this manufacturer' },
  ASSET_NOT_AVAILABLE: { status: 409, title: 'The asset cannot be assigned in its current stage' },
  ASSET_NOT_ASSIGNED: { status: 409, title: 'The asset is not assigned' },
  LIFECYCLE_TRANSITION_NOT_ALLOWED: { status: 409, title: 'The transition is not allowed from the current stage' },
  LIFECYCLE_GUARD_FAILED: { status: 409, title: 'A condition of the transition is not met' },
  IN_USE: { status: 409, title: 'The record is still referenced and cannot be deleted' },
  SETUP_ALREADY_DONE: { status: 409, title: 'The first administrator already exists' },
  LOGIN_TAKEN: { status: 409, title: 'An account with this login already exists' },
  DISCREPANCY_NOT_OPEN: { status: 409, title: 'The discrepancy is already resolved or ignored' },
  NOTHING_CORRECTED: { status: 409, title: 'Nothing was changed on the asset since the discrepancy was raised' },
  TOO_MANY_PROBLEM_REPORTS: { status: 409, title: 'You have as many reports waiting for the IT asset team as one person may have' },
  PROBLEM_REPORT_SET_ASIDE: { status: 409, title: 'The IT asset team set your report on this asset aside until a date' },
  DEVICE_ALREADY_LINKED: { status: 409, title: 'The discovered device is already linked to an asset' },
  AUDIT_RUN_CLOSED: { status: 409, title: 'The audit run is already closed' },
  ALREADY_COVERED: { status: 409, title: 'The contract already covers this asset' },
  REQUEST_NOT_DRAFT: { status: 409, title: 'The purchase request is no longer a draft: it cannot be edited or submitted' },
  REQUEST_NOT_SUBMITTED: { status: 409, title: 'The purchase request is not waiting for a decision' },
  REQUEST_NOT_PENDING: { status: 409, title: 'The purchase request was already decided on: it can no longer be withdrawn' },
  REQUEST_NOT_APPROVED: { status: 409, title: 'The purchase request is not approved (or was already ordered or cancelled)' },
  IMPORT_ALREADY_APPLIED: { status: 409, title: 'This file has already been imported' },
  VERSION_MISMATCH: { status: 412, title: 'The record was changed by someone else' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  URI_TOO_LONG: { status: 414, title: 'The URL is too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The content type is not supported' },
  RANGE_NOT_SATISFIABLE: { status: 416, title: 'The requested range is not in the file' },
  ATTACHMENT_TYPE_REFUSED: { status: 415, title: 'This kind of file cannot be attached, or its name does not match its content' },
  ATTACHMENT_INVALID: { status: 422, title: 'The file is damaged or not what it claims to be' },
  IMAGE_TOO_LARGE: { status: 422, title: 'The image has too many pixels' },
  ATTACHMENT_PURGED: { status: 410, title: 'The attachment was deleted and its content removed after the retention window' },
  ASSET_HAS_ATTACHMENTS: { status: 409, title: 'The asset still has attachments; delete them first' },
  RECORD_HAS_ATTACHMENTS: { status: 409, title: 'The record still has attachments; delete them first' },
  ATTACHMENT_IS_EVIDENCE: { status: 409, title: 'The attachment is the evidence of a recorded lifecycle transition and is kept' },
  ATTACHMENT_ON_LEGAL_HOLD: { status: 409, title: 'The attachment belongs to an asset on legal hold and is kept until the hold is released' },
  ATTACHMENT_DELETED: { status: 409, title: 'The attachment was deleted; a deleted file cannot be changed' },
  ATTACHMENT_CATEGORY_UNKNOWN: { status: 422, title: 'The document category is not one of the known categories' },
  SETUP_TOKEN_INVALID: { status: 403, title: 'The set-up link is not valid or was already used' },
  PASSWORD_REJECTED: { status: 422, title: 'The password does not meet the policy' },
  NOT_A_CONTRACT: { status: 422, title: 'The asset is not a service contract (its asset type is not of category service_contract)' },
  CONTRACT_CANNOT_BE_COVERED: { status: 422, title: 'A service contract cannot be covered by a contract' },
  COVERAGE_ENDS_BEFORE_START: { status: 422, title: 'The coverage would end before it starts' },
  REJECTION_NEEDS_REASON: { status: 422, title: 'Say why the purchase request is rejected' },
  ORDER_NEEDS_MODEL: { status: 422, title: 'Name the catalogue model to register: the request describes the item in words only' },
  NO_ORDERING_STAGE: { status: 422, title: "The model's asset type has no lifecycle stage assets can be put on order in" },
  DIGEST_NEEDS_EMAIL: { status: 422, title: 'The e-mail digest needs an e-mail address on your account' },
  VALIDATION_FAILED: { status: 422, title: 'The request is not valid' },
  WEBHOOK_URL_NOT_ALLOWED: { status: 422, title: 'A webhook may not post to this URL (https only; internal, link-local and metadata addresses refused)' },
  UNKNOWN_FIELD: { status: 422, title: 'The request contains fields that cannot be set' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'This Idempotency-Key was used for a different request' },
  REFERENCE_NOT_FOUND: { status: 422, title: 'A referenced record does not exist' },
  INVENTORY_SCHEMA_INVALID: { status: 422, title: 'The inventory does not match the inventory format' },
  INVENTORY_UNRECOGNISED: { status: 415, title: 'The file is not a recognised inventory, discovery feed or SBOM' },
  IMPORT_INVALID: { status: 422, title: 'The import file has errors; nothing was written' },
  IMPORT_ENCODING_UNSUPPORTED: { status: 422, title: 'The file encoding could not be recognised' },
  PRECONDITION_REQUIRED: { status: 428, title: 'If-Match with the current ETag is required' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  /** Any other client error (4xx), answered with its own status. */
  CLIENT_ERROR: { status: 400, title: 'The request was refused' },
  INTERNAL: { status: 500, title: 'Internal error' },
  UNAVAILABLE: { status: 503, title: 'The service is temporarily unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface FieldError {
  /** Dotted path of the offending field, e.g. `attributes.ram_gb`, `rows[12].serial`. */
  field?: string;
  code: string;
  message: string;
  /** For imports: 1-based line and column name in the source file. */
  line?: number;
  column?: string;
}

/** An expected failure, carried up to the HTTP layer (or the CLI) and presented with its code. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[];
  readonly extra: Record<string, unknown>;
  /** Not shown to the caller: why this answer matters to the security log (e.g. an object outside the caller's scope). */
  readonly securityNote: string | undefined;

  /**
   * `cause`: the failure behind the answer (a database error behind UNAVAILABLE), for the log and the metrics; never
   * shown to the caller.
   */
  constructor(code: ErrorCode, detail?: string, options: { errors?: FieldError[]; extra?: Record<string, unknown>; securityNote?: string; cause?: unknown } = {}) {
    super(detail ?? ERRORS[code].title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.errors = options.errors ?? [];
    this.extra = options.extra ?? {};
    this.securityNote = options.securityNote;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
