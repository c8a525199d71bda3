//! [`Groups`]: one async method per WAHA group operation, for one session.

use std::sync::Arc;

use futures_util::Stream;
use serde_json::Value;

use crate::engine;
use crate::error::{Error, Result};
use crate::http::{Call, Http, expect_accepted};
use crate::ids::{ContactId, GroupId, InviteCode};
use crate::model::wire::{
    CreateGroupRequest, DescriptionRequest, JoinGroupRequest, ParticipantsRequest, ProfilePictureRequest,
    SettingsMemberAddMode, SettingsMemberShareHistoryMode, SettingsMembershipApproval, SettingsSecurityChangeInfo,
    SubjectRequest,
};
use crate::model::{
    Group, GroupJoinInfo, JoinRequest, JoinRequestOutcome, ListGroups, Participant, ParticipantList,
    ParticipantOutcome, PictureFile,
};
use crate::routes::Operation as Op;

/// Default page size of [`Groups::stream`] when the query has no `limit`.
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// The groups API of one session: `client.groups("default")`.
///
/// Group ids, contact ids and invite codes are validated before anything is sent; an
/// invalid one is an [`crate::ErrorKind::InvalidArgument`] error naming the value.
///
/// ```no_run
/// # async fn demo() -> waha_groups::Result<()> {
/// use waha_groups::{Client, ListGroups, SortBy};
/// let client = Client::builder().base_url("http://localhost:3000").api_key("secret").build()?;
/// let groups = client.groups("default");
/// let g = groups.create("Team", ["111@c.us", "222@c.us"]).await?;
/// groups.add_participants(&g.id, ["333@c.us"]).await?;
/// for g in groups.list(ListGroups::new().limit(50).sort_by(SortBy::Subject)).await? {
///     println!("{}", g.subject);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Groups {
    http: Arc<Http>,
    session: String,
}

/// Validates member ids for WAHA's `{"participants": [{"id": ...}]}` body.
fn member_list<I, S>(participants: I, allow_empty: bool) -> Result<(Vec<String>, ParticipantsRequest)>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let ids =
        participants.into_iter().map(|p| ContactId::parse(p.as_ref()).map(String::from)).collect::<Result<Vec<_>>>()?;
    if ids.is_empty() && !allow_empty {
        return Err(Error::invalid("participants must not be empty"));
    }
    let request = ParticipantsRequest::new(&ids);
    Ok((ids, request))
}

/// A request body as JSON (the wire types always serialise).
fn body<T: serde::Serialize>(value: T) -> Value {
    serde_json::to_value(value).expect("wire bodies serialise")
}

fn group_id(id: impl AsRef<str>) -> Result<GroupId> {
    GroupId::parse(id.as_ref())
}

impl Groups {
    pub(crate) fn new(http: Arc<Http>, session: String) -> Self {
        Groups { http, session }
    }

    /// The session this handle talks to.
    pub fn session(&self) -> &str {
        &self.session
    }

