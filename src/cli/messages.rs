//! `zhurnal message`: conversations from the command line — list, show, send, reply,
//! contacts, and the administrator's audited review.

use std::io::Read;

use clap::{Args, Subcommand};

use super::{Context, Outcome};
use crate::store::messages::{MessageKind, Thread};
use crate::tr;

#[derive(Debug, Args)]
pub struct MessageArgs {
    #[command(subcommand)]
    pub what: MessageCommand,
}

#[derive(Debug, Subcommand)]
pub enum MessageCommand {
    /// Your conversations, the latest first, with unread counts.
    List,
    /// One conversation with read receipts (marks it read).
    Show { thread: i64 },
    /// Start a conversation.
    Send {
        /// The recipient's login (one person a conversation).
        #[arg(long)]
        to: String,
        #[arg(long, default_value = "")]
        subject: String,
        /// The text; «-» reads it from standard input.
        #[arg(long)]
        text: String,
    },
    /// Answer in a conversation.
    Reply {
        thread: i64,
        /// The text; «-» reads it from standard input.
        #[arg(long)]
        text: String,
    },
    /// Whom you may write to, and why.
    Contacts,
    /// Read one account's conversations (administrator; recorded in the audit log).
    Review { login: String },
}

fn text(t: String) -> Result<String, String> {
    if t != "-" {
        return Ok(t);
    }
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| tr!("стандартный ввод: {}", "standard input: {}", e))?;
    Ok(s)
}

fn print_thread(t: &Thread) {
    let subject = if t.subject.is_empty() {
        tr!("(без темы)", "(no subject)")
    } else {
        t.subject.clone()
    };
    say!("#{} {subject} — {}", t.id, t.members.join(", "));
    for m in &t.messages {
        let kind = match m.kind {
            MessageKind::WeeklyReport => tr!(" [отчёт за неделю]", " [weekly report]"),
            MessageKind::Text => String::new(),
        };
        say!(
            "\n{} {} · {}{kind}",
            if m.unread { "●" } else { " " },
            &m.sent_at[..m.sent_at.len().min(16)],
            m.author
        );
        for line in m.body.lines() {
            say!("    {line}");
        }
        if m.mine {
            let receipts = if m.read_by.is_empty() {
                tr!("не прочитано", "not read yet")
            } else {
                m.read_by
                    .iter()
                    .map(|(who, at)| {
                        tr!(
                            "прочитал(а) {} {}",
                            "read by {} {}",
                            who,
                            &at[..at.len().min(16)]
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            say!("    — {receipts}");
        }
    }
}

pub fn run(ctx: &Context, a: MessageArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let e = super::refusal;
    match a.what {
        MessageCommand::List => {
            for t in store.threads(&actor).map_err(e)? {
                let unread = if t.unread > 0 {
                    tr!("● {} нов.", "● {} new", t.unread)
                } else {
                    String::new()
                };
                say!(
                    "#{:<4} {} · {} · {} ({}) {unread}",
                    t.id,
                    &t.last_at[..t.last_at.len().min(16)],
                    t.with,
                    if t.subject.is_empty() {
                        tr!("(без темы)", "(no subject)")
                    } else {
                        t.subject
                    },
                    t.messages
                );
            }
            Ok(())
        }
        MessageCommand::Show { thread } => {
            let t = store.thread(&actor, thread).map_err(e)?;
            print_thread(&t);
            store.mark_thread_read(&actor, thread).map_err(e)?;
            Ok(())
        }
        MessageCommand::Send {
            to,
            subject,
            text: t,
        } => {
            let to = store.actor(&to).map_err(e)?.user_id.ok_or(to)?;
            let id = store
                .start_thread(&actor, to, &subject, &text(t)?)
                .map_err(e)?;
            say!(
                "{}",
                tr!("отправлено: переписка #{}", "sent: conversation #{}", id)
            );
            Ok(())
        }
        MessageCommand::Reply { thread, text: t } => {
            store.reply(&actor, thread, &text(t)?).map_err(e)?;
            say!("{}", tr!("отправлено", "sent"));
            Ok(())
        }
        MessageCommand::Contacts => {
            for c in store.contacts(&actor).map_err(e)? {
                say!("{:<16} {} — {}", c.login, c.name, c.note);
            }
            Ok(())
        }
        MessageCommand::Review { login } => {
            let threads = store.review_messages(&actor, &login).map_err(e)?;
            if threads.is_empty() {
                say!("{}", tr!("переписки нет", "no conversations"));
            }
            for t in &threads {
                print_thread(t);
                say!();
            }
            Ok(())
        }
    }
}
