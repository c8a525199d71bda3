'use strict'
// The facade of the npm package `waha-groups`: names arguments, turns the native layer's
// tagged errors into WahaError subclasses, and offers async iteration. Every operation runs
// in the Rust core (waha_groups::dynamic); nothing here decides behaviour.

const native = require('./binding.js')

const ERROR_TAG = 'WAHA_ERROR:'

class WahaError extends Error {
  constructor(message, data = {}) {
    super(message)
    this.name = new.target.name
    this.code = data.code ?? 'waha_error'
    this.status = data.status ?? null
    this.body = data.body ?? null
    this.session = data.session ?? null
    this.sessionStatus = data.sessionStatus ?? null
    this.retryAfter = data.retryAfter ?? null
  }
}

const CLASS_NAMES = {
  invalid_argument: 'InvalidArgumentError',
  validation: 'ValidationError',
  authentication: 'AuthenticationError',
  forbidden: 'ForbiddenError',
  not_found: 'NotFoundError',
  session_not_found: 'SessionNotFoundError',
  session_not_ready: 'SessionNotReadyError',
  plus_only: 'PlusOnlyError',
  not_implemented: 'NotImplementedByEngineError',
  rate_limited: 'RateLimitError',
  engine_error: 'EngineError',
  refused: 'RefusedError',
  http: 'HttpError',
  transport: 'TransportError',
  timeout: 'RequestTimeoutError',
  decode: 'DecodeError',
  webhook_malformed: 'WebhookMalformedError',
  signature_missing: 'SignatureMissingError',
  signature_mismatch: 'SignatureMismatchError',
  signature_algorithm: 'SignatureAlgorithmError',
}

const errors = { WahaError }
errors.WebhookError = class WebhookError extends WahaError {}
for (const [code, name] of Object.entries(CLASS_NAMES)) {
  const base = code.startsWith('webhook_') || code.startsWith('signature_') ? errors.WebhookError : WahaError
  errors[name] = { [name]: class extends base {} }[name]
}
const BY_CODE = Object.fromEntries(Object.entries(CLASS_NAMES).map(([code, name]) => [code, errors[name]]))

/** The WahaError subclass for the native layer's tagged error data. */
function fromData(data) {
  const Cls = BY_CODE[data.code] ?? WahaError
  return new Cls(data.message, data)
}

function convert(err) {
  const message = err && typeof err.message === 'string' ? err.message : ''
  if (message.startsWith(ERROR_TAG)) return fromData(JSON.parse(message.slice(ERROR_TAG.length)))
  return err
}

async function wrap(promise) {
  try {
    return await promise
  } catch (err) {
    throw convert(err)
  }
}

/** Awaits a native call whose result is JSON text. */
async function json(promise) {
  return JSON.parse(await wrap(promise))
}

function sync(fn) {
  try {
    return fn()
  } catch (err) {
    throw convert(err)
  }
}

// Iterables become arrays; anything else (a lone string, a number) goes to the core as is,
// which rejects it with an error naming the argument.
function ids(participants) {
  const iterable = typeof participants !== 'string' && participants != null && typeof participants[Symbol.iterator] === 'function'
  return iterable ? Array.from(participants) : participants
}

