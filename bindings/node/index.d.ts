// Types of the `waha-groups` facade (index.js). The native layer's generated types are in binding.d.ts.
// Timestamps are Unix milliseconds (numbers); `raw` keeps WAHA's JSON exactly as sent.

/** `'participant' | 'admin' | 'superadmin' | 'left'` (unknown values pass through). */
export type Role = 'participant' | 'admin' | 'superadmin' | 'left' | (string & {})
/** A WAHA engine: `'WEBJS' | 'WPP' | 'NOWEB' | 'GOWS'` (unknown values pass through). */
export type Engine = 'WEBJS' | 'WPP' | 'NOWEB' | 'GOWS' | (string & {})
/** A member id (`'111@c.us'`, `'123@lid'`, bare digits) or `{ id }`. */
export type ParticipantLike = string | { id: string }

/** A group member: `id` (`…@c.us` or `…@lid`), `pn` (phone id when known), `role`. */
export interface Participant { id: string; pn?: string | null; role: Role }
/** A group, the same shape for every engine; settings are null when the engine did not say. `raw` is WAHA's JSON as sent. */
export interface Group {
  id: string
  subject: string
  description: string | null
  owner: string | null
  createdAt: number | null
  participants: Participant[]
  size: number | null
  infoAdminOnly: boolean | null
  messagesAdminOnly: boolean | null
  membersCanAdd: boolean | null
  approvalRequired: boolean | null
  inviteCode: string | null
  raw: unknown
}
/** The fields of a `group.v2.update` event: only what changed is present. */
export interface GroupPatch {
  id: string
  subject?: string
  description?: string
  inviteCode?: string
  infoAdminOnly?: boolean
  messagesAdminOnly?: boolean
  membersCanAdd?: boolean
  approvalRequired?: boolean
  participants?: Participant[]
}
/** What an invite code or link leads to (`joinInfo`). */
export interface GroupJoinInfo {
  id: string | null
  subject: string | null
  description: string | null
  owner: string | null
  size: number | null
  participants: Participant[]
  approvalRequired: boolean | null
  raw: unknown
}
/** Per-member result of add / remove / promote / demote (`code`: 200, 403, 404, 409, …). */
export interface ParticipantOutcome {
  /** The member as WAHA answered (often an `@lid`). */
  id: string
  /** The member's phone id (`…@c.us`), when known. */
  pn: string | null
  /** The id exactly as you passed it (matched by phone number or lid, never by position alone). */
  requested: string | null
  ok: boolean
  code: number | null
  message: string | null
  /** Code of the invitation WhatsApp created when the member's privacy refused a direct add (403). */
  inviteCode: string | null
  /** When that invitation expires, Unix ms. */
  inviteExpiresAt: number | null
  /** Whether the engine already sent the invitation itself (WEBJS/WPP). */
  inviteSent: boolean | null
  /** A privacy-refused add (403) whose invitation the engine did not send: yours to send (the core's rule). */
  needsInvitation: boolean
  raw: unknown
}
/** The outcomes of one add / remove / promote / demote call: an array with the follow-ups. */
export declare class ParticipantOutcomes extends Array<ParticipantOutcome> {
  /** Outcomes WhatsApp did not apply. */
  failed(): ParticipantOutcome[]
  /** Privacy-refused adds (403) the engine did not already send an invitation for: yours to send. */
  invitations(): ParticipantOutcome[]
}
/** The engine-specific `participantsV1` answer, normalised, with `raw`. */
export interface ParticipantList { participants: Participant[]; raw: unknown }
/** A pending request to join a group. */
export interface JoinRequest {
  requesterId: string
  requesterPn: string | null
  addedBy: string | null
  parentGroupId: string | null
  /** `'invite_link' | 'linked_group_join' | 'non_admin_add'` */
  method: string | null
  timestamp: number | null
  raw: unknown
}
/** Per-requester result of approve / reject. */
export interface JoinRequestOutcome { requesterId: string | null; ok: boolean; error: number | null; raw: unknown }
/** One `@lid` ↔ phone-number mapping. */
export interface LidMapping { lid: string; pn: string | null }
/** The account a session is logged in as (also the webhook envelope's `me`). */
export interface MeInfo { id: string; lid: string | null; jid: string | null; pushName: string | null }
/** WAHA's environment: version, engine, tier, browser, platform, worker id. */
export interface Environment {
  version: string | null
  engine: string | null
  tier: string | null
  browser: string | null
  platform: string | null
  workerId: string | null
}
/** A session as `GET /api/sessions` describes it. */
export interface SessionInfo { name: string; status: string; me: MeInfo | null; engine: string | null; raw: unknown }

