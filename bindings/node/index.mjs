// ESM entry: the same objects as the CommonJS facade.
import cjs from './index.js'

export const {
  Client, Groups, ParticipantOutcomes, Lids, MockWaha, parseWebhook, verifyWebhook, signWebhook, decodeResponse, errorFromResponse, errorCodes, jsonSchema,
  WahaError, WebhookError, InvalidArgumentError, ValidationError, AuthenticationError, ForbiddenError, NotFoundError,
  SessionNotFoundError, SessionNotReadyError, PlusOnlyError, NotImplementedByEngineError, RateLimitError, EngineError, GroupNotFoundError,
  RefusedError, HttpError, TransportError, RequestTimeoutError, DecodeError, WebhookMalformedError,
  SignatureMissingError, SignatureMismatchError, SignatureAlgorithmError,
} = cjs
export default cjs