// Group methods: name → positional parameters; a trailing options object is merged in.
const GROUP_METHODS = {
  create: ['name', 'participants'],
  list: [],
  count: [],
  refresh: [],
  joinInfo: ['code'],
  join: ['code'],
  get: ['id'],
  delete: ['id'],
  leave: ['id'],
  picture: ['id'],
  setPicture: ['id'],
  deletePicture: ['id'],
  setSubject: ['id', 'subject'],
  setDescription: ['id', 'description'],
  infoAdminOnly: ['id'],
  setInfoAdminOnly: ['id', 'adminsOnly'],
  messagesAdminOnly: ['id'],
  setMessagesAdminOnly: ['id', 'adminsOnly'],
  memberAddMode: ['id'],
  setMemberAddMode: ['id', 'membersCanAdd'],
  memberShareHistoryMode: ['id'],
  setMemberShareHistoryMode: ['id', 'membersCanShare'],
  membershipApproval: ['id'],
  setMembershipApproval: ['id', 'required'],
  inviteCode: ['id'],
  revokeInviteCode: ['id'],
  participants: ['id'],
  participantsV1: ['id'],
  addParticipants: ['id', 'participants'],
  removeParticipants: ['id', 'participants'],
  promote: ['id', 'participants'],
  demote: ['id', 'participants'],
  joinRequests: ['id'],
  approveJoinRequests: ['id', 'participants'],
  rejectJoinRequests: ['id', 'participants'],
}

function argsOf(params, values) {
  const args = {}
  params.forEach((p, i) => {
    args[p] = p === 'participants' && values[i] !== undefined ? ids(values[i]) : values[i]
  })
  const extra = values[params.length]
  if (extra !== undefined && extra !== null) {
    if (typeof extra !== 'object') throw new errors.InvalidArgumentError(`invalid_argument: options must be an object, got ${typeof extra}`, { code: 'invalid_argument' })
    Object.assign(args, extra)
  }
  return args
}

class Groups {
  constructor(native, session) {
    this._native = native
    this.session = session
  }

  /** Every group, page by page: `for await (const g of groups.iter({ pageSize: 50 }))`. */
  async *iter(options = {}) {
    const { pageSize = 100, ...rest } = options
    const it = sync(() => this._native.iterGroups(this.session, { limit: pageSize, ...rest }))
    for (;;) {
      const text = await wrap(it.next())
      if (text === null) return
      yield JSON.parse(text)
    }
  }
}
for (const [name, params] of Object.entries(GROUP_METHODS)) {
  Groups.prototype[name] = function (...values) {
    return json(Promise.resolve().then(() => this._native.call('groups', this.session, name, argsOf(params, values))))
  }
}

class Lids {
  constructor(native, session) {
    this._native = native
    this.session = session
  }
  list(options = {}) {
    return json(this._native.call('lids', this.session, 'list', options))
  }
  count() {
    return json(this._native.call('lids', this.session, 'count', {}))
  }
  phoneNumber(lid) {
    return json(this._native.call('lids', this.session, 'phoneNumber', { lid }))
  }
  lid(phoneNumber) {
    return json(this._native.call('lids', this.session, 'lid', { phoneNumber }))
  }
}

class Client {
  /** `new Client({ baseUrl, apiKey, timeoutMs, maxRetries, retryBaseDelayMs })`. */
  constructor(options) {
    if (options instanceof native.NativeClient) {
      this._native = options
    } else {
      this._native = sync(() => new native.NativeClient(options ?? {}))
    }
  }
  /** From WAHA_URL and WAHA_API_KEY. */
  static fromEnv() {
    return new Client(sync(() => native.NativeClient.fromEnv()))
  }
  get baseUrl() {
    return this._native.baseUrl
  }
  groups(session) {
    return new Groups(this._native, session)
  }
  lids(session) {
    return new Lids(this._native, session)
  }
  sessions() {
    return json(this._native.call('client', '', 'sessions', {}))
  }
  session(name) {
    return json(this._native.call('client', '', 'session', { name }))
  }
  me(session) {
    return json(this._native.call('client', '', 'me', { session }))
  }
  version() {
    return json(this._native.call('client', '', 'version', {}))
  }
  ping() {
    return json(this._native.call('client', '', 'ping', {}))
  }
  toString() {
    return `Client(${this.baseUrl})`
  }
  [Symbol.for('nodejs.util.inspect.custom')]() {
    return this.toString() // never the API key
  }
}