/** The `payload` of a `WebhookEvent`: one variant per group event (`type`), `other` for the rest. */
export type GroupEvent =
  | { type: 'join'; timestamp: number | null; group: Group }
  | { type: 'leave'; timestamp: number | null; groupId: string }
  | { type: 'update'; timestamp: number | null; group: GroupPatch }
  | { type: 'participants'; kind: 'join' | 'leave' | 'promote' | 'demote' | (string & {}); timestamp: number | null; groupId: string; participants: Participant[] }
  | { type: 'join_request'; action: 'created' | 'rejected' | 'revoked' | (string & {}); groupId: string; requesterId: string; requesterPn: string | null; method: string | null; timestamp: number | null }
  | { type: 'legacy_join' | 'legacy_leave'; groupId: string | null; participants: string[]; author: string | null; timestamp: number | null; raw: unknown }
  | { type: 'other'; event: string; raw: unknown }

/** A parsed WAHA webhook: the envelope and its typed `payload`; `raw` is the body as sent. */
export interface WebhookEvent {
  id: string | null
  timestamp: number | null
  event: string
  session: string
  metadata: Record<string, unknown> | null
  me: MeInfo | null
  engine: Engine | null
  environment: Environment | null
  /** X-Webhook-Request-Id of this delivery, when headers were given. */
  requestId: string | null
  payload: GroupEvent
  raw: unknown
}

/** Options of `new Client(...)`: `baseUrl` is required; times in milliseconds. */
export interface ClientOptions {
  baseUrl: string
  apiKey?: string
  /** Whole-request timeout in ms (default 30000). */
  timeoutMs?: number
  /** Retries of safe requests (default 3). */
  maxRetries?: number
  /** First backoff step in ms (default 250). */
  retryBaseDelayMs?: number
  /** Called with every event of the client (calls, failures, retries, job decisions); without it, `DEBUG=waha-groups` prints them on stderr. */
  onEvent?: (event: SdkEvent) => void
}
/** Something the SDK did. Never carries a URL, a header, a body or the API key. */
export interface SdkEvent {
  kind: 'call' | 'failed' | 'retry' | 'job_rate_limited' | 'job_reconcile'
  /** The SDK method name of the operation (`get`, `add_participants`, …). */
  operation: string
  session: string | null
  groupId: string | null
  /** The attempt, from 1. */
  attempt: number
  status: number | null
  durationMs: number | null
  /** WAHA's X-Request-Id, when it sent one. */
  requestId: string | null
  /** The error's stable code, when it failed. */
  error: string | null
  /** How long the SDK waits before the next attempt or batch, ms. */
  waitMs: number | null
  /** A membership job's rate after this event, members per minute. */
  ratePerMinute: number | null
}
/** What a client did so far. */
export interface ClientStats {
  calls: number
  retries: number
  rateLimited: number
  /** Calls that ended in an error, by error code. */
  errors: Record<string, number>
}
/** Options of `groups.list()`. */
export interface ListOptions {
  limit?: number
  offset?: number
  sortBy?: 'id' | 'subject'
  sortOrder?: 'asc' | 'desc'
  excludeParticipants?: boolean
}
/** Options of `groups.iter()`: `pageSize` groups per request. */
export interface IterOptions extends Omit<ListOptions, 'limit' | 'offset'> { pageSize?: number }
/** A picture to set: a `url` WAHA downloads, or base64 `data`; `mimetype` defaults to image/jpeg. */
export interface PictureOptions { url?: string; data?: string; mimetype?: string }

