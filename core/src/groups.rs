//! [`Groups`]: one async method per WAHA group operation, for one session.
//!
//! Layer: facades (the typed API); it may import `http` and everything below it, never `dynamic`.

use std::sync::Arc;

use futures_util::Stream;

use crate::error::{Error, Result};
use crate::http::{Call, Http};
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
use crate::ops::{self, Op};

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
fn member_list<I, S>(participants: I, allow_empty: bool) -> Result<ParticipantsRequest>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let ids =
        participants.into_iter().map(|p| ContactId::parse(p.as_ref()).map(String::from)).collect::<Result<Vec<_>>>()?;
    if ids.is_empty() && !allow_empty {
        return Err(Error::invalid("participants must not be empty"));
    }
    Ok(ParticipantsRequest::new(&ids))
}

fn group_id(id: impl AsRef<str>) -> Result<GroupId> {
    GroupId::parse(id.as_ref())
}

impl Groups {
    pub(crate) fn new(http: Arc<Http>, session: String) -> Self {
        Groups { http, session }
    }

    /// Sends an event about work done over this handle (a job's decisions) to the client's sink.
    pub(crate) fn emit(&self, event: crate::observe::Event) {
        self.http.emit(event);
    }

    /// The session this handle talks to.
    pub fn session(&self) -> &str {
        &self.session
    }

