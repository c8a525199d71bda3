//! Decoding a raw answer by operation: the same decoders the typed methods use, with the
//! result as the model's JSON. The shared fixture checks (Rust, Python, Node) go through here.

use serde::Serialize;
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::http::{Reply, expect_accepted};
use crate::routes::Operation as Op;

fn to_json<T: Serialize>(value: T) -> Result<Value> {
    serde_json::to_value(value)
        .map_err(|e| Error::decode(format!("cannot serialise the model: {e}"), "").with_source(e))
}

/// Decodes the 2xx `body` of `op` into the model the SDK method returns, as JSON.
///
/// Scalars are wrapped so every result is an object or array: setters give
/// `{"accepted": true}`, boolean getters `{"value": bool}`, invite codes `{"code", "url"}`,
/// `count` `{"count"}`, `join` `{"id"}`, `picture` `{"url"}`. `requested` are the member ids
/// sent to add/remove/promote/demote (used when the answer has no per-member part).
///
/// ```
/// use waha_groups::{engine::decode_response, routes::Operation};
/// let v = decode_response(Operation::GetInviteCode, "https://chat.whatsapp.com/AbC", &[]).unwrap();
/// assert_eq!(v["code"], "AbC");
/// ```
pub fn decode_response(op: Op, body: &str, requested: &[String]) -> Result<Value> {
    let reply = Reply { text: body.to_owned() };
    let what = op.method_name();
    match op {
        Op::CreateGroup | Op::GetGroup => to_json(super::group_owned(reply.json()?)?),
        Op::ListGroups => to_json(super::group_list(reply.json()?)?),
        Op::JoinInfo => to_json(super::join_info(reply.json()?)?),
        Op::JoinGroup => Ok(json!({ "id": super::joined_group_id(&reply.json()?) })),
        Op::CountGroups | Op::CountLids => Ok(json!({ "count": super::count(&reply.json()?)? })),
        Op::GetPicture => Ok(json!({ "url": super::picture_url(&reply.json()?)? })),
        Op::RefreshGroups
        | Op::DeleteGroup
        | Op::LeaveGroup
        | Op::SetPicture
        | Op::DeletePicture
        | Op::SetDescription
        | Op::SetSubject
        | Op::SetInfoAdminOnly
        | Op::SetMessagesAdminOnly
        | Op::SetMemberAddMode
        | Op::SetMemberShareHistoryMode
        | Op::SetMembershipApproval => expect_accepted(&reply, what).map(|()| json!({ "accepted": true })),
        Op::GetInfoAdminOnly
        | Op::GetMessagesAdminOnly
        | Op::GetMemberAddMode
        | Op::GetMemberShareHistoryMode
        | Op::GetMembershipApproval => Ok(json!({ "value": super::flag(&reply.json()?, super::flag_field(op))? })),
        Op::GetInviteCode | Op::RevokeInviteCode => {
            let code = super::invite_code(body)?;
            Ok(json!({ "code": code.as_str(), "url": code.url() }))
        }
        Op::Participants => to_json(super::participant_list(reply.json()?)?),
        Op::ParticipantsV2 => to_json(super::participants(&reply.json()?)?),
        Op::AddParticipants | Op::RemoveParticipants | Op::PromoteParticipants | Op::DemoteParticipants => {
            to_json(super::participant_outcomes(&reply.json()?, requested))
        }
        Op::JoinRequests => to_json(super::join_requests(&reply.json()?)?),
        Op::ApproveJoinRequests | Op::RejectJoinRequests => to_json(super::join_request_outcomes(&reply.json()?)?),
        Op::LidToPhoneNumber | Op::PhoneNumberToLid => to_json(super::lid_mapping(&reply.json()?)?),
        Op::ListLids => match reply.json()? {
            Value::Array(items) => to_json(items.iter().map(super::lid_mapping).collect::<Result<Vec<_>>>()?),
            other => Err(Error::decode("lids: expected an array", other.to_string())),
        },
        Op::ListSessions => match reply.json()? {
            Value::Array(items) => to_json(items.into_iter().map(super::session_info).collect::<Result<Vec<_>>>()?),
            other => Err(Error::decode("sessions: expected an array", other.to_string())),
        },
        Op::GetSession => to_json(super::session_info(reply.json()?)?),
        Op::GetMe => to_json(super::me_info(&reply.json()?)),
        Op::Version | Op::ServerVersion => to_json(super::environment(&reply.json()?)),
        Op::Ping | Op::Health => reply.json(),
    }
}