/** The groups API of one session (`client.groups("default")`). Ids are validated before anything is sent. */
export declare class Groups {
  /** The session this handle talks to. */
  readonly session: string
  /** Creates a group; you become its superadmin. */
  create(name: string, participants?: Iterable<ParticipantLike>): Promise<Group>
  /** Lists groups; `sortBy` is `"id"` or `"subject"`, `sortOrder` `"asc"` or `"desc"`. */
  list(options?: ListOptions): Promise<Group[]>
  /** Every group, fetched page by page as you iterate: `for await (const g of groups.iter({ pageSize: 50 }))`. */
  iter(options?: IterOptions): AsyncGenerator<Group, void, undefined>
  /** Number of groups. */
  count(): Promise<number>
  /** Reloads groups from WhatsApp (call rarely: it can trigger rate-overlimit). */
  refresh(): Promise<null>
  /** What an invite code or link leads to. */
  joinInfo(code: string): Promise<GroupJoinInfo>
  /** The group id, or null when a join request was made instead. */
  join(code: string): Promise<string | null>
  /** One group. */
  get(id: string): Promise<Group>
  /** Deletes the group chat (WEBJS/WPP only; others throw NotImplementedByEngineError). */
  delete(id: string): Promise<null>
  /** Leaves the group. */
  leave(id: string): Promise<null>
  /** Picture URL, or null. */
  picture(id: string, options?: { refresh?: boolean }): Promise<string | null>
  /** Sets the picture from a `url` or base64 `data` (WAHA Plus). */
  setPicture(id: string, options: PictureOptions): Promise<null>
  /** Removes the picture (WAHA Plus). */
  deletePicture(id: string): Promise<null>
  /** Renames the group; throws RefusedError when WhatsApp says no. */
  setSubject(id: string, subject: string): Promise<null>
  /** Sets the description ("" clears it). */
  setDescription(id: string, description: string): Promise<null>
  /** Whether only admins may edit group info. */
  infoAdminOnly(id: string): Promise<boolean>
  /** Lets only admins (true) or everyone edit group info. */
  setInfoAdminOnly(id: string, adminsOnly: boolean): Promise<null>
  /** Whether only admins may send messages. */
  messagesAdminOnly(id: string): Promise<boolean>
  /** Lets only admins (true) or everyone send messages. */
  setMessagesAdminOnly(id: string, adminsOnly: boolean): Promise<null>
  /** Whether every member may add members. */
  memberAddMode(id: string): Promise<boolean>
  /** Lets every member (true) or only admins add members. */
  setMemberAddMode(id: string, membersCanAdd: boolean): Promise<null>
  /** Whether members may share history with new members. */
  memberShareHistoryMode(id: string): Promise<boolean>
  /** Lets members share history (true) or not. */
  setMemberShareHistoryMode(id: string, membersCanShare: boolean): Promise<null>
  /** Whether new members need admin approval. */
  membershipApproval(id: string): Promise<boolean>
  /** Requires admin approval for new members (true) or not. */
  setMembershipApproval(id: string, required: boolean): Promise<null>
  /** The invite code (bare code, whatever form WAHA sent). */
  inviteCode(id: string): Promise<string>
  /** Revokes the code and returns the new one (never retried). */
  revokeInviteCode(id: string): Promise<string>
  /** Members with `pn` and role (`participants/v2`). */
  participants(id: string): Promise<Participant[]>
  /** Members from the engine-specific route, normalised, with `raw`. */
  participantsV1(id: string): Promise<ParticipantList>
  /** Adds members; one outcome per member (never retried). */
  addParticipants(id: string, participants: Iterable<ParticipantLike>): Promise<ParticipantOutcomes>
  /** Removes members (never retried). */
  removeParticipants(id: string, participants: Iterable<ParticipantLike>): Promise<ParticipantOutcomes>
  /** Makes members admins (never retried). */
  promote(id: string, participants: Iterable<ParticipantLike>): Promise<ParticipantOutcomes>
  /** Takes admin rights away (never retried). */
  demote(id: string, participants: Iterable<ParticipantLike>): Promise<ParticipantOutcomes>
  /** Pending join requests. */
  joinRequests(id: string): Promise<JoinRequest[]>
  /** Approves requests of these requesters. */
  approveJoinRequests(id: string, participants: Iterable<ParticipantLike>): Promise<JoinRequestOutcome[]>
  /** Rejects requests of these requesters. */
  rejectJoinRequests(id: string, participants: Iterable<ParticipantLike>): Promise<JoinRequestOutcome[]>
  /**
   * Adds, removes, promotes or demotes many members as a job: planned from one read of the group,
   * paced under WhatsApp's rate limit and size cap, resumable from `stateFile`, one report entry per member.
   */
  changeMembers(action: JobAction, groupId: string, members: Iterable<ParticipantLike> | null, options?: JobOptions): Promise<JobReport>
}