    fn call<O: Op>(&self) -> Call<'_> {
        Call::new(O::OPERATION).session(&self.session)
    }

    /// Sends `call` and decodes the answer as `O`'s output.
    async fn run<O: Op>(&self, call: Call<'_>, requested: &[String]) -> Result<O::Output> {
        self.http.run::<O>(call, requested).await
    }

    /// `O` on the group `id`, with an optional body.
    async fn on_group<O: Op>(&self, id: impl AsRef<str>, body: Option<&O::Body>) -> Result<O::Output> {
        let id = group_id(id)?;
        let params = [id.as_str()];
        let mut call = self.call::<O>().params(&params);
        if let Some(body) = body {
            call = call.body(body);
        }
        self.run::<O>(call, &[]).await
    }

    async fn change_members<O, I, S>(&self, id: impl AsRef<str>, participants: I) -> Result<O::Output>
    where
        O: Op<Body = ParticipantsRequest>,
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let id = group_id(id)?;
        // Outcomes name the ids as the caller wrote them (`requested`), not only as sent.
        let requested: Vec<String> = participants.into_iter().map(|p| p.as_ref().to_owned()).collect();
        let request = member_list(&requested, false)?;
        let params = [id.as_str()];
        self.run::<O>(self.call::<O>().params(&params).body(&request), &requested).await
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
        let members = member_list(participants, true)?;
        let request = CreateGroupRequest { name: name.to_owned(), participants: members.participants };
        self.run::<ops::CreateGroup>(self.call::<ops::CreateGroup>().body(&request), &[]).await
    }

    /// Lists groups (`GET /groups`) with paging, sorting and `exclude=participants`.
    pub async fn list(&self, query: ListGroups) -> Result<Vec<Group>> {
        self.list_with(query, |text| ops::ListGroups::decode(crate::ops::Answer::new(text))).await
    }

    /// [`Groups::list`] with the answer's text given to `decode` (errors, retries and checks as
    /// for `list`): for callers that keep the text, e.g. with
    /// [`crate::engine::group_list_ranges`], which reads the groups in one pass and leaves each
    /// `raw` to be taken from the text.
    ///
    /// ```no_run
    /// # async fn demo(groups: waha_groups::Groups) -> waha_groups::Result<()> {
    /// use waha_groups::{ListGroups, engine};
    /// let (text, page) = groups.list_with(ListGroups::new(), |text| Ok((text.to_owned(), engine::group_list_ranges(text)?))).await?;
    /// for (group, range) in page {
    ///     println!("{}: {}", group.subject, &text[range]);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_with<R>(&self, query: ListGroups, decode: impl FnOnce(&str) -> Result<R>) -> Result<R> {
        let mut call = self.call::<ops::ListGroups>();
        call.query = query.query();
        decode(&self.http.execute(call).await?.text)
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
        Ok(self.run::<ops::CountGroups>(self.call::<ops::CountGroups>(), &[]).await?.into())
    }

    /// Reloads groups from WhatsApp (`POST /groups/refresh`). Call rarely: it can trigger rate-overlimit.
    pub async fn refresh(&self) -> Result<()> {
        self.run::<ops::RefreshGroups>(self.call::<ops::RefreshGroups>(), &[]).await.map(drop)
    }

    /// What an invite code or link leads to (`GET /groups/join-info`).
    pub async fn join_info(&self, code: impl AsRef<str>) -> Result<GroupJoinInfo> {
        let code = InviteCode::parse(code.as_ref())?;
        self.run::<ops::JoinInfo>(self.call::<ops::JoinInfo>().query("code", code), &[]).await
    }

    /// Joins by invite code or link (`POST /groups/join`); returns the group id when WAHA
    /// reports one (`None` when the group requires approval and a join request was made).
    pub async fn join(&self, code: impl AsRef<str>) -> Result<Option<String>> {
        let code = InviteCode::parse(code.as_ref())?;
        let request = JoinGroupRequest { code: code.into() };
        Ok(self.run::<ops::JoinGroup>(self.call::<ops::JoinGroup>().body(&request), &[]).await?.into())
    }

    /// One group (`GET /groups/{id}`).
    pub async fn get(&self, id: impl AsRef<str>) -> Result<Group> {
        self.on_group::<ops::GetGroup>(id, None).await
    }

    /// Deletes the group chat (`DELETE /groups/{id}`; WEBJS/WPP only, others answer 501).
    pub async fn delete(&self, id: impl AsRef<str>) -> Result<()> {
        self.on_group::<ops::DeleteGroup>(id, None).await.map(drop)
    }

    /// Leaves the group (`POST …/leave`).
    pub async fn leave(&self, id: impl AsRef<str>) -> Result<()> {
        self.on_group::<ops::LeaveGroup>(id, None).await.map(drop)
    }

    /// Picture URL, `None` when the group has none (`GET …/picture`). `refresh` bypasses WAHA's 24 h cache.
    pub async fn picture(&self, id: impl AsRef<str>, refresh: bool) -> Result<Option<String>> {
        let id = group_id(id)?;
        let params = [id.as_str()];
        let mut call = self.call::<ops::GetPicture>().params(&params);
        if refresh {
            call = call.query("refresh", "true");
        }
        Ok(self.run::<ops::GetPicture>(call, &[]).await?.into())
    }

    /// Sets the picture (`PUT …/picture`; WAHA Plus — Core answers 501).
    pub async fn set_picture(&self, id: impl AsRef<str>, file: PictureFile) -> Result<()> {
        self.on_group::<ops::SetPicture>(id, Some(&ProfilePictureRequest { file })).await.map(drop)
    }

    /// Removes the picture (`DELETE …/picture`; WAHA Plus).
    pub async fn delete_picture(&self, id: impl AsRef<str>) -> Result<()> {
        self.on_group::<ops::DeletePicture>(id, None).await.map(drop)
    }

    /// Renames the group (`PUT …/subject`). A refusal is [`crate::ErrorKind::Refused`].
    pub async fn set_subject(&self, id: impl AsRef<str>, subject: impl AsRef<str>) -> Result<()> {
        let subject = subject.as_ref();
        if subject.trim().is_empty() {
            return Err(Error::invalid("subject must not be empty"));
        }
        let request = SubjectRequest { subject: subject.to_owned() };
        self.on_group::<ops::SetSubject>(id, Some(&request)).await.map(drop)
    }

    /// Sets the description (`PUT …/description`); an empty string clears it.
    pub async fn set_description(&self, id: impl AsRef<str>, description: impl AsRef<str>) -> Result<()> {
        let request = DescriptionRequest { description: description.as_ref().to_owned() };
        self.on_group::<ops::SetDescription>(id, Some(&request)).await.map(drop)
    }

    /// Whether only admins may edit group info.
    pub async fn info_admin_only(&self, id: impl AsRef<str>) -> Result<bool> {
        Ok(self.on_group::<ops::GetInfoAdminOnly>(id, None).await?.into())
    }

    /// Lets only admins (`true`) or everyone edit group info.
    pub async fn set_info_admin_only(&self, id: impl AsRef<str>, admins_only: bool) -> Result<()> {
        let request = SettingsSecurityChangeInfo { admins_only };
        self.on_group::<ops::SetInfoAdminOnly>(id, Some(&request)).await.map(drop)
    }

    /// Whether only admins may send messages.
    pub async fn messages_admin_only(&self, id: impl AsRef<str>) -> Result<bool> {
        Ok(self.on_group::<ops::GetMessagesAdminOnly>(id, None).await?.into())
    }

    /// Lets only admins (`true`) or everyone send messages.
    pub async fn set_messages_admin_only(&self, id: impl AsRef<str>, admins_only: bool) -> Result<()> {
        let request = SettingsSecurityChangeInfo { admins_only };
        self.on_group::<ops::SetMessagesAdminOnly>(id, Some(&request)).await.map(drop)
    }

    /// Whether every member (not only admins) may add members.
    pub async fn member_add_mode(&self, id: impl AsRef<str>) -> Result<bool> {
        Ok(self.on_group::<ops::GetMemberAddMode>(id, None).await?.into())
    }

    /// Lets every member (`true`) or only admins add members.
    pub async fn set_member_add_mode(&self, id: impl AsRef<str>, members_can_add: bool) -> Result<()> {
        let request = SettingsMemberAddMode { members_can_add_new_member: members_can_add };
        self.on_group::<ops::SetMemberAddMode>(id, Some(&request)).await.map(drop)
    }

    /// Whether members may share chat history with new members.
    pub async fn member_share_history_mode(&self, id: impl AsRef<str>) -> Result<bool> {
        Ok(self.on_group::<ops::GetMemberShareHistoryMode>(id, None).await?.into())
    }

    /// Lets members share history (`true`) or not.
    pub async fn set_member_share_history_mode(&self, id: impl AsRef<str>, can_share: bool) -> Result<()> {
        let request = SettingsMemberShareHistoryMode { members_can_share_history: can_share };
        self.on_group::<ops::SetMemberShareHistoryMode>(id, Some(&request)).await.map(drop)
    }

    /// Whether new members need admin approval.
    pub async fn membership_approval(&self, id: impl AsRef<str>) -> Result<bool> {
        Ok(self.on_group::<ops::GetMembershipApproval>(id, None).await?.into())
    }

    /// Requires admin approval for new members (`true`) or not.
    pub async fn set_membership_approval(&self, id: impl AsRef<str>, required: bool) -> Result<()> {
        let request = SettingsMembershipApproval { new_members_approval_required: required };
        self.on_group::<ops::SetMembershipApproval>(id, Some(&request)).await.map(drop)
    }

    /// The invite code (`GET …/invite-code`), whether WAHA sent a bare code or a link.
    pub async fn invite_code(&self, id: impl AsRef<str>) -> Result<InviteCode> {
        Ok(self.on_group::<ops::GetInviteCode>(id, None).await?.into())
    }

    /// Revokes the invite code and returns the new one (`POST …/invite-code/revoke`). Never retried.
    pub async fn revoke_invite_code(&self, id: impl AsRef<str>) -> Result<InviteCode> {
        Ok(self.on_group::<ops::RevokeInviteCode>(id, None).await?.into())
    }

    /// Members with `pn` and role (`GET …/participants/v2`).
    pub async fn participants(&self, id: impl AsRef<str>) -> Result<Vec<Participant>> {
        self.on_group::<ops::ParticipantsV2>(id, None).await
    }

    /// Members from the engine-specific v1 route (`GET …/participants`), normalised, with `raw`.
    pub async fn participants_v1(&self, id: impl AsRef<str>) -> Result<ParticipantList> {
        self.on_group::<ops::Participants>(id, None).await
    }

    /// Adds members; one outcome per member (WhatsApp may refuse some, e.g. privacy settings). Never retried.
    pub async fn add_participants<I, S>(&self, id: impl AsRef<str>, participants: I) -> Result<Vec<ParticipantOutcome>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.change_members::<ops::AddParticipants, _, _>(id, participants).await
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
        self.change_members::<ops::RemoveParticipants, _, _>(id, participants).await
    }

    /// Makes members admins. Never retried.
    pub async fn promote<I, S>(&self, id: impl AsRef<str>, participants: I) -> Result<Vec<ParticipantOutcome>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.change_members::<ops::PromoteParticipants, _, _>(id, participants).await
    }

    /// Takes admin rights away. Never retried.
    pub async fn demote<I, S>(&self, id: impl AsRef<str>, participants: I) -> Result<Vec<ParticipantOutcome>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.change_members::<ops::DemoteParticipants, _, _>(id, participants).await
    }

    /// Pending join requests (`GET …/participants/join-requests`).
    pub async fn join_requests(&self, id: impl AsRef<str>) -> Result<Vec<JoinRequest>> {
        self.on_group::<ops::JoinRequests>(id, None).await
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
        self.change_members::<ops::ApproveJoinRequests, _, _>(id, requesters).await
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
        self.change_members::<ops::RejectJoinRequests, _, _>(id, requesters).await
    }
}