function headerPairs(headers) {
  if (!headers) return []
  if (typeof headers.entries === 'function' && !Array.isArray(headers)) return Array.from(headers.entries(), ([k, v]) => [String(k), String(v)])
  if (Array.isArray(headers)) return headers.map(([k, v]) => [String(k), String(v)])
  return Object.entries(headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, String(x)]) : v === undefined ? [] : [[k, String(v)]]))
}

/** Parses (and with `hmacKey` verifies) a webhook body into a typed event. */
function parseWebhook(body, options = {}) {
  return JSON.parse(sync(() => native.parseWebhook(body, headerPairs(options.headers), options.hmacKey ?? null)))
}

/** Throws SignatureMissingError / SignatureMismatchError / SignatureAlgorithmError unless valid. */
function verifyWebhook(body, options) {
  sync(() => native.verifyWebhook(body, headerPairs(options.headers), options.hmacKey))
}

/** Hex HMAC-SHA512 of `body`, as WAHA sends in X-Webhook-Hmac. */
function signWebhook(body, hmacKey) {
  return native.signWebhook(body, hmacKey)
}

/** Decodes a raw WAHA answer of `method` (snake_case SDK method name) as the client does. */
function decodeResponse(method, body, requested) {
  return JSON.parse(sync(() => native.decodeResponse(method, body, requested ?? null)))
}

/** The WahaError WAHA's status + body map to (not thrown). */
function errorFromResponse(status, body, session) {
  const tagged = native.errorFromResponse(status, body, session ?? null)
  return fromData(JSON.parse(tagged.slice(ERROR_TAG.length)))
}

class MockWaha {
  constructor(native) {
    this._native = native
  }
  /** Starts an in-process mock WAHA: `{ engine, apiKey, seed, clockMs, state, webhooks, sessions }`. */
  static async start(options = {}) {
    return new MockWaha(await native.NativeMock.start(options))
  }
  get url() {
    return this._native.url
  }
  get engine() {
    return this._native.engine
  }
  async stop() {
    this._native.stop()
  }
  reset() {
    this._native.reset()
  }
  exportState() {
    return this._native.exportState()
  }
  importState(state) {
    this._native.importState(state)
  }
  addSession(name, phone, options = {}) {
    this._native.addSession({ name, phone, ...options })
  }
  setSessionStatus(name, status) {
    this._native.setSessionStatus(name, status)
  }
  journal(filter = {}) {
    return this._native.journal(filter.operation ?? null, filter.method ?? null, filter.session ?? null, filter.status ?? null, filter.since ?? null)
  }
  /** Emitted events, parsed like parseWebhook. */
  events(filter = {}) {
    return this.deliveries(filter).map((d) => parseWebhook(JSON.stringify(d.body)))
  }
  /** Emitted envelopes as sent, with delivery results. */
  deliveries(filter = {}) {
    return this._native.deliveries(filter.session ?? null, filter.event ?? null)
  }
  /** `{ operation, kind, status, body, delayMs, times, probability, seed, method, session }`. */
  addFault(spec) {
    const { delayMs, ...rest } = spec
    return this._native.addFault(delayMs === undefined ? rest : { ...rest, delay_ms: delayMs })
  }
  clearFaults() {
    this._native.clearFaults()
  }
  /** The other side acts: `simulate('join_by_link', { group, actor })`; returns events emitted. */
  simulate(action, fields = {}) {
    return this._native.simulate({ action, ...fields })
  }
  setClock(nowMs) {
    this._native.setClock(nowMs)
  }
}

module.exports = {
  Client,
  Groups,
  Lids,
  MockWaha,
  parseWebhook,
  verifyWebhook,
  signWebhook,
  decodeResponse,
  errorFromResponse,
  errorCodes: () => native.errorCodes(),
  /** JSON Schema of a model (`'Group'`, …, `'WebhookEvent'`); `'openapi'` gives the OpenAPI 3.1 document. */
  jsonSchema: (name) => sync(() => native.jsonSchema(name)),
  ...errors,
}