/** The change a membership job makes. */
export type JobAction = 'add' | 'remove' | 'promote' | 'demote'
/** Where a member stands: reached (`added`, `removed`, `promoted`, `demoted`, `already`), or not. */
export type MemberStatus =
  | 'pending' | 'added' | 'removed' | 'promoted' | 'demoted' | 'already' | 'invited'
  | 'group_full' | 'invalid' | 'duplicate' | 'not_member' | 'failed'
/** Options of `changeMembers`. Defaults are conservative: WhatsApp bans accounts that add too fast. */
export interface JobOptions {
  /** Members per request (default 10). */
  batchSize?: number
  /** Members per minute to start at and never exceed (default 30); the job slows down on rate-overlimit. */
  ratePerMinute?: number
  /** The group size cap, admins included (default 1024). */
  sizeCap?: number
  /** Only plan: nothing is sent, no state file is written. */
  dryRun?: boolean
  /** The JSON-lines state file that makes the job resumable. */
  stateFile?: string
  /** First backoff after a refusal, ms (default 2000), doubled per refusal in a row. */
  backoffBaseMs?: number
  /** Requests with an unknown or failed outcome a member may take part in (default 5). */
  maxAttempts?: number
  /** Members from a CSV file (the column named phone/number/pn/id/member, else the first), after `members`. */
  fromCsv?: string
  /** Stops the job after its current batch; the state file resumes it. */
  signal?: AbortSignal
  /** Called after planning, before each wait and after each batch. */
  onProgress?: (progress: JobProgress) => void
}
/** Where a running job stands. */
export interface JobProgress {
  done: number
  total: number
  ratePerMinute: number
  /** When the next request goes, Unix ms (null: now, or nothing left). */
  nextAttemptAt: number | null
  /** The last error the job carried on from (`rate_limited`, `transport`, ...). */
  lastError: string | null
  requests: number
  rateLimited: number
}
/** One input member and what became of it. */
export interface MemberReport {
  index: number
  requested: string
  id: string | null
  pn: string | null
  status: MemberStatus
  code: number | null
  error: string | null
  inviteCode: string | null
  inviteExpiresAt: number | null
  inviteSent: boolean | null
  duplicateOf: number | null
  attempts: number
  firstAttemptAt: number | null
  finishedAt: number | null
}
/** A finished membership job. */
export declare class JobReport {
  /** The group. */
  readonly groupId: string
  /** The change. */
  readonly action: JobAction
  /** Only planned: nothing was sent. */
  readonly dryRun: boolean
  /** Stopped by its signal before every member was sent. */
  readonly cancelled: boolean
  /** Every member reached the wanted state. */
  readonly complete: boolean
  /** One entry per input member, in input order. */
  readonly entries: MemberReport[]
  /** How many entries have each status (only statuses that occur). */
  readonly totals: Partial<Record<MemberStatus, number>>
  /** rate-overlimit answers the job got. */
  readonly rateLimited: number
  /** Member-change requests sent. */
  readonly requests: number
  /** Entries that did not reach the wanted state (duplicates aside). */
  failed(): MemberReport[]
  /** Privacy-refused adds whose invitation is yours to send. */
  invitations(): MemberReport[]
  /** One CSV row per member, with a header. */
  toCsv(): string
}
/** The members in CSV text: the column named phone/number/pn/id/member, else the first. */
export declare function membersFromCsv(text: string): string[]

