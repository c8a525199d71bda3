// Types of the `waha-groups` facade (index.js). The native layer's generated types are in binding.d.ts.
// Timestamps are Unix milliseconds (numbers); `raw` keeps WAHA's JSON exactly as sent.

/** `'participant' | 'admin' | 'superadmin' | 'left'` (unknown values pass through). */
export type Role = 'participant' | 'admin' | 'superadmin' | 'left' | (string & {})
export type Engine = 'WEBJS' | 'WPP' | 'NOWEB' | 'GOWS' | (string & {})
/** A member id (`'111@c.us'`, `'123@lid'`, bare digits) or `{ id }`. */
export type ParticipantLike = string | { id: string }

export interface Participant { id: string; pn?: string | null; role: Role }
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
  raw: unknown
}
/** The outcomes of one add / remove / promote / demote call: an array with the follow-ups. */
export declare class ParticipantOutcomes extends Array<ParticipantOutcome> {
  /** Outcomes WhatsApp did not apply. */
  failed(): ParticipantOutcome[]
  /** Privacy-refused adds (403) the engine did not already send an invitation for: yours to send. */
  invitations(): ParticipantOutcome[]
}
export interface ParticipantList { participants: Participant[]; raw: unknown }
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
export interface JoinRequestOutcome { requesterId: string | null; ok: boolean; error: number | null; raw: unknown }
export interface LidMapping { lid: string; pn: string | null }
export interface MeInfo { id: string; lid: string | null; jid: string | null; pushName: string | null }
export interface Environment {
  version: string | null
  engine: string | null
  tier: string | null
  browser: string | null
  platform: string | null
  workerId: string | null
}
export interface SessionInfo { name: string; status: string; me: MeInfo | null; engine: string | null; raw: unknown }

export type GroupEvent =
  | { type: 'join'; timestamp: number | null; group: Group }
  | { type: 'leave'; timestamp: number | null; groupId: string }
  | { type: 'update'; timestamp: number | null; group: GroupPatch }
  | { type: 'participants'; kind: 'join' | 'leave' | 'promote' | 'demote' | (string & {}); timestamp: number | null; groupId: string; participants: Participant[] }
  | { type: 'join_request'; action: 'created' | 'rejected' | 'revoked' | (string & {}); groupId: string; requesterId: string; requesterPn: string | null; method: string | null; timestamp: number | null }
  | { type: 'legacy_join' | 'legacy_leave'; groupId: string | null; participants: string[]; author: string | null; timestamp: number | null; raw: unknown }
  | { type: 'other'; event: string; raw: unknown }

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

export interface ClientOptions {
  baseUrl: string
  apiKey?: string
  /** Whole-request timeout in ms (default 30000). */
  timeoutMs?: number
  /** Retries of safe requests (default 3). */
  maxRetries?: number
  /** First backoff step in ms (default 250). */
  retryBaseDelayMs?: number
}
export interface ListOptions {
  limit?: number
  offset?: number
  sortBy?: 'id' | 'subject'
  sortOrder?: 'asc' | 'desc'
  excludeParticipants?: boolean
}
export interface IterOptions extends Omit<ListOptions, 'limit' | 'offset'> { pageSize?: number }
export interface PictureOptions { url?: string; data?: string; mimetype?: string }

export declare class Groups {
  readonly session: string
  create(name: string, participants?: Iterable<ParticipantLike>): Promise<Group>
  list(options?: ListOptions): Promise<Group[]>
  iter(options?: IterOptions): AsyncGenerator<Group, void, undefined>
  count(): Promise<number>
  refresh(): Promise<null>
  joinInfo(code: string): Promise<GroupJoinInfo>
  /** The group id, or null when a join request was made instead. */
  join(code: string): Promise<string | null>
  get(id: string): Promise<Group>
  delete(id: string): Promise<null>
  leave(id: string): Promise<null>
  picture(id: string, options?: { refresh?: boolean }): Promise<string | null>
  setPicture(id: string, options: PictureOptions): Promise<null>
  deletePicture(id: string): Promise<null>
  setSubject(id: string, subject: string): Promise<null>
  setDescription(id: string, description: string): Promise<null>
  infoAdminOnly(id: string): Promise<boolean>
  setInfoAdminOnly(id: string, adminsOnly: boolean): Promise<null>
  messagesAdminOnly(id: string): Promise<boolean>
  setMessagesAdminOnly(id: string, adminsOnly: boolean): Promise<null>
  memberAddMode(id: string): Promise<boolean>
  setMemberAddMode(id: string, membersCanAdd: boolean): Promise<null>
  memberShareHistoryMode(id: string): Promise<boolean>
  setMemberShareHistoryMode(id: string, membersCanShare: boolean): Promise<null>
  membershipApproval(id: string): Promise<boolean>
  setMembershipApproval(id: string, required: boolean): Promise<null>
  inviteCode(id: string): Promise<string>
  revokeInviteCode(id: string): Promise<string>
  participants(id: string): Promise<Participant[]>
  participantsV1(id: string): Promise<ParticipantList>
  addParticipants(id: string, participants: Iterable<ParticipantLike>): Promise<ParticipantOutcomes>
  removeParticipants(id: string, participants: Iterable<ParticipantLike>): Promise<ParticipantOutcomes>
  promote(id: string, participants: Iterable<ParticipantLike>): Promise<ParticipantOutcomes>
  demote(id: string, participants: Iterable<ParticipantLike>): Promise<ParticipantOutcomes>
  joinRequests(id: string): Promise<JoinRequest[]>
  approveJoinRequests(id: string, participants: Iterable<ParticipantLike>): Promise<JoinRequestOutcome[]>
  rejectJoinRequests(id: string, participants: Iterable<ParticipantLike>): Promise<JoinRequestOutcome[]>
}