    fn call(&self, op: Op) -> Call<'_> {
        Call::new(op).session(&self.session)
    }

    async fn json(&self, call: Call<'_>) -> Result<Value> {
        self.http.execute(call).await?.json()
    }

    async fn on_group(&self, op: Op, id: &GroupId) -> Result<Value> {
        self.json(self.call(op).params(&[id.as_str()])).await
    }

    async fn get_flag(&self, op: Op, id: impl AsRef<str>) -> Result<bool> {
        let id = group_id(id)?;
        engine::flag(&self.on_group(op, &id).await?, engine::flag_field(op))
    }

    async fn set_flag(&self, op: Op, id: impl AsRef<str>, value: bool, what: &str) -> Result<()> {
        let id = group_id(id)?;
        let request = match op {
            Op::SetMemberAddMode => body(SettingsMemberAddMode { members_can_add_new_member: value }),
            Op::SetMemberShareHistoryMode => body(SettingsMemberShareHistoryMode { members_can_share_history: value }),
            Op::SetMembershipApproval => body(SettingsMembershipApproval { new_members_approval_required: value }),
            _ => body(SettingsSecurityChangeInfo { admins_only: value }),
        };
        let reply = self.http.execute(self.call(op).params(&[id.as_str()]).body(request)).await?;
        expect_accepted(&reply, what)
    }

    async fn change_members<I, S>(
        &self,
        op: Op,
        id: impl AsRef<str>,
        participants: I,
    ) -> Result<Vec<ParticipantOutcome>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let id = group_id(id)?;
        // Outcomes name the ids as the caller wrote them (`requested`), not only as sent.
        let requested: Vec<String> = participants.into_iter().map(|p| p.as_ref().to_owned()).collect();
        let (_, request) = member_list(&requested, false)?;
        let v = self.json(self.call(op).params(&[id.as_str()]).body(body(request))).await?;
        Ok(engine::participant_outcomes(&v, &requested))
    }

    async fn answer_join_requests<I, S>(
        &self,
        op: Op,
        id: impl AsRef<str>,
        requesters: I,
    ) -> Result<Vec<JoinRequestOutcome>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let id = group_id(id)?;
        let (_, request) = member_list(requesters, false)?;
        let v = self.json(self.call(op).params(&[id.as_str()]).body(body(request))).await?;
        engine::join_request_outcomes(&v)
    }

    /// Creates a group (`POST /groups`, 201). You become its superadmin.
    pub async fn create<I, S>(&self, name: impl AsRef<str>, participants: I) -> Result<Group>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let name = name.as_ref();
        if name.trim().is_empty() {
            return Err(Error::invalid("group name must not be empty"));
        }
        let (_, members) = member_list(participants, true)?;
        let request = CreateGroupRequest { name: name.to_owned(), participants: members.participants };
        let v = self.json(self.call(Op::CreateGroup).body(body(request))).await?;
        engine::group_owned(v)
    }

    /// Lists groups (`GET /groups`) with paging, sorting and `exclude=participants`.
    pub async fn list(&self, query: ListGroups) -> Result<Vec<Group>> {
        let mut call = self.call(Op::ListGroups);
        call.query = query.query();
        engine::group_list(self.json(call).await?)
    }

    /// Every group, fetched page by page (`limit`/`offset`) as you consume the stream.
    ///
    /// The page size is `query.limit` (default [`DEFAULT_PAGE_SIZE`]). A server that ignores
    /// `offset` would repeat the first page forever; that is detected and ends the stream
    /// with an error instead.
    ///
    /// ```no_run
    /// # async fn demo(groups: waha_groups::Groups) -> waha_groups::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let all: Vec<_> = groups.stream(waha_groups::ListGroups::new().limit(50)).try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn stream(&self, query: ListGroups) -> impl Stream<Item = Result<Group>> + Send + 'static {
        let page_size = query.limit.unwrap_or(DEFAULT_PAGE_SIZE).max(1);
        let start = query.offset.unwrap_or(0);
        let groups = self.clone();
        struct State {
            groups: Groups,
            query: ListGroups,
            offset: u32,
            buffer: std::vec::IntoIter<Group>,
            previous_first: Option<String>,
            done: bool,
        }
        let state =
            State { groups, query, offset: start, buffer: Vec::new().into_iter(), previous_first: None, done: false };
        futures_util::stream::unfold(state, move |mut st| async move {
            loop {
                if let Some(g) = st.buffer.next() {
                    return Some((Ok(g), st));
                }
                if st.done {
                    return None;
                }
                let q = st.query.clone().limit(page_size).offset(st.offset);
                match st.groups.list(q).await {
                    Err(e) => {
                        st.done = true;
                        return Some((Err(e), st));
                    }
                    Ok(page) => {
                        let first = page.first().map(|g| g.id.clone());
                        if first.is_some() && first == st.previous_first {
                            st.done = true;
                            let msg = format!(
                                "the server returned the same page for offset {} (it ignores `offset`)",
                                st.offset
                            );
                            return Some((Err(Error::decode(msg, "")), st));
                        }
                        st.previous_first = first;
                        st.done = (page.len() as u32) < page_size;
                        st.offset = st.offset.saturating_add(page_size);
                        st.buffer = page.into_iter();
                    }
                }
            }
        })
    }

    /// Number of groups (`GET /groups/count`).
    pub async fn count(&self) -> Result<u64> {
        engine::count(&self.json(self.call(Op::CountGroups)).await?)
    }

    /// Reloads groups from WhatsApp (`POST /groups/refresh`). Call rarely: it can trigger rate-overlimit.
    pub async fn refresh(&self) -> Result<()> {
        let reply = self.http.execute(self.call(Op::RefreshGroups)).await?;
        expect_accepted(&reply, "refresh groups")
    }

    /// What an invite code or link leads to (`GET /groups/join-info`).
    pub async fn join_info(&self, code: impl AsRef<str>) -> Result<GroupJoinInfo> {
        let code = InviteCode::parse(code.as_ref())?;
        engine::join_info(self.json(self.call(Op::JoinInfo).query("code", code)).await?)
    }

    /// Joins by invite code or link (`POST /groups/join`); returns the group id when WAHA
    /// reports one (`None` when the group requires approval and a join request was made).
    pub async fn join(&self, code: impl AsRef<str>) -> Result<Option<String>> {
        let code = InviteCode::parse(code.as_ref())?;
        let v = self.json(self.call(Op::JoinGroup).body(body(JoinGroupRequest { code: code.into() }))).await?;
        Ok(engine::joined_group_id(&v))
    }

    /// One group (`GET /groups/{id}`).
    pub async fn get(&self, id: impl AsRef<str>) -> Result<Group> {
        let id = group_id(id)?;
        engine::group_owned(self.on_group(Op::GetGroup, &id).await?)
    }

    /// Deletes the group chat (`DELETE /groups/{id}`; WEBJS/WPP only, others answer 501).
    pub async fn delete(&self, id: impl AsRef<str>) -> Result<()> {
        let id = group_id(id)?;
        let reply = self.http.execute(self.call(Op::DeleteGroup).params(&[id.as_str()])).await?;
        expect_accepted(&reply, "delete the group")
    }

    /// Leaves the group (`POST …/leave`).
    pub async fn leave(&self, id: impl AsRef<str>) -> Result<()> {
        let id = group_id(id)?;
        self.http.execute(self.call(Op::LeaveGroup).params(&[id.as_str()])).await.map(drop)
    }

    /// Picture URL, `None` when the group has none (`GET …/picture`). `refresh` bypasses WAHA's 24 h cache.
    pub async fn picture(&self, id: impl AsRef<str>, refresh: bool) -> Result<Option<String>> {
        let id = group_id(id)?;
        let params = [id.as_str()];
        let mut call = self.call(Op::GetPicture).params(&params);
        if refresh {
            call = call.query("refresh", "true");
        }
        engine::picture_url(&self.json(call).await?)
    }

    /// Sets the picture (`PUT …/picture`; WAHA Plus — Core answers 501).
    pub async fn set_picture(&self, id: impl AsRef<str>, file: PictureFile) -> Result<()> {
        let id = group_id(id)?;
        let request = body(ProfilePictureRequest { file });
        let reply = self.http.execute(self.call(Op::SetPicture).params(&[id.as_str()]).body(request)).await?;
        expect_accepted(&reply, "set the group picture")
    }

    /// Removes the picture (`DELETE …/picture`; WAHA Plus).
    pub async fn delete_picture(&self, id: impl AsRef<str>) -> Result<()> {
        let id = group_id(id)?;
        let reply = self.http.execute(self.call(Op::DeletePicture).params(&[id.as_str()])).await?;
        expect_accepted(&reply, "delete the group picture")
    }

    /// Renames the group (`PUT …/subject`). A refusal is [`crate::ErrorKind::Refused`].
    pub async fn set_subject(&self, id: impl AsRef<str>, subject: impl AsRef<str>) -> Result<()> {
        let id = group_id(id)?;
        let subject = subject.as_ref();
        if subject.trim().is_empty() {
            return Err(Error::invalid("subject must not be empty"));
        }
        let params = [id.as_str()];
        let call = self.call(Op::SetSubject).params(&params).body(body(SubjectRequest { subject: subject.to_owned() }));
        expect_accepted(&self.http.execute(call).await?, "change the subject")
    }

    /// Sets the description (`PUT …/description`); an empty string clears it.
    pub async fn set_description(&self, id: impl AsRef<str>, description: impl AsRef<str>) -> Result<()> {
        let id = group_id(id)?;
        let params = [id.as_str()];
        let request = body(DescriptionRequest { description: description.as_ref().to_owned() });
        let call = self.call(Op::SetDescription).params(&params).body(request);
        expect_accepted(&self.http.execute(call).await?, "change the description")
    }

    /// Whether only admins may edit group info.
    pub async fn info_admin_only(&self, id: impl AsRef<str>) -> Result<bool> {
        self.get_flag(Op::GetInfoAdminOnly, id).await
    }

    /// Lets only admins (`true`) or everyone edit group info.
    pub async fn set_info_admin_only(&self, id: impl AsRef<str>, admins_only: bool) -> Result<()> {
        self.set_flag(Op::SetInfoAdminOnly, id, admins_only, "change info-admin-only").await
    }

    /// Whether only admins may send messages.
    pub async fn messages_admin_only(&self, id: impl AsRef<str>) -> Result<bool> {
        self.get_flag(Op::GetMessagesAdminOnly, id).await
    }

    /// Lets only admins (`true`) or everyone send messages.
    pub async fn set_messages_admin_only(&self, id: impl AsRef<str>, admins_only: bool) -> Result<()> {
        self.set_flag(Op::SetMessagesAdminOnly, id, admins_only, "change messages-admin-only").await
    }

    /// Whether every member (not only admins) may add members.
    pub async fn member_add_mode(&self, id: impl AsRef<str>) -> Result<bool> {
        self.get_flag(Op::GetMemberAddMode, id).await
    }

    /// Lets every member (`true`) or only admins add members.
    pub async fn set_member_add_mode(&self, id: impl AsRef<str>, members_can_add: bool) -> Result<()> {
        self.set_flag(Op::SetMemberAddMode, id, members_can_add, "change member-add-mode").await
    }

    /// Whether members may share chat history with new members.
    pub async fn member_share_history_mode(&self, id: impl AsRef<str>) -> Result<bool> {
        self.get_flag(Op::GetMemberShareHistoryMode, id).await
    }

    /// Lets members share history (`true`) or not.
    pub async fn set_member_share_history_mode(&self, id: impl AsRef<str>, can_share: bool) -> Result<()> {
        let what = "change member-share-history-mode";
        self.set_flag(Op::SetMemberShareHistoryMode, id, can_share, what).await
    }

    /// Whether new members need admin approval.
    pub async fn membership_approval(&self, id: impl AsRef<str>) -> Result<bool> {
        self.get_flag(Op::GetMembershipApproval, id).await
    }

    /// Requires admin approval for new members (`true`) or not.
    pub async fn set_membership_approval(&self, id: impl AsRef<str>, required: bool) -> Result<()> {
        let what = "change membership-approval";
        self.set_flag(Op::SetMembershipApproval, id, required, what).await
    }

    /// The invite code (`GET …/invite-code`), whether WAHA sent a bare code or a link.
    pub async fn invite_code(&self, id: impl AsRef<str>) -> Result<InviteCode> {
        let id = group_id(id)?;
        engine::invite_code(&self.http.execute(self.call(Op::GetInviteCode).params(&[id.as_str()])).await?.text)
    }

    /// Revokes the invite code and returns the new one (`POST …/invite-code/revoke`). Never retried.
    pub async fn revoke_invite_code(&self, id: impl AsRef<str>) -> Result<InviteCode> {
        let id = group_id(id)?;
        engine::invite_code(&self.http.execute(self.call(Op::RevokeInviteCode).params(&[id.as_str()])).await?.text)
    }

    /// Members with `pn` and role (`GET …/participants/v2`).
    pub async fn participants(&self, id: impl AsRef<str>) -> Result<Vec<Participant>> {
        let id = group_id(id)?;
        engine::participants(&self.on_group(Op::ParticipantsV2, &id).await?)
    }

    /// Members from the engine-specific v1 route (`GET …/participants`), normalised, with `raw`.
    pub async fn participants_v1(&self, id: impl AsRef<str>) -> Result<ParticipantList> {
        let id = group_id(id)?;
        engine::participant_list(self.on_group(Op::Participants, &id).await?)
    }

    /// Adds members; one outcome per member (WhatsApp may refuse some, e.g. privacy settings). Never retried.
    pub async fn add_participants<I, S>(&self, id: impl AsRef<str>, participants: I) -> Result<Vec<ParticipantOutcome>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.change_members(Op::AddParticipants, id, participants).await
    }

    /// Removes members. Never retried.
    pub async fn remove_participants<I, S>(
        &self,
        id: impl AsRef<str>,
        participants: I,
    ) -> Result<Vec<ParticipantOutcome>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.change_members(Op::RemoveParticipants, id, participants).await
    }

    /// Makes members admins. Never retried.
    pub async fn promote<I, S>(&self, id: impl AsRef<str>, participants: I) -> Result<Vec<ParticipantOutcome>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.change_members(Op::PromoteParticipants, id, participants).await
    }

    /// Takes admin rights away. Never retried.
    pub async fn demote<I, S>(&self, id: impl AsRef<str>, participants: I) -> Result<Vec<ParticipantOutcome>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.change_members(Op::DemoteParticipants, id, participants).await
    }

    /// Pending join requests (`GET …/participants/join-requests`).
    pub async fn join_requests(&self, id: impl AsRef<str>) -> Result<Vec<JoinRequest>> {
        let id = group_id(id)?;
        engine::join_requests(&self.on_group(Op::JoinRequests, &id).await?)
    }

    /// Approves join requests of the given requesters. Never retried.
    pub async fn approve_join_requests<I, S>(
        &self,
        id: impl AsRef<str>,
        requesters: I,
    ) -> Result<Vec<JoinRequestOutcome>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.answer_join_requests(Op::ApproveJoinRequests, id, requesters).await
    }

    /// Rejects join requests of the given requesters. Never retried.
    pub async fn reject_join_requests<I, S>(
        &self,
        id: impl AsRef<str>,
        requesters: I,
    ) -> Result<Vec<JoinRequestOutcome>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.answer_join_requests(Op::RejectJoinRequests, id, requesters).await
    }
}