/** The `@lid` ↔ phone-number directory of one session (`client.lids("default")`). */
export declare class Lids {
  /** The session this handle talks to. */
  readonly session: string
  /** Known mappings. */
  list(options?: { limit?: number; offset?: number }): Promise<LidMapping[]>
  /** Number of known mappings. */
  count(): Promise<number>
  /** The phone number behind a `@lid`. */
  phoneNumber(lid: string): Promise<LidMapping>
  /** The `@lid` of a phone number. */
  lid(phoneNumber: string): Promise<LidMapping>
}

/** A WAHA client: one connection pool, calls run on the Rust runtime. The API key never appears in output. */
export declare class Client {
  /** `new Client({ baseUrl, apiKey, timeoutMs, maxRetries, retryBaseDelayMs })`; bad options throw InvalidArgumentError. */
  constructor(options: ClientOptions)
  /** A client from `WAHA_URL` (required) and `WAHA_API_KEY`. */
  static fromEnv(): Client
  /** The base URL requests go to (without a trailing `/`). */
  readonly baseUrl: string
  /** What this client did so far: calls, retries, rate-limited answers, errors by code. */
  stats(): ClientStats
  /** The groups API of `session`. */
  groups(session: string): Groups
  /** The `@lid` directory of `session`. */
  lids(session: string): Lids
  /** All sessions. */
  sessions(): Promise<SessionInfo[]>
  /** One session. */
  session(name: string): Promise<SessionInfo>
  /** The account a session is logged in as. */
  me(session: string): Promise<MeInfo | null>
  /** Server version and environment. */
  version(): Promise<Environment>
  /** Raises unless the server answers. */
  ping(): Promise<null>
}

/** Options of `MockWaha.start()`: the persona, the API key to require, determinism (`seed`, `clockMs`), a world from `exportState()`, webhooks and extra sessions. */
export interface MockOptions {
  engine?: Engine
  apiKey?: string
  seed?: number
  clockMs?: number
  state?: unknown
  webhooks?: Array<{ url: string; events?: string[]; hmac?: { key: string }; retries?: { policy?: string; delaySeconds?: number; attempts?: number } }>
  sessions?: Array<{ name: string; phone: string; pushName?: string; status?: string }>
  /** WhatsApp's limits to simulate (off by default), as `setLimits` takes them. */
  limits?: MockLimits
  /** Larger request bodies get WAHA's 413 and change nothing (default 16 MiB). */
  maxBodyBytes?: number
  /** Deliveries that may wait per receiver URL (default 1,000); past it new ones are dropped and counted. */
  webhookQueueBound?: number
}
/** WhatsApp's limits the mock simulates. */
export interface MockLimits {
  /** Largest group, admins included (WhatsApp: 1024); adds beyond it answer the per-member code 419. */
  groupSizeCap?: number | null
  /** Member changes per minute per session; over it WAHA's 500 rate-overlimit, nothing changed. */
  perMinute?: number | null
  /** How many members may go at once (default 20). */
  burst?: number
}
/** A fault for the next `times` matching calls (or with `probability`): a status with a body, rate-overlimit, a delay, a dropped connection, a hollow or empty answer. */
export interface FaultSpec {
  operation?: string
  method?: string
  session?: string
  kind?: 'status' | 'rate-overlimit' | 'delay' | 'drop' | 'drop-answer' | 'hollow' | 'empty'
  status?: number
  body?: unknown
  delayMs?: number
  times?: number
  probability?: number
  seed?: number
}
/** A request the mock answered. */
export interface JournalEntry { seq: number; atMs: number; method: string; path: string; query: string | null; operation: string | null; session: string | null; status: number; body: unknown }
/** An emitted webhook envelope with its delivery results per URL. */
export interface Delivery { seq: number; session: string; event: string; body: unknown; deliveries: Array<{ url: string; attempts: number; last_status: number | null; delivered: boolean; dropped?: boolean }> }

