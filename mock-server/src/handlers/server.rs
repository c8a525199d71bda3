//! The server's own routes (no session needed) and the session routes that answer whatever the
//! session's status.

use serde_json::{Value, json};
use waha_groups::Engine;
use waha_groups::routes::Operation as Op;

use crate::persona;
use crate::persona::errors::{self, Reply};
use crate::state::{SessionStatus, World};

/// The answer to `op` if it needs no session (`/ping`, `/health`, versions, the session list).
pub(crate) fn without_session(engine: &Engine, world: &World, op: Op) -> Option<Reply> {
    Some(match op {
        Op::Ping => Reply::json(200, json!({"message": "pong"})),
        Op::Health => Reply::json(200, json!({"status": "ok", "info": {}, "error": {}, "details": {}})),
        Op::Version | Op::ServerVersion => Reply::json(200, errors::environment(engine)),
        Op::ListSessions => {
            let list = world.sessions().keys().map(|name| session_json(world, engine, name)).collect();
            Reply::json(200, Value::Array(list))
        }
        _ => return None,
    })
}

/// The answer to `op` if it reads the session itself (answered in any status).
pub(crate) fn about_session(engine: &Engine, world: &World, op: Op, session: &str) -> Option<Reply> {
    match op {
        Op::GetSession => Some(Reply::json(200, session_json(world, engine, session))),
        Op::GetMe => Some(Reply::json(200, me_json(world, engine, session))),
        _ => None,
    }
}

fn me_json(world: &World, engine: &Engine, session: &str) -> Value {
    let s = &world.sessions()[session];
    if s.status != SessionStatus::Working {
        return Value::Null;
    }
    let mut me = json!({"id": s.phone, "pushName": s.push_name});
    if !engine.is_browser() || *engine == Engine::Wpp {
        me["lid"] = json!(world.lid(&s.phone));
        me["jid"] = json!(format!("{}:1@s.whatsapp.net", persona::user(&s.phone)));
    }
    me
}

fn session_json(world: &World, engine: &Engine, name: &str) -> Value {
    json!({"name": name, "status": world.sessions()[name].status, "config": {}, "me": me_json(world, engine, name),
           "engine": {"engine": engine.as_str()}, "presence": null, "timestamps": {"activity": world.ids().now_ms()}})
}