export declare class Lids {
  readonly session: string
  list(options?: { limit?: number; offset?: number }): Promise<LidMapping[]>
  count(): Promise<number>
  phoneNumber(lid: string): Promise<LidMapping>
  lid(phoneNumber: string): Promise<LidMapping>
}

export declare class Client {
  constructor(options: ClientOptions)
  static fromEnv(): Client
  readonly baseUrl: string
  groups(session: string): Groups
  lids(session: string): Lids
  sessions(): Promise<SessionInfo[]>
  session(name: string): Promise<SessionInfo>
  me(session: string): Promise<MeInfo | null>
  version(): Promise<Environment>
  ping(): Promise<null>
}

export interface MockOptions {
  engine?: Engine
  apiKey?: string
  seed?: number
  clockMs?: number
  state?: unknown
  webhooks?: Array<{ url: string; events?: string[]; hmac?: { key: string }; retries?: { policy?: string; delaySeconds?: number; attempts?: number } }>
  sessions?: Array<{ name: string; phone: string; pushName?: string; status?: string }>
}
export interface FaultSpec {
  operation?: string
  method?: string
  session?: string
  kind?: 'status' | 'rate-overlimit' | 'delay' | 'drop' | 'hollow' | 'empty'
  status?: number
  body?: unknown
  delayMs?: number
  times?: number
  probability?: number
  seed?: number
}
export interface JournalEntry { seq: number; atMs: number; method: string; path: string; query: string | null; operation: string | null; session: string | null; status: number; body: unknown }
export interface Delivery { seq: number; session: string; event: string; body: unknown; deliveries: Array<{ url: string; attempts: number; last_status: number | null; delivered: boolean }> }

export declare class MockWaha {
  static start(options?: MockOptions): Promise<MockWaha>
  readonly url: string
  readonly engine: Engine
  stop(): Promise<void>
  reset(): void
  exportState(): unknown
  importState(state: unknown): void
  addSession(name: string, phone: string, options?: { pushName?: string; status?: string }): void
  setSessionStatus(name: string, status: string): void
  /** Makes `phone` refuse (or, with `false`, accept again) direct adds, like WhatsApp's privacy setting: adding it answers 403 with an invitation (WEBJS/WPP report it as sent). */
  setRefusesDirectAdds(phone: string, refuses?: boolean): void
  journal(filter?: { operation?: string; method?: string; session?: string; status?: number; since?: number }): JournalEntry[]
  events(filter?: { session?: string; event?: string }): WebhookEvent[]
  deliveries(filter?: { session?: string; event?: string }): Delivery[]
  addFault(spec: FaultSpec): number
  clearFaults(): void
  simulate(action: string, fields?: Record<string, unknown>): number
  setClock(nowMs: number): void
}

export type Headers = Record<string, string | string[] | undefined> | Iterable<[string, string]> | Array<[string, string]>
export declare function parseWebhook(body: Buffer | string, options?: { headers?: Headers; hmacKey?: Buffer | string }): WebhookEvent
export declare function verifyWebhook(body: Buffer | string, options: { headers?: Headers; hmacKey: Buffer | string }): void
export declare function signWebhook(body: Buffer | string, hmacKey: Buffer | string): string
export declare function decodeResponse(method: string, body: string, requested?: string[]): unknown
export declare function errorFromResponse(status: number, body: string, session?: string): WahaError
export declare function errorCodes(): string[]
/** JSON Schema of a model (`'Group'`, …, `'WebhookEvent'`); `'openapi'` gives the OpenAPI 3.1 document. */
export declare function jsonSchema(name: string): Record<string, unknown>

export declare class WahaError extends Error {
  /** Stable code, e.g. `'rate_limited'`. */
  code: string
  status: number | null
  body: string | null
  session: string | null
  sessionStatus: string | null
  /** Seconds the server asked to wait. */
  retryAfter: number | null
}
export declare class InvalidArgumentError extends WahaError {}
export declare class ValidationError extends WahaError {}
export declare class AuthenticationError extends WahaError {}
export declare class ForbiddenError extends WahaError {}
export declare class NotFoundError extends WahaError {}
export declare class SessionNotFoundError extends WahaError {}
export declare class SessionNotReadyError extends WahaError {}
export declare class PlusOnlyError extends WahaError {}
export declare class NotImplementedByEngineError extends WahaError {}
export declare class RateLimitError extends WahaError {}
export declare class EngineError extends WahaError {}
/** The group does not exist or this account is not in it (WAHA sends a 500; never retried). Also an EngineError. */
export declare class GroupNotFoundError extends EngineError {}
export declare class RefusedError extends WahaError {}
export declare class HttpError extends WahaError {}
export declare class TransportError extends WahaError {}
export declare class RequestTimeoutError extends WahaError {}
export declare class DecodeError extends WahaError {}
export declare class WebhookError extends WahaError {}
export declare class WebhookMalformedError extends WebhookError {}
export declare class SignatureMissingError extends WebhookError {}
export declare class SignatureMismatchError extends WebhookError {}
export declare class SignatureAlgorithmError extends WebhookError {}