/** The mock WAHA in-process: state, WhatsApp's rules, each engine's shapes, faults and signed webhooks. */
export declare class MockWaha {
  /** Starts a mock on a free loopback port. */
  static start(options?: MockOptions): Promise<MockWaha>
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string
  /** The engine persona. */
  readonly engine: Engine
  /** Stops the server. */
  stop(): Promise<void>
  /** Back to the start state; journal, events and faults cleared. */
  reset(): void
  /** The world as JSON (importable with `importState` or `state`). */
  exportState(): unknown
  /** Replaces the world; it becomes the reset point. */
  importState(state: unknown): void
  /** Adds a session logged in as `phone`. */
  addSession(name: string, phone: string, options?: { pushName?: string; status?: string }): void
  /** WORKING, STOPPED, STARTING, SCAN_QR_CODE or FAILED. */
  setSessionStatus(name: string, status: string): void
  /** Makes `phone` refuse (or, with `false`, accept again) direct adds, like WhatsApp's privacy setting: adding it answers 403 with an invitation (WEBJS/WPP report it as sent). */
  setRefusesDirectAdds(phone: string, refuses?: boolean): void
  /** Webhook deliveries dropped because a receiver's queue was full. */
  readonly droppedDeliveries: number
  /** The simulated limits (null: off). */
  readonly limits: { groupSizeCap: number | null; memberRate: { perMinute: number; burst: number } | null }
  /** Simulates WhatsApp's limits (each off when not given); bad values throw InvalidArgumentError. */
  setLimits(limits?: MockLimits): void
  /** Requests the mock answered (bounded), oldest first. */
  journal(filter?: { operation?: string; method?: string; session?: string; status?: number; since?: number }): JournalEntry[]
  /** Emitted webhook events, parsed like `parseWebhook`. */
  events(filter?: { session?: string; event?: string }): WebhookEvent[]
  /** Emitted envelopes as sent, with delivery results. */
  deliveries(filter?: { session?: string; event?: string }): Delivery[]
  /** Adds a fault; returns its id. */
  addFault(spec: FaultSpec): number
  /** Removes every fault. */
  clearFaults(): void
  /** The other side acts (`'join_by_link'`, `'leave'`, `'add'`, …); returns the number of events emitted. */
  simulate(action: string, fields?: Record<string, unknown>): number
  /** Pins the clock to `nowMs` (Unix ms). */
  setClock(nowMs: number): void
}

/** Request headers: an object (any case), a `Headers`/`Map`, or `[name, value]` pairs. */
export type Headers = Record<string, string | string[] | undefined> | Iterable<[string, string]> | Array<[string, string]>
/** Parses a webhook body into a `WebhookEvent`; with `hmacKey`, `X-Webhook-Hmac` is verified first (constant time). */
export declare function parseWebhook(body: Buffer | string, options?: { headers?: Headers; hmacKey?: Buffer | string }): WebhookEvent
/** Throws SignatureMissingError, SignatureMismatchError or SignatureAlgorithmError unless the signature is valid. */
export declare function verifyWebhook(body: Buffer | string, options: { headers?: Headers; hmacKey: Buffer | string }): void
/** Hex HMAC-SHA512 of `body`, as WAHA sends in `X-Webhook-Hmac`. */
export declare function signWebhook(body: Buffer | string, hmacKey: Buffer | string): string
/** Decodes a raw WAHA answer of `method` (snake_case SDK method name) the way the client does (for fixtures and contract tests). */
export declare function decodeResponse(method: string, body: string, requested?: string[]): unknown
/** The WahaError WAHA's `status` + `body` map to (not thrown). */
export declare function errorFromResponse(status: number, body: string, session?: string): WahaError
/** Every stable error code, in the core's order. */
export declare function errorCodes(): string[]
/** Every error kind in the core's order: its code, the class thrown for it and that class's base. */
export declare function errorKinds(): Array<{ code: string; className: string; baseClass: string }>
/** JSON Schema of a model (`'Group'`, …, `'WebhookEvent'`); `'openapi'` gives the OpenAPI 3.1 document. */
export declare function jsonSchema(name: string): Record<string, unknown>

/** Base of every waha-groups error: `code`, `status`, `body`, `session`, `sessionStatus`, `retryAfter`. */
export declare class WahaError extends Error {
  /** Stable code, e.g. `'rate_limited'`. */
  code: string
  /** HTTP status, when the error came from a response. */
  status: number | null
  /** The response body as received. */
  body: string | null
  /** The session of a 422 session error. */
  session: string | null
  /** The session's actual status (`STOPPED`, `SCAN_QR_CODE`, …) of a 422. */
  sessionStatus: string | null
  /** Seconds the server asked to wait. */
  retryAfter: number | null
}
/** Bad input caught before anything was sent; the message names the argument. */
export declare class InvalidArgumentError extends WahaError {}
/** 400 from one of WAHA's validated routes. */
export declare class ValidationError extends WahaError {}
/** 401: missing or wrong API key. */
export declare class AuthenticationError extends WahaError {}
/** 403: the key may not use this session. */
export declare class ForbiddenError extends WahaError {}
/** 404: the route does not exist on this WAHA (older version or wrong base URL). */
export declare class NotFoundError extends WahaError {}
/** 422: the session does not exist. */
export declare class SessionNotFoundError extends WahaError {}
/** 422: the session is not WORKING (`sessionStatus` says what it is). */
export declare class SessionNotReadyError extends WahaError {}
/** 422: the feature needs WAHA Plus. */
export declare class PlusOnlyError extends WahaError {}
/** 501: the session's engine does not implement the method. */
export declare class NotImplementedByEngineError extends WahaError {}
/** WhatsApp's rate-overlimit (WAHA sends it as a 500). */
export declare class RateLimitError extends WahaError {}
/** Any other 500: a WhatsApp or engine error. */
export declare class EngineError extends WahaError {}
/** The group does not exist or this account is not in it (WAHA sends a 500; never retried). Also an EngineError. */
export declare class GroupNotFoundError extends EngineError {}
/** A setter answered false: WhatsApp refused (usually missing admin rights). */
export declare class RefusedError extends WahaError {}
/** Any other unexpected HTTP status. */
export declare class HttpError extends WahaError {}
/** Could not connect, or the connection broke. */
export declare class TransportError extends WahaError {}
/** No answer within the timeout. */
export declare class RequestTimeoutError extends WahaError {}
/** The answer could not be decoded; `body` keeps it. */
export declare class DecodeError extends WahaError {}
/** Base of webhook parsing and signature errors. */
export declare class WebhookError extends WahaError {}
/** The body is not a valid WAHA webhook envelope. */
export declare class WebhookMalformedError extends WebhookError {}
/** No `X-Webhook-Hmac` header although a key was given. */
export declare class SignatureMissingError extends WebhookError {}
/** The signature does not match: the body was altered or the key is wrong. */
export declare class SignatureMismatchError extends WebhookError {}
/** `X-Webhook-Hmac-Algorithm` is not sha512. */
export declare class SignatureAlgorithmError extends WebhookError {}
/** `join`/`joinInfo` of an invite code that does not exist or was revoked; never retried. */
export declare class InviteNotFoundError extends EngineError {}
/** A job's state file cannot be read or written, is damaged, or belongs to another job. */
export declare class StateFileError extends WahaError {}
